package dev.safeops.examples.guide;

import dev.safeops.aws.AwsGuardedActions;
import dev.safeops.aws.BackupLookup;
import dev.safeops.aws.BackupPrecondition;
import dev.safeops.aws.SafeOpsInterceptor;
import dev.safeops.aws.UnguardedMutationException;
import dev.safeops.aws.testing.FakeAws;
import dev.safeops.aws.testing.FakeAwsClients;
import dev.safeops.core.AuditLog;
import dev.safeops.core.BlastRadiusEvaluator;
import dev.safeops.core.Environment;
import dev.safeops.core.GuardedExecutor;
import dev.safeops.core.Operation;
import dev.safeops.core.Outcome;
import dev.safeops.core.Principal;
import dev.safeops.core.Tier;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DeleteDbInstanceRequest;
import software.amazon.awssdk.services.rds.model.DeleteDbInstanceResponse;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * Guarding an internal tool's AWS calls. The tool (here: decommissioning a database) keeps
 * its SDK clients, adds the {@link SafeOpsInterceptor} to each, and sends its mutations
 * through a {@link GuardedExecutor} whose approvals come from a chat channel ({@link
 * ChatApprovals}). Any mutation it sends outside the executor is refused before the wire.
 *
 * <p>Runs against a {@link FakeAws}; point the clients at AWS instead and it is the real
 * thing: {@code java -cp safeops-examples.jar dev.safeops.examples.guide.InternalToolExample}.
 */
public final class InternalToolExample {
  private InternalToolExample() {}

  public static void main(String[] args) {
    run(System.out);
  }

  static boolean run(PrintStream out) {
    Clock clock = Clock.systemUTC();
    try (FakeAws aws = FakeAws.builder().clock(clock).build().start()) {
      aws.seed().dbInstance("reports-old", db -> db.manualSnapshot("reports-old-before-decommission",
          clock.instant().minus(Duration.ofHours(2))));
      Environment production = Environment.aws("production", Tier.PRODUCTION, aws.accountId(), aws.region());

      // 1. The tool's clients, each with the guard.
      SafeOpsInterceptor guard = new SafeOpsInterceptor();
      try (RdsClient rds = FakeAwsClients.pointAt(RdsClient.builder(), aws)
              .overrideConfiguration(o -> o.addExecutionInterceptor(guard)).build();
          StsClient sts = FakeAwsClients.pointAt(StsClient.builder(), aws)
              .overrideConfiguration(o -> o.addExecutionInterceptor(guard)).build()) {

        // 2. Humans answer in a channel; here alice and bob approve whatever they read.
        ChatApprovals channel = new ChatApprovals(clock);
        channel.join(m -> out.println("#infra-approvals: " + m.text()))
            .join(m -> channel.approve(m.id(), Principal.human("alice")))
            .join(m -> channel.approve(m.id(), Principal.human("bob")));

        // 3. One executor for the tool: default rules and policy, plus the backup precondition.
        GuardedExecutor executor = GuardedExecutor.builder()
            .evaluator(BlastRadiusEvaluator.builder()
                .addRule(BackupPrecondition.builder(BackupLookup.sdk(rds, null, null)).build()).build())
            .approvalCallback(channel)
            .auditSink(AuditLog.inMemory())
            .build();
        AwsGuardedActions actions = AwsGuardedActions.builder(production, sts).rds(rds).build();

        // 4. The tool's mutation, guarded: dry run, blast radius, policy, two people, then once.
        Operation decommission = Operation.builder().name("rds:DeleteDBInstance")
            .requester(Principal.human("carol")).environment(production)
            .reason("reports-old was replaced by reports-v2").build();
        Outcome<DeleteDbInstanceResponse> outcome = executor.execute(decommission, actions.deleteDbInstance(
            DeleteDbInstanceRequest.builder().dbInstanceIdentifier("reports-old").skipFinalSnapshot(false)
                .finalDBSnapshotIdentifier("reports-old-final").deleteAutomatedBackups(false).build()));
        out.println("decommission: " + outcome.status() + " " + outcome.reasons());

        // 5. The same call made directly never leaves the process.
        try {
          rds.deleteDBInstance(b -> b.dbInstanceIdentifier("reports-old").skipFinalSnapshot(true));
        } catch (UnguardedMutationException e) {
          out.println("direct call: " + e.getMessage());
        }
        return outcome.executed() && !aws.state().dbInstanceExists("reports-old");
      }
    }
  }
}
