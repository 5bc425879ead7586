package dev.safeops.core;

import java.util.Objects;
import java.util.UUID;

/**
 * What is asked: a name (for example {@code terraform apply} or {@code rds:DeleteDBInstance}),
 * who asks, where, and why. Each operation has a unique id that the audit trail and the
 * approvals refer to. Immutable and thread-safe.
 */
public final class Operation {
  private final String id;
  private final String name;
  private final Principal requester;
  private final Environment environment;
  private final String reason;

  private Operation(Builder b) {
    this.id = b.id == null ? UUID.randomUUID().toString() : b.id;
    this.name = requireText(b.name, "name");
    this.requester = Objects.requireNonNull(b.requester, "requester");
    this.environment = Objects.requireNonNull(b.environment, "environment");
    this.reason = b.reason == null ? "" : b.reason;
  }

  private static String requireText(String s, String what) {
    Objects.requireNonNull(s, what);
    if (s.isBlank()) {
      throw new IllegalArgumentException("operation " + what + " must not be blank");
    }
    return s;
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    Builder b = new Builder();
    b.id = id;
    b.name = name;
    b.requester = requester;
    b.environment = environment;
    b.reason = reason;
    return b;
  }

  public String id() {
    return id;
  }

  public String name() {
    return name;
  }

  public Principal requester() {
    return requester;
  }

  public Environment environment() {
    return environment;
  }

  /** The reason the requester gave; empty when none was given. */
  public String reason() {
    return reason;
  }

  @Override
  public String toString() {
    return "Operation[" + id + " " + name + " by " + requester + " in " + environment + "]";
  }

  /** Builds an {@link Operation}; name, requester and environment are required. */
  public static final class Builder {
    private String id;
    private String name;
    private Principal requester;
    private Environment environment;
    private String reason;

    private Builder() {}

    /** Sets the id; by default a random UUID. */
    public Builder id(String id) {
      this.id = requireText(id, "id");
      return this;
    }

    public Builder name(String name) {
      this.name = name;
      return this;
    }

    public Builder requester(Principal requester) {
      this.requester = requester;
      return this;
    }

    public Builder environment(Environment environment) {
      this.environment = environment;
      return this;
    }

    public Builder reason(String reason) {
      this.reason = reason;
      return this;
    }

    public Operation build() {
      return new Operation(this);
    }
  }
}
