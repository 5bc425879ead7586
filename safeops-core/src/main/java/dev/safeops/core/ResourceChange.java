package dev.safeops.core;

import dev.safeops.core.internal.Values;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One resource a dry run says will change. Attributes are JSON-shaped: values are
 * {@link String}, {@link Boolean}, {@link java.math.BigDecimal}, {@link java.util.List},
 * {@link Map} or {@code null} (JSON null); the maps are deep and unmodifiable (deep copies of
 * what the builder was given, unless it was already such a map).
 *
 * <p>The {@code type} uses Terraform's vocabulary ({@code aws_db_instance}) for every
 * source, so one rule set judges a Terraform plan and an AWS SDK dry run alike. {@code
 * before} is the resource as it exists (empty for a create); {@code after} is the planned end
 * state (empty for a delete). {@link #unknownAfter()} lists top-level attributes whose
 * planned value is known only after apply; rules judge those pessimistically.
 */
public final class ResourceChange {
  private final String address;
  private final String type;
  private final String provider;
  private final ChangeAction action;
  private final Map<String, Object> before;
  private final Map<String, Object> after;
  private final Set<String> unknownAfter;
  private final String actionReason;

  private ResourceChange(Builder b) {
    this.address = Objects.requireNonNull(b.address, "address");
    this.type = Objects.requireNonNull(b.type, "type");
    this.action = Objects.requireNonNull(b.action, "action");
    this.provider = b.provider == null ? "" : b.provider;
    this.before = Values.immutableMap(b.before);
    this.after = Values.immutableMap(b.after);
    this.unknownAfter = b.unknownAfter == null || b.unknownAfter.isEmpty() ? Set.of() : Set.copyOf(b.unknownAfter);
    this.actionReason = b.actionReason;
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    return new Builder()
        .address(address)
        .type(type)
        .provider(provider)
        .action(action)
        .before(before)
        .after(after)
        .unknownAfter(unknownAfter)
        .actionReason(actionReason);
  }

  /** Unique address within the plan, e.g. {@code module.db.aws_db_instance.main[0]}. */
  public String address() {
    return address;
  }

  /** Resource type in Terraform's vocabulary, e.g. {@code aws_db_instance}. */
  public String type() {
    return type;
  }

  /** Provider name, e.g. {@code aws}; empty when unknown. */
  public String provider() {
    return provider;
  }

  public ChangeAction action() {
    return action;
  }

  /** Attributes before the change; empty for a create. */
  public Map<String, Object> before() {
    return before;
  }

  /** Attributes after the change; empty for a delete. */
  public Map<String, Object> after() {
    return after;
  }

  /** Top-level attribute names whose value after the change is unknown until apply. */
  public Set<String> unknownAfter() {
    return unknownAfter;
  }

  /** Why the tool chose this action (Terraform's {@code action_reason}), when it said. */
  public Optional<String> actionReason() {
    return Optional.ofNullable(actionReason);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ResourceChange c
        && address.equals(c.address)
        && type.equals(c.type)
        && provider.equals(c.provider)
        && action == c.action
        && before.equals(c.before)
        && after.equals(c.after)
        && unknownAfter.equals(c.unknownAfter)
        && Objects.equals(actionReason, c.actionReason);
  }

  @Override
  public int hashCode() {
    return Objects.hash(address, type, action, before, after);
  }

  @Override
  public String toString() {
    return action + " " + address;
  }

  /** Builds a {@link ResourceChange}; address, type and action are required. */
  public static final class Builder {
    private String address;
    private String type;
    private String provider;
    private ChangeAction action;
    private Map<String, ?> before;
    private Map<String, ?> after;
    private Set<String> unknownAfter;
    private String actionReason;

    private Builder() {}

    public Builder address(String address) {
      this.address = address;
      return this;
    }

    public Builder type(String type) {
      this.type = type;
      return this;
    }

    public Builder provider(String provider) {
      this.provider = provider;
      return this;
    }

    public Builder action(ChangeAction action) {
      this.action = action;
      return this;
    }

    public Builder before(Map<String, ?> before) {
      this.before = before;
      return this;
    }

    public Builder after(Map<String, ?> after) {
      this.after = after;
      return this;
    }

    public Builder unknownAfter(Set<String> unknownAfter) {
      this.unknownAfter = unknownAfter;
      return this;
    }

    public Builder actionReason(String actionReason) {
      this.actionReason = actionReason;
      return this;
    }

    public ResourceChange build() {
      return new ResourceChange(this);
    }
  }
}
