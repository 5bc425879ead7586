package dev.safeops.examples.guide;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every example does what its javadoc says, so a user copying one starts from working code. */
class GuideExamplesTest {
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

  private String printed() {
    return bytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void theInternalToolDecommissionsADatabaseAfterTwoPeopleApproveInTheChannel() {
    assertThat(InternalToolExample.run(out)).as(printed()).isTrue();
    assertThat(printed())
        .contains("#infra-approvals: human:carol asks to run rds:DeleteDBInstance in production")
        .contains("decommission: EXECUTED")
        .contains("direct call: safeops refused Rds:DeleteDBInstance");
  }

  @Test
  void theAgentsShellRunsReadsRefusesDestroyAndRunsAnApprovedChangeThroughTheSdk() throws Exception {
    assertThat(AgentToolsExample.run(out)).as(printed()).isTrue();
    assertThat(printed())
        .contains("(ran: aws rds describe-db-instances --db-instance-identifier courses-prod)")
        .contains("safeops refused `terraform destroy -auto-approve`")
        .contains("#infra-approvals: agent:coding-agent asks to run aws ec2 delete-security-group")
        .contains("safeops sent the approved aws ec2 delete-security-group")
        .doesNotContain("(ran: terraform", "(ran: aws ec2");
  }

  @Test
  void theGuardedTerraformApplyAppliesTheApprovedPlanAndMovesTheLedger(@TempDir Path dir) throws Exception {
    assertThat(TerraformApplyExample.run(out, dir)).as(printed()).isTrue();
    assertThat(printed()).contains("apply: EXECUTED, state now StateRecord[lineage=3b1d6c0e-lineage, serial=13]");
  }
}
