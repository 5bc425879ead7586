package dev.safeops.aws.recovery;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What one {@link RestoreDrill#run()} came to. {@link Status#PASSED}: the copy was restored,
 * answered the check and was stopped, and older passed copies were deleted. {@link
 * Status#SKIPPED}: today's copy already existed, nothing was changed. {@link Status#FAILED}:
 * {@link #failedAt()} names the step; any copy made is kept (listed in {@link #keptCopies()}).
 * Immutable.
 */
public final class DrillResult {

  /** How a run ended. */
  public enum Status { PASSED, SKIPPED, FAILED }

  private final Status status;
  private final DrillStep failedAt;
  private final DrillSource source;
  private final Instant startedAt;
  private final String restoredFrom;
  private final String copy;
  private final CheckResult check;
  private final boolean stopped;
  private final List<String> deletedCopies;
  private final List<String> keptCopies;
  private final List<String> reasons;
  private final List<String> auditIds;

  private DrillResult(Builder b) {
    this.status = Objects.requireNonNull(b.status, "status");
    this.source = Objects.requireNonNull(b.source, "source");
    this.startedAt = Objects.requireNonNull(b.startedAt, "startedAt");
    this.failedAt = b.failedAt;
    if (status == Status.FAILED && failedAt == null) {
      throw new IllegalArgumentException("a FAILED drill result must name the step that failed");
    }
    this.restoredFrom = b.restoredFrom == null ? "" : b.restoredFrom;
    this.copy = b.copy;
    this.check = b.check;
    this.stopped = b.stopped;
    this.deletedCopies = List.copyOf(b.deletedCopies);
    this.keptCopies = List.copyOf(b.keptCopies);
    this.reasons = List.copyOf(b.reasons);
    this.auditIds = List.copyOf(b.auditIds);
  }

  public static Builder builder(Status status, DrillSource source, Instant startedAt) {
    return new Builder(status, source, startedAt);
  }

  public Status status() {
    return status;
  }

  public boolean passed() {
    return status == Status.PASSED;
  }

  /** The step that failed; empty unless FAILED. */
  public Optional<DrillStep> failedAt() {
    return Optional.ofNullable(failedAt);
  }

  public DrillSource source() {
    return source;
  }

  public Instant startedAt() {
    return startedAt;
  }

  /** The snapshot identifier, or the point in time, the copy was restored from; empty when none was found. */
  public String restoredFrom() {
    return restoredFrom;
  }

  /** This run's copy (or, when SKIPPED, today's existing copy). */
  public Optional<String> copy() {
    return Optional.ofNullable(copy);
  }

  /** The check's verdict, when the check ran. */
  public Optional<CheckResult> check() {
    return Optional.ofNullable(check);
  }

  /** True when the copy was stopped after passing. */
  public boolean stopped() {
    return stopped;
  }

  /** Earlier passed drill copies this run deleted. */
  public List<String> deletedCopies() {
    return deletedCopies;
  }

  /** Drill copies left in place for a human: failed or unfinished runs, and this run's copy when it failed. */
  public List<String> keptCopies() {
    return keptCopies;
  }

  /** Why, one sentence each: what failed or what was refused. */
  public List<String> reasons() {
    return reasons;
  }

  /** The audit ids of every guarded step this run executed or attempted. */
  public List<String> auditIds() {
    return auditIds;
  }

  /**
   * One line for people and logs: {@code restore drill: restored SOURCE from SNAPSHOT as COPY,
   * check passed, copy stopped, N old copies deleted} when it passed (always "copies": the line's
   * form is fixed, so that scripts can match it).
   */
  public String summary() {
    return switch (status) {
      case PASSED -> "restore drill: restored " + source.identifier() + " from " + restoredFrom + " as " + copy
          + ", check passed, copy stopped, " + deletedCopies.size() + " old copies deleted";
      case SKIPPED -> "restore drill: skipped, " + copy + " already exists for today";
      case FAILED -> "restore drill: FAILED at " + failedAt + " for " + source.identifier()
          + (copy == null ? "" : ", copy " + copy + " kept for investigation")
          + (reasons.isEmpty() ? "" : ": " + reasons.get(0));
    };
  }

  @Override
  public String toString() {
    return summary();
  }

  /** Builds a {@link DrillResult}; used by drills and fakes. */
  public static final class Builder {
    private final Status status;
    private final DrillSource source;
    private final Instant startedAt;
    private DrillStep failedAt;
    private String restoredFrom;
    private String copy;
    private CheckResult check;
    private boolean stopped;
    private final List<String> deletedCopies = new ArrayList<>();
    private final List<String> keptCopies = new ArrayList<>();
    private final List<String> reasons = new ArrayList<>();
    private final List<String> auditIds = new ArrayList<>();

    private Builder(Status status, DrillSource source, Instant startedAt) {
      this.status = status;
      this.source = source;
      this.startedAt = startedAt;
    }

    public Builder failedAt(DrillStep step) {
      this.failedAt = step;
      return this;
    }

    public Builder restoredFrom(String restoredFrom) {
      this.restoredFrom = restoredFrom;
      return this;
    }

    public Builder copy(String copy) {
      this.copy = copy;
      return this;
    }

    public Builder check(CheckResult check) {
      this.check = check;
      return this;
    }

    public Builder stopped(boolean stopped) {
      this.stopped = stopped;
      return this;
    }

    public Builder deletedCopies(List<String> copies) {
      deletedCopies.addAll(copies);
      return this;
    }

    public Builder keptCopies(List<String> copies) {
      keptCopies.addAll(copies);
      return this;
    }

    public Builder reasons(List<String> reasons) {
      this.reasons.addAll(reasons);
      return this;
    }

    public Builder auditIds(List<String> ids) {
      auditIds.addAll(ids);
      return this;
    }

    public DrillResult build() {
      return new DrillResult(this);
    }
  }
}
