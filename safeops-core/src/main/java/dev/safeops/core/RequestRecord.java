package dev.safeops.core;

import dev.safeops.core.internal.RequestMessages;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One durable approval request, as a {@link RequestLedger} keeps it: what is asked (the
 * operation, the scope, the plan digest and the state it is bound to, the blast radius), how
 * many approvals it needs, what a later process needs to run it again, when it expires, every
 * approval and denial so far (each an SSH signature), and where it stands.
 *
 * <p>An approver signs {@link #approvalMessage()} (or {@link #denialMessage(String)}) with
 * {@code ssh-keygen -Y sign -n safeops}; see {@link ApprovalDesk} for the exact format. The
 * {@link #version()} is the store's: every change is a compare-and-set on it.
 *
 * <p>Immutable and thread-safe; {@link #toBuilder()} makes a changed copy.
 */
public final class RequestRecord {
  /** At most this many findings are kept, worst first; the rest are counted in {@link #findingsOmitted()}. */
  public static final int MAX_FINDINGS = 200;

  private final String id;
  private final long version;
  private final Operation operation;
  private final String scope;
  private final String planDigest;
  private final String planSource;
  private final Map<String, String> bindings;
  private final BlastRadius blastRadius;
  private final int findingsOmitted;
  private final List<String> decisionReasons;
  private final int approvalsRequired;
  private final Rerun rerun;
  private final Instant createdAt;
  private final Instant expiresAt;
  private final Instant updatedAt;
  private final List<Answer> answers;
  private final RequestStatus status;
  private final String statusReason;
  private final String claimedBy;

  /**
   * One person's signed answer to a request.
   *
   * @param kind approve or deny
   * @param approver the principal {@code allowed_signers} lists for the key that signed
   * @param keyFingerprint the signing key's {@code SHA256:} fingerprint
   * @param signature the armored SSH signature, over {@link #approvalMessage()} or {@link #denialMessage(String)}
   * @param at when it was recorded
   * @param reason for a denial, the reason given (and signed); empty for an approval
   */
  public record Answer(Kind kind, Principal approver, String keyFingerprint, String signature, Instant at, String reason) {

    /** Approve or deny. */
    public enum Kind { APPROVE, DENY }

    public Answer {
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(approver, "approver");
      Objects.requireNonNull(keyFingerprint, "keyFingerprint");
      Objects.requireNonNull(signature, "signature");
      Objects.requireNonNull(at, "at");
      Objects.requireNonNull(reason, "reason");
      if (kind == Kind.DENY) {
        RequestMessages.requireReason(reason);
      } else if (!reason.isEmpty()) {
        throw new IllegalArgumentException("an approval carries no reason");
      }
    }
  }

  private RequestRecord(Builder b) {
    this.id = RequestMessages.requireId(b.id);
    if (b.version < 0) {
      throw new IllegalArgumentException("version must be >= 0, was " + b.version);
    }
    this.version = b.version;
    this.operation = Objects.requireNonNull(b.operation, "operation");
    this.scope = requireText(b.scope, "scope");
    this.planDigest = RequestMessages.requireDigest(b.planDigest);
    this.planSource = b.planSource == null ? "" : b.planSource;
    this.bindings = Collections.unmodifiableMap(new TreeMap<>(b.bindings));
    BlastRadius br = Objects.requireNonNull(b.blastRadius, "blastRadius");
    int omitted = b.findingsOmitted;
    if (br.findings().size() > MAX_FINDINGS) {
      List<Finding> worst = new ArrayList<>(br.findings());
      worst.sort(Comparator.comparing(Finding::level).reversed());
      omitted += worst.size() - MAX_FINDINGS;
      br = new BlastRadius(br.level(), worst.subList(0, MAX_FINDINGS), br.counts());
    }
    if (omitted < 0) {
      throw new IllegalArgumentException("findingsOmitted must be >= 0, was " + omitted);
    }
    this.blastRadius = br;
    this.findingsOmitted = omitted;
    this.decisionReasons = List.copyOf(b.decisionReasons);
    if (b.approvalsRequired < 0) {
      throw new IllegalArgumentException("approvalsRequired must be >= 0, was " + b.approvalsRequired);
    }
    this.approvalsRequired = b.approvalsRequired;
    this.rerun = Objects.requireNonNull(b.rerun, "rerun");
    this.createdAt = Objects.requireNonNull(b.createdAt, "createdAt");
    // Signed as text to the second: keep exactly what is signed.
    this.expiresAt = Objects.requireNonNull(b.expiresAt, "expiresAt").truncatedTo(ChronoUnit.SECONDS);
    this.updatedAt = b.updatedAt == null ? createdAt : b.updatedAt;
    this.answers = List.copyOf(b.answers);
    this.status = Objects.requireNonNull(b.status, "status");
    this.statusReason = b.statusReason == null ? "" : b.statusReason;
    this.claimedBy = b.claimedBy;
    if (status == RequestStatus.EXECUTED && claimedBy == null) {
      throw new IllegalArgumentException("an EXECUTED request names the operation that claimed it");
    }
  }

  private static String requireText(String s, String what) {
    Objects.requireNonNull(s, what);
    if (s.isBlank()) {
      throw new IllegalArgumentException(what + " must not be blank");
    }
    return s;
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    Builder b = new Builder();
    b.id = id;
    b.version = version;
    b.operation = operation;
    b.scope = scope;
    b.planDigest = planDigest;
    b.planSource = planSource;
    b.bindings.putAll(bindings);
    b.blastRadius = blastRadius;
    b.findingsOmitted = findingsOmitted;
    b.decisionReasons = decisionReasons;
    b.approvalsRequired = approvalsRequired;
    b.rerun = rerun;
    b.createdAt = createdAt;
    b.expiresAt = expiresAt;
    b.updatedAt = updatedAt;
    b.answers = new ArrayList<>(answers);
    b.status = status;
    b.statusReason = statusReason;
    b.claimedBy = claimedBy;
    return b;
  }

  /** The request's id: lower-case letters, digits and dashes. */
  public String id() {
    return id;
  }

  /** The store's version of this record; every change is conditional on it. */
  public long version() {
    return version;
  }

  /** The operation as it was proposed (its id is the proposing run's audit id). */
  public Operation operation() {
    return operation;
  }

  /** What the operation mutates, as its guarded action declared ({@link GuardedAction#scope()}). */
  public String scope() {
    return scope;
  }

  /** The {@link Plan#digest()} every approval is bound to. */
  public String planDigest() {
    return planDigest;
  }

  /** Where the plan came from ({@link Plan#source()}); may be empty. */
  public String planSource() {
    return planSource;
  }

  /** The plan's bindings, for example the Terraform state lineage and serial it was made against. */
  public Map<String, String> bindings() {
    return bindings;
  }

  /** The blast radius, with at most {@link #MAX_FINDINGS} findings, worst first. */
  public BlastRadius blastRadius() {
    return blastRadius;
  }

  /** How many findings were left out of {@link #blastRadius()}. */
  public int findingsOmitted() {
    return findingsOmitted;
  }

  /** Why the policy asked for approval. */
  public List<String> decisionReasons() {
    return decisionReasons;
  }

  /** How many valid approvals it needs: distinct humans other than the requester. Zero when the policy allowed it. */
  public int approvalsRequired() {
    return approvalsRequired;
  }

  public Rerun rerun() {
    return rerun;
  }

  public Instant createdAt() {
    return createdAt;
  }

  /** After this instant nobody can answer or claim it; whole seconds. */
  public Instant expiresAt() {
    return expiresAt;
  }

  /** When it last changed. */
  public Instant updatedAt() {
    return updatedAt;
  }

  /** Every approval and denial, in the order recorded. */
  public List<Answer> answers() {
    return answers;
  }

  /** The approvals, in the order recorded. */
  public List<Answer> approvals() {
    return answers.stream().filter(a -> a.kind() == Answer.Kind.APPROVE).toList();
  }

  /** The denials, in the order recorded. */
  public List<Answer> denials() {
    return answers.stream().filter(a -> a.kind() == Answer.Kind.DENY).toList();
  }

  /** The status as stored. An open request past its expiry is stored as it was until someone touches it: see {@link #statusAt}. */
  public RequestStatus status() {
    return status;
  }

  /** The status at {@code now}: an open request whose expiry has come is {@link RequestStatus#EXPIRED}. */
  public RequestStatus statusAt(Instant now) {
    return status.isOpen() && !now.isBefore(expiresAt) ? RequestStatus.EXPIRED : status;
  }

  /** Why it is in its status (who denied and why, what changed for STALE, which run claimed it); may be empty. */
  public String statusReason() {
    return statusReason;
  }

  /** The id of the operation that claimed it, once {@link RequestStatus#EXECUTED}. */
  public Optional<String> claimedBy() {
    return Optional.ofNullable(claimedBy);
  }

  /** The exact text an approver signs to approve (UTF-8); see {@link ApprovalDesk} for the format. */
  public String approvalMessage() {
    return RequestMessages.approval(id, planDigest, expiresAt);
  }

  /**
   * The exact text an approver signs to deny with {@code reason} (UTF-8).
   *
   * @throws InvalidInputException when the reason is empty, longer than 500 characters, or not one line of printable text
   */
  public String denialMessage(String reason) {
    return RequestMessages.denial(id, planDigest, expiresAt, reason);
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof RequestRecord r)) {
      return false;
    }
    return id.equals(r.id) && version == r.version && sameOperation(operation, r.operation) && scope.equals(r.scope)
        && planDigest.equals(r.planDigest) && planSource.equals(r.planSource) && bindings.equals(r.bindings)
        && blastRadius.equals(r.blastRadius) && findingsOmitted == r.findingsOmitted && decisionReasons.equals(r.decisionReasons)
        && approvalsRequired == r.approvalsRequired && rerun.equals(r.rerun) && createdAt.equals(r.createdAt)
        && expiresAt.equals(r.expiresAt) && updatedAt.equals(r.updatedAt) && answers.equals(r.answers) && status == r.status
        && statusReason.equals(r.statusReason) && Objects.equals(claimedBy, r.claimedBy);
  }

  private static boolean sameOperation(Operation a, Operation b) {
    return a.id().equals(b.id()) && a.name().equals(b.name()) && a.requester().equals(b.requester())
        && a.environment().equals(b.environment()) && a.reason().equals(b.reason());
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, version, planDigest, status, answers.size());
  }

  @Override
  public String toString() {
    return "RequestRecord[" + id + " v" + version + " " + status + ", " + operation.name() + " by " + operation.requester()
        + " in " + operation.environment() + ", " + approvals().size() + "/" + approvalsRequired + " approvals, expires " + expiresAt + "]";
  }

  /** Builds a {@link RequestRecord}; everything but the plan source, bindings, reasons, answers and status reason is required. */
  public static final class Builder {
    private String id;
    private long version;
    private Operation operation;
    private String scope;
    private String planDigest;
    private String planSource;
    private final Map<String, String> bindings = new TreeMap<>();
    private BlastRadius blastRadius;
    private int findingsOmitted;
    private List<String> decisionReasons = List.of();
    private int approvalsRequired;
    private Rerun rerun = Rerun.nothing();
    private Instant createdAt;
    private Instant expiresAt;
    private Instant updatedAt;
    private List<Answer> answers = new ArrayList<>();
    private RequestStatus status = RequestStatus.PENDING;
    private String statusReason;
    private String claimedBy;

    private Builder() {}

    public Builder id(String id) {
      this.id = id;
      return this;
    }

    public Builder version(long version) {
      this.version = version;
      return this;
    }

    public Builder operation(Operation operation) {
      this.operation = operation;
      return this;
    }

    public Builder scope(String scope) {
      this.scope = scope;
      return this;
    }

    public Builder planDigest(String planDigest) {
      this.planDigest = planDigest;
      return this;
    }

    public Builder planSource(String planSource) {
      this.planSource = planSource;
      return this;
    }

    public Builder bindings(Map<String, String> bindings) {
      this.bindings.clear();
      this.bindings.putAll(bindings);
      return this;
    }

    public Builder blastRadius(BlastRadius blastRadius) {
      this.blastRadius = blastRadius;
      return this;
    }

    public Builder findingsOmitted(int findingsOmitted) {
      this.findingsOmitted = findingsOmitted;
      return this;
    }

    public Builder decisionReasons(List<String> decisionReasons) {
      this.decisionReasons = List.copyOf(decisionReasons);
      return this;
    }

    public Builder approvalsRequired(int approvalsRequired) {
      this.approvalsRequired = approvalsRequired;
      return this;
    }

    public Builder rerun(Rerun rerun) {
      this.rerun = rerun;
      return this;
    }

    public Builder createdAt(Instant createdAt) {
      this.createdAt = createdAt;
      return this;
    }

    public Builder expiresAt(Instant expiresAt) {
      this.expiresAt = expiresAt;
      return this;
    }

    public Builder updatedAt(Instant updatedAt) {
      this.updatedAt = updatedAt;
      return this;
    }

    public Builder answers(List<Answer> answers) {
      this.answers = new ArrayList<>(answers);
      return this;
    }

    public Builder addAnswer(Answer answer) {
      this.answers.add(Objects.requireNonNull(answer, "answer"));
      return this;
    }

    public Builder status(RequestStatus status) {
      this.status = status;
      return this;
    }

    public Builder statusReason(String statusReason) {
      this.statusReason = statusReason;
      return this;
    }

    public Builder claimedBy(String operationId) {
      this.claimedBy = operationId;
      return this;
    }

    public RequestRecord build() {
      return new RequestRecord(this);
    }
  }
}
