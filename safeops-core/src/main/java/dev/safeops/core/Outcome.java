package dev.safeops.core;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What one guarded execution came to. {@link Status#EXECUTED} carries the result; every
 * other status carries the step that refused and the reasons, and means the action did not
 * execute (except {@link Status#FAILED} at {@link Step#EXECUTE}, where it ran and threw).
 * Always carries the audit id (the operation id) to find the trail. Immutable.
 *
 * @param <T> the action's result type
 */
public final class Outcome<T> {

  /** How it ended. */
  public enum Status { EXECUTED, DENIED, NOT_APPROVED, FAILED }

  private final Status status;
  private final T result;
  private final Step refusedAt;
  private final List<String> reasons;
  private final BlastRadius blastRadius;
  private final Decision decision;
  private final Plan plan;
  private final String auditId;
  private final Throwable failure;

  private Outcome(Builder<T> b) {
    this.status = Objects.requireNonNull(b.status, "status");
    this.auditId = Objects.requireNonNull(b.auditId, "auditId");
    this.reasons = List.copyOf(b.reasons);
    this.result = b.result;
    this.refusedAt = b.refusedAt;
    this.blastRadius = b.blastRadius;
    this.decision = b.decision;
    this.plan = b.plan;
    this.failure = b.failure;
    if (status != Status.EXECUTED && refusedAt == null) {
      throw new IllegalArgumentException(status + " outcome must name the step");
    }
  }

  public static <T> Builder<T> builder(Status status, String auditId) {
    return new Builder<>(status, auditId);
  }

  public Status status() {
    return status;
  }

  public boolean executed() {
    return status == Status.EXECUTED;
  }

  /** The action's result when it executed and returned a non-null value. */
  public Optional<T> result() {
    return Optional.ofNullable(result);
  }

  /** The step that refused or failed; empty when executed. */
  public Optional<Step> refusedAt() {
    return Optional.ofNullable(refusedAt);
  }

  /** Why, one sentence each. */
  public List<String> reasons() {
    return reasons;
  }

  /** The blast radius, when the pipeline got as far as evaluating it. */
  public Optional<BlastRadius> blastRadius() {
    return Optional.ofNullable(blastRadius);
  }

  /** The policy's decision, when the pipeline got that far. */
  public Optional<Decision> decision() {
    return Optional.ofNullable(decision);
  }

  /** The plan from the dry run, when there was one. */
  public Optional<Plan> plan() {
    return Optional.ofNullable(plan);
  }

  /** The operation id under which every audit event of this execution was written. */
  public String auditId() {
    return auditId;
  }

  /** The exception behind a refusal or a FAILED outcome, when there was one. */
  public Optional<Throwable> failure() {
    return Optional.ofNullable(failure);
  }

  /**
   * The durable approval request this run was refused on, when an {@link ApprovalDesk}'s
   * callback refused it: just recorded, still pending, denied, stale or expired. Ask people to
   * approve that request (its id), then run the operation again.
   */
  public Optional<String> approvalRequestId() {
    return failure instanceof RequestRefusedException r ? r.requestId() : Optional.empty();
  }

  @Override
  public String toString() {
    return status + (refusedAt == null ? "" : " at " + refusedAt) + " " + reasons;
  }

  /** Builds an {@link Outcome}; used by executors and fakes. */
  public static final class Builder<T> {
    private final Status status;
    private final String auditId;
    private List<String> reasons = List.of();
    private T result;
    private Step refusedAt;
    private BlastRadius blastRadius;
    private Decision decision;
    private Plan plan;
    private Throwable failure;

    private Builder(Status status, String auditId) {
      this.status = status;
      this.auditId = auditId;
    }

    public Builder<T> result(T result) {
      this.result = result;
      return this;
    }

    public Builder<T> refusedAt(Step step) {
      this.refusedAt = step;
      return this;
    }

    public Builder<T> reasons(List<String> reasons) {
      this.reasons = reasons;
      return this;
    }

    public Builder<T> blastRadius(BlastRadius blastRadius) {
      this.blastRadius = blastRadius;
      return this;
    }

    public Builder<T> decision(Decision decision) {
      this.decision = decision;
      return this;
    }

    public Builder<T> plan(Plan plan) {
      this.plan = plan;
      return this;
    }

    public Builder<T> failure(Throwable failure) {
      this.failure = failure;
      return this;
    }

    public Outcome<T> build() {
      return new Outcome<>(this);
    }
  }
}
