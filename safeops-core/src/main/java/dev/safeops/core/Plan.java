package dev.safeops.core;

import dev.safeops.core.internal.PlanAccess;
import dev.safeops.core.internal.PlanDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The result of a dry run: the changes, and a {@link #digest()} that approvals are bound to.
 *
 * <p>The digest is SHA-256 (hex) over a canonical form of the changes and the bindings:
 * independent of the order of changes, of map key order and of number formatting, and
 * different whenever an address, action, type, attribute or binding differs. Bindings are
 * facts the approval must also hold for, such as the Terraform state lineage and serial the
 * plan was made against.
 *
 * <p>{@link #priorResourceCount()} and {@link #knownToExist()} are facts for the rules (how
 * many resources the target managed before; whether a ledger knows the target already
 * existed); they are derived from what the bindings pin and are not part of the digest.
 * Immutable and thread-safe. The digest is computed once, on the first call that needs it
 * ({@link #digest()}, {@link #equals}, {@link #hashCode}, {@link #toString}), so a plan only
 * read by rules never pays for it.
 */
public final class Plan {
  private final List<ResourceChange> changes;
  private final Map<String, String> bindings;
  private final Integer priorResourceCount;
  private final boolean knownToExist;
  private final String source;
  // Null until first needed; double-checked so it is computed exactly once.
  private volatile String digest;

  static {
    PlanAccess.install(new PlanAccess() {
      @Override
      public Plan plan(List<ResourceChange> changes, Map<String, String> bindings, Integer priorResourceCount,
          boolean knownToExist, String source, String digest) {
        return new Plan(changes, bindings, priorResourceCount, knownToExist, source, Objects.requireNonNull(digest, "digest"));
      }
    });
  }

  private Plan(Builder b) {
    this(List.copyOf(b.changes), b.bindings, b.priorResourceCount, b.knownToExist, b.source, null);
  }

  private Plan(List<ResourceChange> changes, Map<String, String> bindings, Integer priorResourceCount, boolean knownToExist,
      String source, String digest) {
    this.changes = changes;
    this.bindings = Collections.unmodifiableMap(new TreeMap<>(bindings));
    this.priorResourceCount = priorResourceCount;
    this.knownToExist = knownToExist;
    this.source = source == null ? "" : source;
    this.digest = digest;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A plan with these changes and nothing else. */
  public static Plan of(List<ResourceChange> changes) {
    return builder().changes(changes).build();
  }

  public Builder toBuilder() {
    Builder b = new Builder().changes(changes).source(source).knownToExist(knownToExist);
    bindings.forEach(b::binding);
    if (priorResourceCount != null) {
      b.priorResourceCount(priorResourceCount);
    }
    return b;
  }

  /** Every change in the plan, in the order the dry run reported them. */
  public List<ResourceChange> changes() {
    return changes;
  }

  /** Facts the approval is bound to besides the changes, sorted by key. */
  public Map<String, String> bindings() {
    return bindings;
  }

  /** How many resources the target managed before this plan, when the dry run knows. */
  public Optional<Integer> priorResourceCount() {
    return Optional.ofNullable(priorResourceCount);
  }

  /** True when a ledger knows this target (workspace, stack) existed before. */
  public boolean knownToExist() {
    return knownToExist;
  }

  /** Where the plan came from, for people: e.g. {@code terraform plan in prod/network}. */
  public String source() {
    return source;
  }

  /** SHA-256 over the canonical form of changes and bindings, lower-case hex. */
  public String digest() {
    String d = digest;
    if (d == null) {
      synchronized (this) {
        d = digest;
        if (d == null) {
          d = PlanDigest.of(changes, bindings);
          digest = d;
        }
      }
    }
    return d;
  }

  /** True when no change mutates anything. */
  public boolean isEmpty() {
    return changes.stream().noneMatch(c -> c.action().mutates());
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Plan p && digest().equals(p.digest());
  }

  @Override
  public int hashCode() {
    return digest().hashCode();
  }

  @Override
  public String toString() {
    return "Plan[" + changes.size() + " changes, digest " + digest().substring(0, 12) + "]";
  }

  /** Builds a {@link Plan}. */
  public static final class Builder {
    private final List<ResourceChange> changes = new ArrayList<>();
    private final Map<String, String> bindings = new TreeMap<>();
    private Integer priorResourceCount;
    private boolean knownToExist;
    private String source;

    private Builder() {}

    public Builder change(ResourceChange change) {
      changes.add(Objects.requireNonNull(change, "change"));
      return this;
    }

    public Builder changes(List<ResourceChange> changes) {
      changes.forEach(this::change);
      return this;
    }

    public Builder binding(String key, String value) {
      bindings.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
      return this;
    }

    public Builder priorResourceCount(int count) {
      if (count < 0) {
        throw new IllegalArgumentException("priorResourceCount must be >= 0, was " + count);
      }
      this.priorResourceCount = count;
      return this;
    }

    public Builder knownToExist(boolean knownToExist) {
      this.knownToExist = knownToExist;
      return this;
    }

    public Builder source(String source) {
      this.source = source;
      return this;
    }

    public Plan build() {
      return new Plan(this);
    }
  }
}
