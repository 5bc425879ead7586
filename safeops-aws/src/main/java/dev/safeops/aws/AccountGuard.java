package dev.safeops.aws;

import dev.safeops.core.Environment;
import java.util.Objects;
import software.amazon.awssdk.awscore.AwsServiceClientConfiguration;
import software.amazon.awssdk.core.SdkClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * Keeps an operation inside the environment it names: the client's region must be the
 * environment's region, and the caller identity (STS {@code GetCallerIdentity}, a read)
 * must be the environment's account. Every safeops AWS dry run runs this first, before any
 * other call. Thread-safe; each check calls STS once.
 */
public final class AccountGuard {
  private final StsClient sts;
  private final Environment environment;

  private AccountGuard(StsClient sts, Environment environment) {
    this.sts = Objects.requireNonNull(sts, "sts");
    this.environment = Objects.requireNonNull(environment, "environment");
  }

  /** A guard that checks clients against {@code environment} using {@code sts} for the identity. */
  public static AccountGuard of(StsClient sts, Environment environment) {
    return new AccountGuard(sts, environment);
  }

  public Environment environment() {
    return environment;
  }

  /**
   * @return the account id, verified
   * @throws AccountMismatchException when the environment names no account or region, the
   *     client is in another region, or the credentials belong to another account
   */
  public String check(SdkClient client) {
    String account = environment.accountId().orElseThrow(() -> new AccountMismatchException(
        "safeops refused: environment " + environment.name() + " names no AWS account; build it with Environment.aws(...)"));
    String region = environment.region().orElseThrow(() -> new AccountMismatchException(
        "safeops refused: environment " + environment.name() + " names no AWS region"));
    Region clientRegion = client.serviceClientConfiguration() instanceof AwsServiceClientConfiguration c ? c.region() : null;
    if (clientRegion == null || !clientRegion.id().equals(region)) {
      throw new AccountMismatchException("safeops refused: the " + client.serviceName() + " client is in region "
          + (clientRegion == null ? "(none)" : clientRegion.id()) + " but environment " + environment.name()
          + " runs in " + region);
    }
    String caller = sts.getCallerIdentity().account();
    if (!account.equals(caller)) {
      throw new AccountMismatchException("safeops refused: the credentials belong to AWS account " + caller
          + " but environment " + environment.name() + " is account " + account);
    }
    return account;
  }
}
