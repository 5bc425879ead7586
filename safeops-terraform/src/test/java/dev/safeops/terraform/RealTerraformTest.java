package dev.safeops.terraform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.safeops.core.Environment;
import dev.safeops.core.GuardedExecutor;
import dev.safeops.core.Operation;
import dev.safeops.core.Outcome;
import dev.safeops.core.Plan;
import dev.safeops.core.Principal;
import dev.safeops.core.StateLedger;
import dev.safeops.core.StateRecord;
import dev.safeops.core.Step;
import dev.safeops.core.Tier;
import dev.safeops.core.testing.FakeApprovals;
import dev.safeops.core.testing.RecordingAuditSink;
import dev.safeops.core.testing.SettableClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The guarded actions against the real {@code terraform} on the PATH, with the built-in
 * {@code terraform_data} resource (no provider download, no network): plan, apply, destroy,
 * and an old state copied over the current one. Skipped, saying so, when no binary runs.
 */
class RealTerraformTest {
  private static final Environment DEV = Environment.of("dev", Tier.DEVELOPMENT);

  @TempDir Path tmp;
  private Path work;
  private TerraformCli cli;
  private final StateLedger ledger = StateLedger.inMemory();
  private final SettableClock clock = SettableClock.create();

  @BeforeEach
  void requireTerraform() throws IOException {
    work = Files.createDirectories(tmp.resolve("stack"));
    cli = TerraformCli.builder().workingDirectory(work).timeout(Duration.ofMinutes(2))
        .environment("TF_CLI_CONFIG_FILE", "/dev/null").environment("CHECKPOINT_DISABLE", "1").build();
    String failure;
    try {
      cli.version();
      failure = null;
    } catch (TerraformException e) {
      failure = e.getMessage();
    }
    String why = failure;
    assumeTrue(why == null, () -> "skipped: no working terraform binary on the PATH (terraform version failed: "
        + why + "); the guarded actions were tested against the fake terraform only");
  }

  private GuardedTerraform terraform() {
    return GuardedTerraform.builder().cli(cli).environment(DEV).stateLedger(ledger).workspace("dev/stack").build();
  }

  private GuardedExecutor executor() {
    return GuardedExecutor.builder().clock(clock).auditSink(new RecordingAuditSink())
        .approvalCallback(FakeApprovals.approveAs(clock, Principal.human("alice"), Principal.human("bob"))).build();
  }

  private static Operation op(String name) {
    return Operation.builder().name(name).requester(Principal.human("carol")).environment(DEV).build();
  }

  private void config(int resources) throws IOException {
    StringBuilder tf = new StringBuilder();
    for (int i = 0; i < resources; i++) {
      tf.append("resource \"terraform_data\" \"r").append(i).append("\" {\n  input = \"v").append(i).append("\"\n}\n");
    }
    Files.writeString(work.resolve("main.tf"), tf);
  }

  @Test
  void realTerraformPlansAppliesRefusesASwappedStateAndDestroys() throws IOException {
    config(2);
    cli.init();

    Outcome<ApplyResult> first = executor().execute(op("terraform apply"), terraform().apply());
    assertThat(first.executed()).as(first.toString()).isTrue();
    StateRecord afterFirst = ledger.find("dev/stack").orElseThrow();
    Path archive = tmp.resolve("old.tfstate");
    Files.copy(work.resolve("terraform.tfstate"), archive);

    config(3);
    Outcome<ApplyResult> second = executor().execute(op("terraform apply"), terraform().apply());
    assertThat(second.executed()).as(second.toString()).isTrue();
    StateRecord afterSecond = ledger.find("dev/stack").orElseThrow();
    assertThat(afterSecond.lineage()).isEqualTo(afterFirst.lineage());
    assertThat(afterSecond.serial()).isGreaterThan(afterFirst.serial());

    Path current = tmp.resolve("current.tfstate");
    Files.copy(work.resolve("terraform.tfstate"), current);
    Files.copy(archive, work.resolve("terraform.tfstate"), StandardCopyOption.REPLACE_EXISTING);
    Outcome<Plan> swapped = executor().execute(op("terraform plan"), terraform().plan());
    Outcome<ApplyResult> swappedDestroy = executor().execute(op("terraform destroy"), terraform().destroy());
    assertThat(swapped.refusedAt()).contains(Step.DRY_RUN);
    assertThat(String.join(" ", swapped.reasons())).contains("probably replaced", "serial " + afterFirst.serial());
    assertThat(swappedDestroy.executed()).isFalse();
    assertThat(StateReader.create().read(work.resolve("terraform.tfstate")).managedCount()).isEqualTo(2);

    Files.copy(current, work.resolve("terraform.tfstate"), StandardCopyOption.REPLACE_EXISTING);
    Outcome<ApplyResult> destroy = executor().execute(op("terraform destroy"), terraform().destroy());
    assertThat(destroy.executed()).as(destroy.toString()).isTrue();
    assertThat(destroy.plan().orElseThrow().changes()).hasSize(3)
        .allSatisfy(c -> assertThat(c.action()).isEqualTo(dev.safeops.core.ChangeAction.DELETE));
    assertThat(StateReader.create().read(work.resolve("terraform.tfstate")).isEmpty()).isTrue();
    assertThat(ledger.find("dev/stack").orElseThrow().serial()).isGreaterThan(afterSecond.serial());
  }
}
