package dev.safeops.aws;

import dev.safeops.core.Environment;
import java.util.Objects;
import software.amazon.awssdk.awscore.AwsServiceClientConfiguration;
import software.amazon.awssdk.core.SdkClient;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.IdentityProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.StsClientBuilder;

/**
 * Keeps an operation inside the environment it names: the client's region must be the
 * environment's region, and the account of the credentials <em>that client</em> signs with
 * (STS {@code GetCallerIdentity}, a read) must be the environment's account. Every safeops AWS
 * dry run runs this first, before any other call, and pins the account it read in the plan.
 *
 * <p>What is guaranteed: the identity is read with the mutating client's own credentials
 * provider. Without an STS client ({@link #of(Environment)}), safeops builds one per check
 * from that client's {@code serviceClientConfiguration()}: its credentials provider, its
 * region and, if it has one, its endpoint override. With an STS client ({@link #of(StsClient,
 * Environment)}), for example to reach STS through a VPC endpoint, that client must sign with
 * the same credentials as the mutating client (the same provider, or one resolving to the same
 * access key id); otherwise the check refuses, since another identity's account says nothing
 * about the mutating client. Not guaranteed: a credentials provider that switches to another
 * account between the dry run and the execution is not detected (the interceptor refuses
 * request-level credential overrides, not a provider that changes its mind).
 *
 * <p>Thread-safe; each check calls STS once.
 */
public final class AccountGuard {
  private final StsClient sts;
  private final Environment environment;

  private AccountGuard(StsClient sts, Environment environment) {
    this.sts = sts;
    this.environment = Objects.requireNonNull(environment, "environment");
  }

  /**
   * A guard that reads the identity with {@code sts}, which must sign with the same credentials
   * as each client it checks.
   */
  public static AccountGuard of(StsClient sts, Environment environment) {
    return new AccountGuard(Objects.requireNonNull(sts, "sts"), environment);
  }

  /** A guard that reads each client's identity through an STS client built from that client's own configuration. */
  public static AccountGuard of(Environment environment) {
    return new AccountGuard(null, environment);
  }

  public Environment environment() {
    return environment;
  }

  /**
   * @return the account id of the credentials {@code client} signs with, verified to be the environment's
   * @throws AccountMismatchException when the environment names no account or region, the
   *     client is in another region, the STS client signs with other credentials than {@code
   *     client}, the identity cannot be read, or the credentials belong to another account
   */
  public String check(SdkClient client) {
    String account = environment.accountId().orElseThrow(() -> new AccountMismatchException(
        "safeops refused: environment " + environment.name() + " names no AWS account; build it with Environment.aws(...)"));
    String region = environment.region().orElseThrow(() -> new AccountMismatchException(
        "safeops refused: environment " + environment.name() + " names no AWS region"));
    AwsServiceClientConfiguration config = client.serviceClientConfiguration() instanceof AwsServiceClientConfiguration c ? c : null;
    Region clientRegion = config == null ? null : config.region();
    if (clientRegion == null || !clientRegion.id().equals(region)) {
      throw new AccountMismatchException("safeops refused: the " + client.serviceName() + " client is in region "
          + (clientRegion == null ? "(none)" : clientRegion.id()) + " but environment " + environment.name()
          + " runs in " + region);
    }
    IdentityProvider<? extends AwsCredentialsIdentity> credentials = config.credentialsProvider();
    if (credentials == null) {
      throw new AccountMismatchException("safeops refused: the " + client.serviceName()
          + " client names no credentials provider, so safeops cannot tell which account it runs in");
    }
    String caller = sts != null ? callerThroughSupplied(client, credentials) : callerThroughOwn(client, config, credentials);
    if (!account.equals(caller)) {
      throw new AccountMismatchException("safeops refused: the credentials belong to AWS account " + caller
          + " but environment " + environment.name() + " is account " + account);
    }
    return account;
  }

  private String callerThroughSupplied(SdkClient client, IdentityProvider<? extends AwsCredentialsIdentity> credentials) {
    IdentityProvider<? extends AwsCredentialsIdentity> stsCredentials =
        ((AwsServiceClientConfiguration) sts.serviceClientConfiguration()).credentialsProvider();
    if (stsCredentials != credentials && !accessKeyId(stsCredentials, client).equals(accessKeyId(credentials, client))) {
      throw new AccountMismatchException("safeops refused: the STS client signs with other credentials than the "
          + client.serviceName() + " client, so the account it reports says nothing about the " + client.serviceName()
          + " client; build both with the same credentials provider, or let safeops ask STS with the client's own");
    }
    return callerIdentity(client, sts);
  }

  private String callerThroughOwn(SdkClient client, AwsServiceClientConfiguration config,
      IdentityProvider<? extends AwsCredentialsIdentity> credentials) {
    StsClientBuilder b = StsClient.builder().region(config.region()).credentialsProvider(credentials);
    config.endpointOverride().ifPresent(b::endpointOverride);
    try (StsClient own = b.build()) {
      return callerIdentity(client, own);
    }
  }

  private static String callerIdentity(SdkClient client, StsClient sts) {
    try {
      return sts.getCallerIdentity().account();
    } catch (RuntimeException e) {
      throw new AccountMismatchException("safeops refused: could not read the caller identity of the "
          + client.serviceName() + " client's credentials: " + e.getMessage());
    }
  }

  private static String accessKeyId(IdentityProvider<? extends AwsCredentialsIdentity> provider, SdkClient client) {
    try {
      return provider.resolveIdentity().join().accessKeyId();
    } catch (RuntimeException e) {
      throw new AccountMismatchException("safeops refused: could not resolve the credentials of the "
          + client.serviceName() + " client or of the STS client: " + e.getMessage());
    }
  }
}
