package dev.safeops.examples.guide;

import dev.safeops.aws.AwsGuardedActions;
import dev.safeops.core.Environment;
import dev.safeops.core.GuardedExecutor;
import dev.safeops.core.Operation;
import dev.safeops.core.Outcome;
import dev.safeops.core.Principal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBSnapshot;
import software.amazon.awssdk.services.rds.model.DeleteDbSnapshotRequest;

/**
 * A consumer's own code, as you would write it: a nightly job that deletes the manual
 * snapshots of one database older than a retention period, keeping the newest one whatever
 * its age. Each deletion is a guarded operation; what the job decides to delete is its own
 * logic, and {@code SnapshotJanitorTest} tests exactly that, with safeops' fakes.
 */
public final class SnapshotJanitor {
  private final RdsClient rds;
  private final AwsGuardedActions actions;
  private final GuardedExecutor executor;
  private final Environment environment;
  private final Clock clock;

  public SnapshotJanitor(RdsClient rds, AwsGuardedActions actions, GuardedExecutor executor, Environment environment,
      Clock clock) {
    this.rds = Objects.requireNonNull(rds, "rds");
    this.actions = Objects.requireNonNull(actions, "actions");
    this.executor = Objects.requireNonNull(executor, "executor");
    this.environment = Objects.requireNonNull(environment, "environment");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** Deletes what is too old; returns the outcome of each deletion it asked for. */
  public List<Outcome<?>> clean(String dbInstance, Duration retention) {
    List<DBSnapshot> manual = new ArrayList<>(rds.describeDBSnapshots(b -> b.dbInstanceIdentifier(dbInstance)
        .snapshotType("manual")).dbSnapshots());
    manual.sort((a, b) -> b.snapshotCreateTime().compareTo(a.snapshotCreateTime()));
    Instant oldest = clock.instant().minus(retention);
    List<Outcome<?>> outcomes = new ArrayList<>();
    for (DBSnapshot s : manual.subList(Math.min(1, manual.size()), manual.size())) {
      if (s.snapshotCreateTime().isBefore(oldest)) {
        Operation op = Operation.builder().name("rds:DeleteDBSnapshot").requester(Principal.service("snapshot-janitor"))
            .environment(environment).reason("older than " + retention.toDays() + " days").build();
        outcomes.add(executor.execute(op,
            actions.deleteDbSnapshot(DeleteDbSnapshotRequest.builder().dbSnapshotIdentifier(s.dbSnapshotIdentifier()).build())));
      }
    }
    return outcomes;
  }
}
