package dev.safeops.aws.internal.recovery;

import dev.safeops.aws.internal.recovery.DrillActions.Backup;
import dev.safeops.aws.recovery.CheckResult;
import dev.safeops.aws.recovery.DrillAlert;
import dev.safeops.aws.recovery.DrillCheck;
import dev.safeops.aws.recovery.DrillListener;
import dev.safeops.aws.recovery.DrillResult;
import dev.safeops.aws.recovery.DrillSource;
import dev.safeops.aws.recovery.DrillStep;
import dev.safeops.aws.recovery.RestoreDrill;
import dev.safeops.aws.recovery.RestoredCopy;
import dev.safeops.core.BlastRadiusEvaluator;
import dev.safeops.core.Environment;
import dev.safeops.core.GuardedAction;
import dev.safeops.core.GuardedExecutor;
import dev.safeops.core.Operation;
import dev.safeops.core.Outcome;
import dev.safeops.core.Principal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.waiters.WaiterResponse;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.rds.model.DBInstanceAutomatedBackup;
import software.amazon.awssdk.services.rds.model.DBSnapshot;
import software.amazon.awssdk.services.rds.model.DescribeDbInstancesResponse;
import software.amazon.awssdk.services.rds.waiters.RdsWaiter;

/** The restore drill for one RDS instance; see {@link RestoreDrill} for the promises. */
public final class DefaultRestoreDrill implements RestoreDrill {
  private static final Logger LOG = LoggerFactory.getLogger(DefaultRestoreDrill.class);

  private final RdsClient rds;
  private final DrillSource source;
  private final DrillCheck check;
  private final Environment environment;
  private final Principal requester;
  private final Clock clock;
  private final List<DrillListener> listeners;
  private final DrillNaming naming;
  private final DrillActions actions;
  private final GuardedExecutor executor;
  private final RdsWaiter waiter;
  private final Optional<String> instanceClass;
  private final Optional<String> subnetGroup;

  public DefaultRestoreDrill(RestoreDrill.Builder b) {
    this.rds = b.rds();
    this.source = b.source();
    this.check = b.check();
    this.environment = b.environment();
    this.requester = b.requester();
    this.clock = b.clock();
    this.listeners = b.listeners();
    this.instanceClass = b.instanceClass();
    this.subnetGroup = b.subnetGroup();
    this.naming = new DrillNaming(source);
    this.actions = new DrillActions(rds, "rds:restore-drill/" + naming.source());
    GuardedExecutor.Builder eb = GuardedExecutor.builder()
        .clock(clock)
        .auditSink(b.auditSink())
        .evaluator(BlastRadiusEvaluator.builder().addRule(new DrillCopyRule(naming)).build())
        .policy(new DrillPolicy(naming));
    b.lockProvider().ifPresent(eb::lockProvider);
    this.executor = eb.build();
    this.waiter = RdsWaiter.builder()
        .client(rds)
        .overrideConfiguration(o -> o.maxAttempts(b.waitMaxAttempts())
            .backoffStrategyV2(b.waitBackoff().isZero()
                ? BackoffStrategy.retryImmediately()
                : BackoffStrategy.fixedDelayWithoutJitter(b.waitBackoff()))
            .waitTimeout(b.waitTimeout()))
        .build();
  }

  @Override
  public DrillResult run() {
    Run run = new Run(clock.instant());
    DrillResult result;
    try {
      result = drill(run);
    } catch (RuntimeException e) {
      // A read that failed outside any guarded step (listing copies, describing the copy):
      // nothing unguarded ran, and the copy, if any, stays.
      result = run.fail(run.step, "reading RDS failed: " + message(e));
    }
    for (DrillListener l : listeners) {
      try {
        l.onResult(result);
      } catch (RuntimeException e) {
        LOG.warn("restore drill listener {} failed on the result; ignored", l, e);
      }
    }
    return result;
  }

  @Override
  public Outcome<Void> deleteCopy(String identifier) {
    return executor.execute(operation("rds:DeleteDBInstance", "delete restore drill copy " + identifier), actions.delete(identifier));
  }

