package dev.safeops.aws.testing;

import dev.safeops.aws.testing.internal.FakeEndpoint;
import dev.safeops.aws.testing.internal.World;
import dev.safeops.core.InvalidInputException;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Objects;

/**
 * A fake AWS endpoint on loopback that real AWS SDK v2 clients talk to, in the spirit of
 * OkHttp's MockWebServer: seed an account, point clients at {@link #endpoint()} (see
 * {@link FakeAwsClients}), run the code under test, then inspect {@link #state()} and
 * {@link #requests()}.
 *
 * <p>It dispatches on the service of the SigV4 credential scope in the Authorization header and
 * then on the operation, and speaks each service's own protocol: query (RDS, STS, ELBv2), EC2,
 * JSON (DynamoDB, ECS), REST-XML (S3, path-style only), REST-JSON (AWS Backup), and for
 * CloudWatch metrics both query and JSON 1.0. It keeps
 * state: a resource exists until deleted, deletions show in later Describe/List answers, and
 * refusals use AWS's own error codes (deletion protection, EC2 {@code DryRun},
 * {@code disableApiTermination}, non-empty buckets). A request it does not understand gets an
 * AWS-shaped HTTP 400 error naming the service and operation ({@code InvalidAction},
 * {@code UnknownOperationException} or {@code UnsupportedOperation}), never a silent success.
 *
 * <pre>{@code
 * try (FakeAws aws = FakeAws.create().start()) {
 *   aws.seed().incidentProductionStack();
 *   RdsClient rds = FakeAwsClients.rds(aws);
 *   rds.deleteDBInstance(b -> b.dbInstanceIdentifier("courses-prod").skipFinalSnapshot(true));
 *   assertThat(aws.state().dbInstanceExists("courses-prod")).isFalse();
 *   assertThat(aws.mutatingRequests()).hasSize(1);
 * }
 * }</pre>
 *
 * <p>Thread-safe: requests are answered one at a time against the account, and seeding and
 * inspection take the same lock. Binds 127.0.0.1 on a free port; nothing leaves the machine.
 */
public final class FakeAws implements AutoCloseable {
  /** The account the fake answers for unless told otherwise. */
  public static final String DEFAULT_ACCOUNT_ID = "123456789012";
  /** The region the fake answers for unless told otherwise. */
  public static final String DEFAULT_REGION = "us-east-1";

  private final World world;
  private final FakeEndpoint endpoint;
  private final FakeAwsSeed seed;
  private final FakeAwsState state;

  private FakeAws(Builder b) {
    this.world = new World(b.accountId, b.region, b.clock, b.pollsUntilAvailable, b.metricDataPageSize);
    this.endpoint = new FakeEndpoint(world);
    this.seed = new FakeAwsSeed(world);
    this.state = new FakeAwsState(world);
  }

  /** A fake for account 123456789012 in us-east-1, restored instances available after one poll. */
  public static FakeAws create() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Binds the loopback port and starts answering; calling it again does nothing. */
  public FakeAws start() {
    endpoint.start();
    return this;
  }

  /** {@code http://127.0.0.1:PORT}; throws IllegalStateException before {@link #start()}. */
  public URI endpoint() {
    return endpoint.endpoint();
  }

  public String accountId() {
    return world.accountId;
  }

  public String region() {
    return world.region;
  }

  /** Adds resources to the account; works before and after {@link #start()}. */
  public FakeAwsSeed seed() {
    return seed;
  }

  /** A read-only view of the account as it is now. */
  public FakeAwsState state() {
    return state;
  }

  /**
   * Makes the caller lack permission for one operation, e.g. {@code deny("ec2",
   * "TerminateInstances")}: it is answered with the service's access-denied error
   * ({@code UnauthorizedOperation} for EC2, dry run or not) and changes nothing.
   *
   * @param service the SigV4 signing name ({@code rds}, {@code ec2}, {@code s3}...)
   */
  public FakeAws deny(String service, String operation) {
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(operation, "operation");
    synchronized (world) {
      world.denied.add(service + ":" + operation);
    }
    return this;
  }

  /** Every request received so far, in arrival order. */
  public List<RecordedRequest> requests() {
    return endpoint.exchanges().stream()
        .map(e -> new RecordedRequest(e.service(), e.operation(), e.parameters(), e.mutated(),
            e.status(), e.errorCode(), e.requestId()))
        .toList();
  }

  /** The requests that changed the fake's state, in arrival order. */
  public List<RecordedRequest> mutatingRequests() {
    return requests().stream().filter(RecordedRequest::mutated).toList();
  }

  /** Forgets the recorded requests (not the state). */
  public void clearRequests() {
    endpoint.clearExchanges();
  }

  /**
   * Empties the account (every resource and denial) and forgets the recorded requests, so one
   * started fake can serve many tests; the endpoint keeps its port.
   */
  public void reset() {
    synchronized (world) {
      world.clear();
    }
    endpoint.clearExchanges();
  }

  /** Stops answering and frees the port. */
  @Override
  public void close() {
    endpoint.close();
  }

  /** Configuration of a fake; values are checked when set. */
  public static final class Builder {
    private String accountId = DEFAULT_ACCOUNT_ID;
    private String region = DEFAULT_REGION;
    private Clock clock = Clock.systemUTC();
    private int pollsUntilAvailable = 1;
    private int metricDataPageSize = 100_800;

    private Builder() {}

    /** The twelve-digit account STS reports and ARNs carry. */
    public Builder accountId(String accountId) {
      if (accountId == null || !accountId.matches("\\d{12}")) {
        throw new InvalidInputException("accountId must be twelve digits, got: " + accountId);
      }
      this.accountId = accountId;
      return this;
    }

    /** The region ARNs and answers carry; clients built by {@link FakeAwsClients} use it. */
    public Builder region(String region) {
      if (region == null || !region.matches("[a-z]{2}(-[a-z]+)+-\\d")) {
        throw new InvalidInputException("region must look like us-east-1, got: " + region);
      }
      this.region = region;
      return this;
    }

    /** The clock for creation times, restore windows and seeded backup ages. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * How many DescribeDBInstances answers show a restored instance as {@code creating} before
     * it turns {@code available} (default 1; 0 means available at the first describe).
     */
    public Builder pollsUntilAvailable(int polls) {
      if (polls < 0) {
        throw new InvalidInputException("pollsUntilAvailable must be zero or more, got: " + polls);
      }
      this.pollsUntilAvailable = polls;
      return this;
    }

    /**
     * How many data points one CloudWatch {@code GetMetricData} answer holds when the request
     * sets no {@code MaxDatapoints} (default 100,800, AWS's own); a small page makes callers
     * read {@code NextToken}.
     */
    public Builder metricDataPageSize(int dataPoints) {
      if (dataPoints < 1) {
        throw new InvalidInputException("metricDataPageSize must be at least 1, got: " + dataPoints);
      }
      this.metricDataPageSize = dataPoints;
      return this;
    }

    public FakeAws build() {
      return new FakeAws(this);
    }
  }
}
