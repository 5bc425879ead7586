package dev.safeops.aws.internal.recovery;

import dev.safeops.aws.internal.recovery.DrillTarget.Backup;
import dev.safeops.aws.internal.recovery.DrillTarget.Existing;
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
import dev.safeops.core.GuardedExecutor;
import dev.safeops.core.Operation;
import dev.safeops.core.Outcome;
import dev.safeops.core.Principal;
import dev.safeops.core.Step;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.rds.RdsClient;
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
  private final DrillTarget target;
  private final GuardedExecutor executor;

  public DefaultRestoreDrill(RestoreDrill.Builder b) {
    this.rds = b.rds();
    this.source = b.source();
    this.check = b.check();
    this.environment = b.environment();
    this.requester = b.requester();
    this.clock = b.clock();
    this.listeners = b.listeners();
    this.naming = new DrillNaming(source);
    GuardedExecutor.Builder eb = GuardedExecutor.builder()
        .clock(clock)
        .auditSink(b.auditSink())
        .evaluator(BlastRadiusEvaluator.builder().addRule(new DrillCopyRule(naming)).build())
        .policy(new DrillPolicy(naming));
    b.lockProvider().ifPresent(eb::lockProvider);
    this.executor = eb.build();
    RdsWaiter waiter = RdsWaiter.builder()
        .client(rds)
        .overrideConfiguration(o -> o.maxAttempts(b.waitMaxAttempts())
            .backoffStrategyV2(b.waitBackoff().isZero()
                ? BackoffStrategy.retryImmediately()
                : BackoffStrategy.fixedDelayWithoutJitter(b.waitBackoff()))
            .waitTimeout(b.waitTimeout()))
        .build();
    this.target = source.kind() == DrillSource.Kind.CLUSTER
        ? new ClusterTarget(rds, naming, source.identifier(), waiter, b.instanceClass(), b.subnetGroup(), b.independentBackupsOnly())
        : new InstanceTarget(rds, naming, source.identifier(), waiter, b.instanceClass(), b.subnetGroup(), b.independentBackupsOnly());
  }

  @Override
  public synchronized DrillResult run() {
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
    DrillTarget.Step<Void> step = target.delete(identifier);
    return executor.execute(operation(step.operation(), "delete restore drill copy " + identifier), step.action());
  }

  private DrillResult drill(Run run) {
    LocalDate today = LocalDate.ofInstant(run.startedAt, ZoneOffset.UTC);
    String copy = naming.copyName(today);
    List<Existing> existing = target.existingCopies();
    Optional<Existing> todays = existing.stream().filter(e -> e.identifier().equals(copy)).findFirst();
    if (todays.isPresent()) {
      return DrillResult.builder(DrillResult.Status.SKIPPED, source, run.startedAt)
          .copy(copy)
          .reasons(List.of(copy + " already exists for today (status " + todays.get().status() + "); one drill copy per day"))
          .build();
    }

    run.step = DrillStep.FIND_BACKUP;
    Optional<Backup> backup = target.newestBackup();
    if (backup.isEmpty()) {
      return run.fail(DrillStep.FIND_BACKUP, "no automated backup or available snapshot of " + source.identifier() + " exists.");
    }
    run.restoredFrom = backup.get().label();

    run.step = DrillStep.RESTORE;
    for (DrillTarget.Step<?> step : target.restore(copy, backup.get(), naming.tags(today, DrillNaming.RUNNING))) {
      Outcome<?> restored = run.guarded(step);
      if (!restored.executed()) {
        // Only a call that ran (and threw) may have left a copy that is this run's; a refusal
        // before execution touched nothing, and a copy found then belongs to someone else.
        if (restored.refusedAt().orElse(null) == Step.EXECUTE && target.exists(copy)) {
          run.copy = copy;
        }
        return run.failKeeping(DrillStep.RESTORE, "the restore of " + copy + " from " + run.restoredFrom + " " + why(restored));
      }
      run.copy = copy;
    }

    run.step = DrillStep.WAIT;
    RestoredCopy restoredCopy;
    try {
      restoredCopy = target.awaitAvailable(copy, backup.get());
    } catch (RuntimeException e) {
      return run.failKeeping(DrillStep.WAIT, copy + " did not become available: " + message(e));
    }

    run.step = DrillStep.CHECK;
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
    Outcome<Void> tagged = run.guarded(target.tagStatus(copy, DrillNaming.PASSED));
    if (!tagged.executed()) {
      return run.fail(DrillStep.STOP, "marking " + copy + " as passed " + why(tagged));
    }
    Outcome<Void> stopped = run.guarded(target.stop(copy));
    if (!stopped.executed()) {
      return run.fail(DrillStep.STOP, "stopping " + copy + " " + why(stopped));
    }
    run.stopped = true;

    run.step = DrillStep.CLEANUP;
    List<String> problems = new ArrayList<>();
    for (Existing old : existing) {
      if (!DrillNaming.PASSED.equals(old.status())) {
        // Failed and unfinished copies wait for a human.
        run.kept.add(old.identifier());
        continue;
      }
      Outcome<Void> deleted = run.guarded(target.delete(old.identifier()));
      if (deleted.executed()) {
        run.deleted.add(old.identifier());
      } else {
        run.kept.add(old.identifier());
        problems.add("deleting " + old.identifier() + " " + why(deleted));
      }
    }
    if (!problems.isEmpty()) {
      return run.fail(DrillStep.CLEANUP, String.join("; ", problems));
    }
    return run.result(DrillResult.Status.PASSED, null).build();
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

    <T> Outcome<T> guarded(DrillTarget.Step<T> step) {
      Outcome<T> o = executor.execute(operation(step.operation(), step.reason()), step.action());
      auditIds.add(o.auditId());
      return o;
    }

    /** Fails the run with this run's copy kept, marked failed so that no later run deletes it. */
    DrillResult failKeeping(DrillStep at, String reason) {
      if (copy != null) {
        Outcome<Void> tagged = guarded(target.tagStatus(copy, DrillNaming.FAILED));
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
