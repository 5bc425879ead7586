package dev.safeops.examples.guide;

import dev.safeops.core.AuditSink;
import dev.safeops.core.Environment;
import dev.safeops.core.GuardedExecutor;
import dev.safeops.core.Operation;
import dev.safeops.core.Outcome;
import dev.safeops.core.Principal;
import dev.safeops.core.StateLedger;
import dev.safeops.core.StateRecord;
import dev.safeops.core.Tier;
import dev.safeops.terraform.ApplyResult;
import dev.safeops.terraform.GuardedTerraform;
import dev.safeops.terraform.TerraformCli;
import dev.safeops.terraform.testing.FakeTerraform;
import dev.safeops.terraform.testing.ScriptedPlan;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/**
 * Running a guarded Terraform apply: {@code plan -out} into a private file, the plan judged
 * and approved, then {@code apply} of exactly that saved plan, with the state's lineage and
 * serial checked before and recorded after. Here {@code terraform} is the {@link
 * FakeTerraform}; give {@link TerraformCli.Builder#binary} your real binary instead.
 *
 * <p>{@code java -cp safeops-examples.jar dev.safeops.examples.guide.TerraformApplyExample}
 */
public final class TerraformApplyExample {
  private TerraformApplyExample() {}

  public static void main(String[] args) throws IOException {
    run(System.out, Files.createTempDirectory("safeops-terraform-example-"));
  }

  static boolean run(PrintStream out, Path dir) throws IOException {
    // The root module, initialised with a remote backend (production refuses a local one).
    Path module = Files.createDirectories(dir.resolve("network").resolve(".terraform")).getParent();
    Files.writeString(module.resolve(".terraform/terraform.tfstate"), "{\"backend\":{\"type\":\"s3\"}}");
    FakeTerraform terraform = FakeTerraform.create(dir.resolve("bin"))
        .state(FakeTerraform.stateJson("3b1d6c0e-lineage", 12, 3))
        .stateAfterApply(FakeTerraform.stateJson("3b1d6c0e-lineage", 13, 3))
        .plan(ScriptedPlan.builder().priorResources(3)
            .update("aws_security_group.app", Map.of("description", "app"), Map.of("description", "app tier"))
            .build());

    // A durable ledger of each workspace's lineage and serial: a swapped state is refused.
    StateLedger ledger = StateLedger.file(dir.resolve("state-ledger.json"));
    ledger.advance("production/network", new StateRecord("3b1d6c0e-lineage", 12));

    Environment production = Environment.of("production", Tier.PRODUCTION);
    GuardedTerraform tf = GuardedTerraform.builder()
        .cli(TerraformCli.builder().binary(terraform.binary().toString()).workingDirectory(module).build())
        .environment(production)
        .stateLedger(ledger)
        .workspace("production/network")
        .build();

    ChatApprovals channel = new ChatApprovals(Clock.systemUTC());
    channel.join(m -> out.println("#infra-approvals: " + m.text()))
        .join(m -> channel.approve(m.id(), Principal.human("bob")));
    GuardedExecutor executor = GuardedExecutor.builder()
        .approvalCallback(channel)
        .auditSink(AuditSink.jsonLines(dir.resolve("audit.jsonl")))
        .build();

    Outcome<ApplyResult> outcome = executor.execute(Operation.builder().name("terraform apply")
        .requester(Principal.human("alice")).environment(production).reason("describe the app security group").build(),
        tf.apply());
    out.println("apply: " + outcome.status() + outcome.result().map(r -> ", state now " + r.stateAfter().orElse(null)).orElse("")
        + " " + outcome.reasons());
    return outcome.executed();
  }
}