  private DrillResult drill(Run run) {
    LocalDate today = LocalDate.ofInstant(run.startedAt, ZoneOffset.UTC);
    String copy = naming.copyName(today);
    if (source.kind() == DrillSource.Kind.CLUSTER) {
      return run.fail(DrillStep.FIND_BACKUP, "Aurora cluster drills are not supported by this version: only RDS instances are restored.");
    }
    List<Existing> existing = existingCopies();
    Optional<Existing> todays = existing.stream().filter(e -> e.identifier.equals(copy)).findFirst();
    if (todays.isPresent()) {
      return DrillResult.builder(DrillResult.Status.SKIPPED, source, run.startedAt)
          .copy(copy)
          .reasons(List.of(copy + " already exists for today (status " + todays.get().status() + "); one drill copy per day"))
          .build();
    }

    run.step = DrillStep.FIND_BACKUP;
    Optional<Backup> backup = newestBackup();
    if (backup.isEmpty()) {
      return run.fail(DrillStep.FIND_BACKUP, "no automated backup or available snapshot of " + source.identifier() + " exists.");
    }
    run.restoredFrom = backup.get().label();

    run.step = DrillStep.RESTORE;
    Outcome<DBInstance> restored = run.guarded(
        operation(backup.get().snapshot() != null ? "rds:RestoreDBInstanceFromDBSnapshot" : "rds:RestoreDBInstanceToPointInTime",
            "restore drill of " + source.identifier() + " from " + run.restoredFrom),
        actions.restore(copy, backup.get(), naming.tags(today, DrillNaming.RUNNING), instanceClass, subnetGroup));
    if (!restored.executed()) {
      if (actions.find(copy).isPresent()) {
        run.copy = copy;
      }
      return run.failKeeping(DrillStep.RESTORE, "the restore of " + copy + " from " + run.restoredFrom + " " + why(restored));
    }
    run.copy = copy;

    run.step = DrillStep.WAIT;
    DBInstance available;
    try {
      WaiterResponse<DescribeDbInstancesResponse> w = waiter.waitUntilDBInstanceAvailable(r -> r.dbInstanceIdentifier(copy));
      if (w.matched().response().isEmpty()) {
        throw new IllegalStateException(w.matched().exception().map(DefaultRestoreDrill::message).orElse("the waiter matched no response"));
      }
      available = w.matched().response().get().dbInstances().get(0);
    } catch (RuntimeException e) {
      return run.failKeeping(DrillStep.WAIT, copy + " did not become available: " + message(e));
    }

    run.step = DrillStep.CHECK;
    RestoredCopy restoredCopy = new RestoredCopy(copy, available.dbInstanceArn(),
        available.endpoint() == null || available.endpoint().address() == null ? "" : available.endpoint().address(),
        available.endpoint() == null || available.endpoint().port() == null ? 0 : available.endpoint().port(),
        available.engine() == null ? "" : available.engine(), source, run.restoredFrom);
    CheckResult result;
    try {
      result = check.verify(restoredCopy);
      if (result == null) {
        result = CheckResult.failed("the check returned no result");
      }
    } catch (Exception e) {
      result = CheckResult.failed("the check threw " + e.getClass().getSimpleName() + ": " + message(e));
    }
    run.check = result;
    if (!result.passed()) {
      return run.failKeeping(DrillStep.CHECK, "the check on " + copy + " failed: " + result.description());
    }

    run.step = DrillStep.STOP;
    Outcome<Void> tagged = run.guarded(operation("rds:AddTagsToResource", "mark drill copy " + copy + " passed"),
        actions.tagStatus(copy, DrillNaming.PASSED));
    if (!tagged.executed()) {
      return run.fail(DrillStep.STOP, "marking " + copy + " as passed " + why(tagged));
    }
    Outcome<Void> stopped = run.guarded(operation("rds:StopDBInstance", "stop drill copy " + copy), actions.stop(copy));
    if (!stopped.executed()) {
      return run.fail(DrillStep.STOP, "stopping " + copy + " " + why(stopped));
    }
    run.stopped = true;

    run.step = DrillStep.CLEANUP;
    List<String> problems = new ArrayList<>();
    for (Existing old : existing) {
      if (!DrillNaming.PASSED.equals(old.status())) {
        // Failed and unfinished copies wait for a human.
        run.kept.add(old.identifier);
        continue;
      }
      Outcome<Void> deleted = run.guarded(operation("rds:DeleteDBInstance", "delete earlier drill copy " + old.identifier),
          actions.delete(old.identifier));
      if (deleted.executed()) {
        run.deleted.add(old.identifier);
      } else {
        run.kept.add(old.identifier);
        problems.add("deleting " + old.identifier + " " + why(deleted));
      }
    }
    if (!problems.isEmpty()) {
      return run.fail(DrillStep.CLEANUP, String.join("; ", problems));
    }
    return run.result(DrillResult.Status.PASSED, null).build();
  }

