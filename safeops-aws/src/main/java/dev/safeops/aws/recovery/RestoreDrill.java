package dev.safeops.aws.recovery;

import dev.safeops.aws.internal.recovery.DefaultRestoreDrill;
import dev.safeops.core.AuditSink;
import dev.safeops.core.Environment;
import dev.safeops.core.LockProvider;
import dev.safeops.core.Outcome;
import dev.safeops.core.Principal;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.services.rds.RdsClient;

/**
 * Proves that a database's backups restore: finds the newest automated backup or snapshot,
 * restores it to a new drill copy, waits until it is available, runs the consumer's {@link
 * DrillCheck}, stops the copy and deletes earlier passed copies.
 *
 * <pre>
 *  FIND_BACKUP  newest of: the latest restorable time of the automated backups (live or
 *               retained), and every available snapshot of the source; or, with
 *               independentBackupsOnly(true), the newest snapshot that is not an automated one
 *  RESTORE      guarded: restore to drill-SOURCE-YYYYMMDD, tagged safeops:restore-drill=SOURCE,
 *               safeops:drill-status=running
 *  WAIT         the SDK's RdsWaiter, bounded by maxAttempts and waitTimeout
 *  CHECK        the consumer's DrillCheck against the copy's endpoint
 *  STOP         guarded: tag the copy passed, stop it
 *  CLEANUP      guarded: delete earlier copies of this source tagged passed
 * </pre>
 *
 * <p><b>Only drill copies.</b> Every mutating call runs inside the {@link
 * dev.safeops.core.GuardedExecutor} the drill builds, whose policy allows a change only when
 * the live resource's name is {@code drill-SOURCE-YYYYMMDD} <i>and</i> its {@code
 * safeops:restore-drill} tag names the source; anything else is denied, including through
 * {@link #deleteCopy(String)}.
 *
 * <p><b>Failures.</b> When the restore, the wait or the check fails, the result says so and
 * names the step, every {@link DrillListener} receives a {@link DrillAlert}, and the copy is
 * kept, running and tagged {@code failed}, for investigation: no later run deletes it.
 *
 * <p><b>Idempotent per day.</b> One copy per source per UTC day of the drill's clock: a run
 * that finds today's copy already there returns {@link DrillResult.Status#SKIPPED} and
 * changes nothing. Runs of different days never touch each other's failed copies.
 *
 * <p>{@link #run()} is a plain blocking call for the consumer's scheduler; it never throws
 * for an AWS failure (the result says what failed). Thread-safe: runs of one drill object are
 * serialised. Two drill objects (or machines) drilling the same source at once are not
 * coordinated beyond each guarded step's lock: the second finds today's copy and is SKIPPED
 * or fails at RESTORE without touching the first one's copy.
 */
public interface RestoreDrill {

  /** Runs the drill once, now. */
  DrillResult run();

  /**
   * Deletes one drill copy of this drill's source, through the guard: denied unless the live
   * instance's name and tag both mark it as this drill's copy. For clearing a copy kept after a
   * failure, once it has been looked at.
   */
  Outcome<Void> deleteCopy(String identifier);

  static Builder builder() {
    return new Builder();
  }

  /** Configures a drill: rds, source, check, auditSink and environment are required. */
  final class Builder {
    RdsClient rds;
    DrillSource source;
    DrillCheck check;
    AuditSink auditSink;
    Environment environment;
    Principal requester = Principal.service("safeops-restore-drill");
    Clock clock = Clock.systemUTC();
    LockProvider lockProvider;
    int waitMaxAttempts = 120;
    Duration waitBackoff = Duration.ofSeconds(30);
    Duration waitTimeout = Duration.ofHours(2);
    String instanceClass;
    String subnetGroup;
    boolean independentBackupsOnly;
    final List<DrillListener> listeners = new ArrayList<>();

    private Builder() {}

    public Builder rds(RdsClient rds) {
      this.rds = Objects.requireNonNull(rds, "rds");
      return this;
    }

    public Builder source(DrillSource source) {
      this.source = Objects.requireNonNull(source, "source");
      return this;
    }

    public Builder check(DrillCheck check) {
      this.check = Objects.requireNonNull(check, "check");
      return this;
    }

