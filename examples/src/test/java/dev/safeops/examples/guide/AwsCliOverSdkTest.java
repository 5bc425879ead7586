package dev.safeops.examples.guide;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.safeops.aws.AwsGuardedActions;
import dev.safeops.aws.SafeOpsInterceptor;
import dev.safeops.aws.UnguardedMutationException;
import dev.safeops.aws.testing.FakeAws;
import dev.safeops.aws.testing.FakeAwsClients;
import dev.safeops.core.ChangeAction;
import dev.safeops.core.Environment;
import dev.safeops.core.InvalidInputException;
import dev.safeops.core.Plan;
import dev.safeops.core.ResourceChange;
import dev.safeops.core.Tier;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.sts.StsClient;

class AwsCliOverSdkTest {
  private final FakeAws aws = FakeAws.create().start();
  private final RdsClient rds = FakeAwsClients.pointAt(RdsClient.builder(), aws)
      .overrideConfiguration(o -> o.addExecutionInterceptor(new SafeOpsInterceptor())).build();
  private final StsClient sts = FakeAwsClients.sts(aws);
  private final AwsCliOverSdk cli = new AwsCliOverSdk(AwsGuardedActions.builder(
      Environment.aws("production", Tier.PRODUCTION, aws.accountId(), aws.region()), sts).rds(rds).build());

  @AfterEach
  void close() {
    rds.close();
    sts.close();
    aws.close();
  }

  @Test
  void aCliDeleteIsDryRunAsTheMatchingSdkCallWithItsOptions() throws Exception {
    aws.seed().dbInstance("orders");

    Plan plan = cli.dryRun("RDS", "DeleteDBInstance",
        List.of("--db-instance-identifier", "orders", "--skip-final-snapshot", "--region", "us-east-1"));

    assertThat(plan.changes()).singleElement().satisfies(c -> {
      assertThat(c.action()).isEqualTo(ChangeAction.DELETE);
      assertThat(c.address()).isEqualTo("aws_db_instance.orders");
      assertThat(c.before()).containsEntry("skip_final_snapshot", true);
    });
    assertThat(aws.mutatingRequests()).isEmpty();
  }

  @Test
  void anOptionItDoesNotUnderstandFailsTheDryRun() {
    aws.seed().dbInstance("orders");

    assertThatThrownBy(() -> cli.dryRun("RDS", "DeleteDBInstance",
        List.of("--db-instance-identifier", "orders", "--cli-input-json", "file://other.json")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("--cli-input-json");
    assertThat(cli.supports("RDS", "DeleteDBCluster")).isFalse();
  }

  @Test
  void executingOutsideAnApprovedExecutionNeverReachesTheWire() throws Exception {
    aws.seed().dbInstance("orders");
    List<String> words = List.of("--db-instance-identifier", "orders", "--skip-final-snapshot");
    Plan plan = cli.dryRun("RDS", "DeleteDBInstance", words);

    assertThatThrownBy(() -> cli.execute("RDS", "DeleteDBInstance", words, plan))
        .isInstanceOf(UnguardedMutationException.class);
    assertThat(aws.state().dbInstanceExists("orders")).isTrue();
    assertThat(aws.mutatingRequests()).isEmpty();
    assertThat(plan.changes()).extracting(ResourceChange::type).containsExactly("aws_db_instance");
  }
}
