package dev.safeops.core;

import java.util.Objects;
import java.util.Optional;

/**
 * Where an operation runs: a name, a tier and, for AWS, the account id it must run in.
 * Immutable and thread-safe.
 */
public final class Environment {
  private final String name;
  private final Tier tier;
  private final String accountId;
  private final String region;

  private Environment(String name, Tier tier, String accountId, String region) {
    this.name = Objects.requireNonNull(name, "name");
    this.tier = Objects.requireNonNull(tier, "tier");
    if (name.isBlank()) {
      throw new IllegalArgumentException("environment name must not be blank");
    }
    this.accountId = accountId;
    this.region = region;
  }

  public static Environment of(String name, Tier tier) {
    return new Environment(name, tier, null, null);
  }

  /** An AWS environment: operations must run in {@code accountId} and {@code region}. */
  public static Environment aws(String name, Tier tier, String accountId, String region) {
    Objects.requireNonNull(accountId, "accountId");
    Objects.requireNonNull(region, "region");
    if (!accountId.matches("\\d{12}")) {
      throw new IllegalArgumentException("AWS account id must be 12 digits, not '" + accountId + "'");
    }
    return new Environment(name, tier, accountId, region);
  }

  public String name() {
    return name;
  }

  public Tier tier() {
    return tier;
  }

  /** The AWS account this environment lives in, when it is an AWS environment. */
  public Optional<String> accountId() {
    return Optional.ofNullable(accountId);
  }

  /** The AWS region this environment lives in, when it is an AWS environment. */
  public Optional<String> region() {
    return Optional.ofNullable(region);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Environment e
        && name.equals(e.name)
        && tier == e.tier
        && Objects.equals(accountId, e.accountId)
        && Objects.equals(region, e.region);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, tier, accountId, region);
  }

  @Override
  public String toString() {
    return name + "(" + tier + (accountId == null ? "" : ", " + accountId + "/" + region) + ")";
  }
}