    /** Where every guarded step is recorded; the drill does not run unaudited. */
    public Builder auditSink(AuditSink auditSink) {
      this.auditSink = Objects.requireNonNull(auditSink, "auditSink");
      return this;
    }

    /** The environment the drill's operations are recorded in. */
    public Builder environment(Environment environment) {
      this.environment = Objects.requireNonNull(environment, "environment");
      return this;
    }

    /** Who the drill's operations are requested by; default {@code service:safeops-restore-drill}. */
    public Builder requester(Principal requester) {
      this.requester = Objects.requireNonNull(requester, "requester");
      return this;
    }

    /** Names the day's copy and stamps the audit; default the system UTC clock. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** Default an in-memory lock on the drill's clock; share one to serialise drills across machines. */
    public Builder lockProvider(LockProvider lockProvider) {
      this.lockProvider = Objects.requireNonNull(lockProvider, "lockProvider");
      return this;
    }

    /**
     * How long to wait for the copy: at most {@code maxAttempts} polls, {@code backoff} apart,
     * and never longer than {@code timeout}. Default 120 polls, 30 seconds, 2 hours.
     */
    public Builder waitFor(int maxAttempts, Duration backoff, Duration timeout) {
      if (maxAttempts < 1) {
        throw new IllegalArgumentException("maxAttempts must be >= 1, was " + maxAttempts);
      }
      Objects.requireNonNull(backoff, "backoff");
      Objects.requireNonNull(timeout, "timeout");
      if (backoff.isNegative()) {
        throw new IllegalArgumentException("backoff must not be negative, was " + backoff);
      }
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("timeout must be positive, was " + timeout);
      }
      this.waitMaxAttempts = maxAttempts;
      this.waitBackoff = backoff;
      this.waitTimeout = timeout;
      return this;
    }

    /** The copy's instance class (a small one keeps the drill cheap); default the snapshot's. */
    public Builder instanceClass(String instanceClass) {
      this.instanceClass = Objects.requireNonNull(instanceClass, "instanceClass");
      return this;
    }

    /** The DB subnet group the copy is placed in; default the account's default. */
    public Builder subnetGroup(String subnetGroup) {
      this.subnetGroup = Objects.requireNonNull(subnetGroup, "subnetGroup");
      return this;
    }

    /**
     * Drill only the backups that survive the source's deletion: the newest snapshot that is not
     * an automated one (manual, shared, or made by AWS Backup), never a point in time. A live
     * database's latest restorable time is almost always newer than any snapshot, so without
     * this the drill proves the automated backups, which go with the database.
     */
    public Builder independentBackupsOnly(boolean only) {
      this.independentBackupsOnly = only;
      return this;
    }

    public Builder addListener(DrillListener listener) {
      listeners.add(Objects.requireNonNull(listener, "listener"));
      return this;
    }

    public RestoreDrill build() {
      require(rds, "rds");
      require(source, "source");
      require(check, "check");
      require(auditSink, "auditSink");
      require(environment, "environment");
      return new DefaultRestoreDrill(this);
    }

    private static void require(Object o, String what) {
      if (o == null) {
        throw new IllegalStateException("RestoreDrill needs " + what);
      }
    }

    // Read by the implementation.
    public RdsClient rds() { return rds; }
    public DrillSource source() { return source; }
    public DrillCheck check() { return check; }
    public AuditSink auditSink() { return auditSink; }
    public Environment environment() { return environment; }
    public Principal requester() { return requester; }
    public Clock clock() { return clock; }
    public Optional<LockProvider> lockProvider() { return Optional.ofNullable(lockProvider); }
    public int waitMaxAttempts() { return waitMaxAttempts; }
    public Duration waitBackoff() { return waitBackoff; }
    public Duration waitTimeout() { return waitTimeout; }
    public Optional<String> instanceClass() { return Optional.ofNullable(instanceClass); }
    public Optional<String> subnetGroup() { return Optional.ofNullable(subnetGroup); }
    public boolean independentBackupsOnly() { return independentBackupsOnly; }
    public List<DrillListener> listeners() { return List.copyOf(listeners); }
  }
}
