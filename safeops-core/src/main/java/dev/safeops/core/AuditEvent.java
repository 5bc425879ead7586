package dev.safeops.core;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One entry of the audit trail: which operation, which step (with a sequence number that
 * increases within the operation), when, who asked, where, the plan digest, the verdict at
 * this step and a one-line detail. Serialised to JSON with Jackson by the shipped sinks.
 */
public final class AuditEvent {
  private final String operationId;
  private final int sequence;
  private final Step step;
  private final Instant time;
  private final String operationName;
  private final Principal principal;
  private final String environment;
  private final String scope;
  private final String planDigest;
  private final String verdict;
  private final Level level;
  private final String detail;
  private final List<String> approvers;

  private AuditEvent(Builder b) {
    this.operationId = Objects.requireNonNull(b.operationId, "operationId");
    this.sequence = b.sequence;
    this.step = Objects.requireNonNull(b.step, "step");
    this.time = Objects.requireNonNull(b.time, "time");
    this.operationName = Objects.requireNonNull(b.operationName, "operationName");
    this.principal = Objects.requireNonNull(b.principal, "principal");
    this.environment = Objects.requireNonNull(b.environment, "environment");
    this.scope = b.scope == null ? "" : b.scope;
    this.planDigest = b.planDigest;
    this.verdict = Objects.requireNonNull(b.verdict, "verdict");
    this.level = b.level;
    this.detail = b.detail == null ? "" : b.detail;
    this.approvers = List.copyOf(b.approvers);
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    return new Builder()
        .operationId(operationId).sequence(sequence).step(step).time(time)
        .operationName(operationName).principal(principal).environment(environment)
        .scope(scope).planDigest(planDigest).verdict(verdict).level(level)
        .detail(detail).approvers(approvers);
  }

  public String operationId() {
    return operationId;
  }

  /** Position within the operation's trail, from 1. */
  public int sequence() {
    return sequence;
  }

  public Step step() {
    return step;
  }

  public Instant time() {
    return time;
  }

  public String operationName() {
    return operationName;
  }

  /** The requester of the operation. */
  public Principal principal() {
    return principal;
  }

  /** The environment name. */
  public String environment() {
    return environment;
  }

  public String scope() {
    return scope;
  }

  public Optional<String> planDigest() {
    return Optional.ofNullable(planDigest);
  }

  /** The verdict at this step: e.g. {@code OK}, {@code DENY}, {@code EXECUTING}, {@code EXECUTED}. */
  public String verdict() {
    return verdict;
  }

  public Optional<Level> level() {
    return Optional.ofNullable(level);
  }

  public String detail() {
    return detail;
  }

  /** The approvers whose approvals counted, at the approval step. */
  public List<String> approvers() {
    return approvers;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof AuditEvent e
        && operationId.equals(e.operationId)
        && sequence == e.sequence
        && step == e.step
        && time.equals(e.time)
        && operationName.equals(e.operationName)
        && principal.equals(e.principal)
        && environment.equals(e.environment)
        && scope.equals(e.scope)
        && Objects.equals(planDigest, e.planDigest)
        && verdict.equals(e.verdict)
        && level == e.level
        && detail.equals(e.detail)
        && approvers.equals(e.approvers);
  }

  @Override
  public int hashCode() {
    return Objects.hash(operationId, sequence, step, verdict);
  }

  @Override
  public String toString() {
    return operationId + "#" + sequence + " " + step + " " + verdict + " " + detail;
  }

  /** Builds an {@link AuditEvent}. */
  public static final class Builder {
    private String operationId;
    private int sequence;
    private Step step;
    private Instant time;
    private String operationName;
    private Principal principal;
    private String environment;
    private String scope;
    private String planDigest;
    private String verdict;
    private Level level;
    private String detail;
    private List<String> approvers = List.of();

    private Builder() {}

    public Builder operationId(String v) { this.operationId = v; return this; }
    public Builder sequence(int v) { this.sequence = v; return this; }
    public Builder step(Step v) { this.step = v; return this; }
    public Builder time(Instant v) { this.time = v; return this; }
    public Builder operationName(String v) { this.operationName = v; return this; }
    public Builder principal(Principal v) { this.principal = v; return this; }
    public Builder environment(String v) { this.environment = v; return this; }
    public Builder scope(String v) { this.scope = v; return this; }
    public Builder planDigest(String v) { this.planDigest = v; return this; }
    public Builder verdict(String v) { this.verdict = v; return this; }
    public Builder level(Level v) { this.level = v; return this; }
    public Builder detail(String v) { this.detail = v; return this; }
    public Builder approvers(List<String> v) { this.approvers = v; return this; }

    public AuditEvent build() {
      return new AuditEvent(this);
    }
  }
}