  /** The newest of: the latest restorable time of the automated backups, and every available snapshot. */
  private Optional<Backup> newestBackup() {
    List<Backup> candidates = new ArrayList<>();
    Optional<DBInstance> live = actions.find(source.identifier());
    if (live.isPresent()) {
      DBInstance db = live.get();
      if (db.backupRetentionPeriod() != null && db.backupRetentionPeriod() > 0 && db.latestRestorableTime() != null) {
        candidates.add(Backup.pointInTime(db.dbInstanceIdentifier(), null, db.latestRestorableTime()));
      }
    } else {
      // The source is gone: its automated backups survive only if they were retained.
      for (DBInstanceAutomatedBackup ab : rds.describeDBInstanceAutomatedBackupsPaginator(
          r -> r.dbInstanceIdentifier(source.identifier())).dbInstanceAutomatedBackups()) {
        if ("retained".equals(ab.status()) && ab.restoreWindow() != null && ab.restoreWindow().latestTime() != null) {
          candidates.add(Backup.pointInTime(null, ab.dbInstanceAutomatedBackupsArn(), ab.restoreWindow().latestTime()));
        }
      }
    }
    for (DBSnapshot s : rds.describeDBSnapshotsPaginator(r -> r.dbInstanceIdentifier(source.identifier())).dbSnapshots()) {
      if ("available".equals(s.status()) && s.snapshotCreateTime() != null) {
        candidates.add(Backup.snapshot(s.dbSnapshotIdentifier(), s.snapshotCreateTime()));
      }
    }
    // On a tie the snapshot wins: it is a fixed thing, a point in time is a computation.
    return candidates.stream().max(Comparator.comparing(Backup::takenAt).thenComparing(b -> b.snapshot() != null));
  }

  private record Existing(String identifier, Map<String, String> tags) {
    String status() {
      return tags.getOrDefault(DrillNaming.TAG_STATUS, "unknown");
    }
  }

  /** This source's drill copies: name matches, then the tag must too. */
  private List<Existing> existingCopies() {
    List<Existing> out = new ArrayList<>();
    for (DBInstance db : rds.describeDBInstancesPaginator().dbInstances()) {
      if (naming.hasCopyName(db.dbInstanceIdentifier())) {
        Map<String, String> tags = actions.tagsOf(db.dbInstanceArn());
        if (naming.isCopy(db.dbInstanceIdentifier(), tags)) {
          out.add(new Existing(db.dbInstanceIdentifier(), tags));
        }
      }
    }
    out.sort(Comparator.comparing(Existing::identifier));
    return out;
  }

  private Operation operation(String name, String reason) {
    return Operation.builder().name(name).requester(requester).environment(environment).reason(reason).build();
  }

  private static String why(Outcome<?> o) {
    return "was " + o.status() + o.refusedAt().map(s -> " at " + s).orElse("")
        + (o.reasons().isEmpty() ? "" : ": " + String.join("; ", o.reasons()));
  }

  private static String message(Throwable e) {
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }

  /** The state of one run, as it goes. */
  private final class Run {
    final Instant startedAt;
    DrillStep step = DrillStep.FIND_BACKUP;
    String restoredFrom;
    String copy;
    CheckResult check;
    boolean stopped;
    final List<String> deleted = new ArrayList<>();
    final List<String> kept = new ArrayList<>();
    final List<String> auditIds = new ArrayList<>();

    Run(Instant startedAt) {
      this.startedAt = startedAt;
    }

    <T> Outcome<T> guarded(Operation op, GuardedAction<T> action) {
      Outcome<T> o = executor.execute(op, action);
      auditIds.add(o.auditId());
      return o;
    }

    /** Fails the run with this run's copy kept, marked failed so that no later run deletes it. */
    DrillResult failKeeping(DrillStep at, String reason) {
      if (copy != null) {
        Outcome<Void> tagged = guarded(operation("rds:AddTagsToResource", "mark drill copy " + copy + " failed"),
            actions.tagStatus(copy, DrillNaming.FAILED));
        if (!tagged.executed()) {
          LOG.warn("could not mark {} as failed ({}); it stays tagged running, which no run deletes either", copy, why(tagged));
        }
      }
      return fail(at, reason);
    }

    DrillResult fail(DrillStep at, String reason) {
      if (copy != null && !kept.contains(copy)) {
        kept.add(0, copy);
      }
      DrillResult r = result(DrillResult.Status.FAILED, at).reasons(List.of(reason)).build();
      DrillAlert alert = new DrillAlert(clock.instant(), source, at, Optional.ofNullable(copy), reason);
      for (DrillListener l : listeners) {
        try {
          l.onAlert(alert);
        } catch (RuntimeException e) {
          LOG.warn("restore drill listener {} failed on an alert; ignored", l, e);
        }
      }
      return r;
    }

    DrillResult.Builder result(DrillResult.Status status, DrillStep at) {
      return DrillResult.builder(status, source, startedAt)
          .failedAt(at)
          .restoredFrom(restoredFrom)
          .copy(copy)
          .check(check)
          .stopped(stopped)
          .deletedCopies(deleted)
          .keptCopies(kept)
          .auditIds(auditIds);
    }
  }
}
