package dev.safeops.aws;

import dev.safeops.aws.internal.live.Inquiry;
import dev.safeops.aws.internal.live.LiveCatalog;
import dev.safeops.aws.internal.live.LiveClients;
import dev.safeops.core.Finding;
import dev.safeops.core.InvalidInputException;
import dev.safeops.core.Operation;
import dev.safeops.core.Plan;
import dev.safeops.core.ResourceCatalog;
import dev.safeops.core.Rule;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.core.SdkClient;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.rds.RdsClient;

/**
 * The rule {@value #RULE_ID}: is anything using what the plan deletes? For each resource a
 * plan deletes or replaces (a Terraform plan, an SDK or AWS CLI dry run alike), it reads the
 * live account within a time budget (default 5 s for the whole
 * plan, reads in parallel, every listing to its last page):
 * <ul>
 *   <li>activity from CloudWatch over a look-back window (default 24 h): RDS {@code
 *       DatabaseConnections}, ALB {@code RequestCount}, EC2 {@code NetworkIn} and {@code
 *       CPUUtilization}, ECS service {@code RunningTaskCount} (Container Insights), Lambda
 *       {@code Invocations}, DynamoDB consumed read and write capacity;
 *   <li>dependents outside the plan: network interfaces in a VPC or subnet being deleted,
 *       targets registered behind a load balancer, instances and interfaces in a security
 *       group (a dependent the plan deletes too, by id, attached instance or owning load
 *       balancer, does not count);
 *   <li>age: when the resource was created, and, given {@link Builder#sessionStart}, whether
 *       this session created it.
 * </ul>
 * A resource in use gets a finding that names the evidence ({@code courses-prod: 14
 * connections in the last hour, created 2.5 years ago, not created by this session}), HIGH,
 * CRITICAL for a data store ({@link dev.safeops.core.ResourceCategory#DATA_STORE}) in
 * PRODUCTION. A resource whose evidence could not be read in time, was refused, or cannot be
 * told from the plan (no identifier) gets {@value #CHECK_FAILED} at the same level: never a
 * clean bill, never a hang. A resource with no activity and no dependents gets no finding,
 * so cleaning up real duplicates stays easy. Types the live catalog does not know are left
 * to the other rules.
 *
 * <p>Which attributes name the AWS resource ({@code aws_db_instance} {@code identifier},
 * {@code aws_lb} {@code arn}, {@code aws_instance} {@code id}...) and which series and
 * dependents are read is data: {@code dev/safeops/aws/live-evidence.json}. Types are matched
 * through the {@link ResourceCatalog}, so its aliases ({@code AWS::RDS::DBInstance}) count.
 *
 * <p>Every call it sends is a read ({@code GetMetricData}, {@code Describe*}), so clients with
 * the {@link SafeOpsInterceptor} registered pass it untouched. Add it like any rule, to the
 * evaluator of the executor that runs Terraform, SDK or AWS CLI actions:
 * <pre>{@code
 * try (LiveEvidence live = LiveEvidence.builder().defaultClients().build()) {
 *   GuardedExecutor executor = GuardedExecutor.builder()
 *       .evaluator(BlastRadiusEvaluator.builder().addRule(live).build())
 *       ...
 * }
 * }</pre>
 * Thread-safe: each evaluation has its own pool, stopped when it returns. {@link #close()}
 * closes the clients {@link Builder#defaultClients()} built, never those it was given.
 */
public final class LiveEvidence implements Rule, AutoCloseable {
  /** The finding that a resource is in use. */
  public static final String RULE_ID = Inquiry.IN_USE;
  /** The finding that the evidence could not be read: judged as in use. */
  public static final String CHECK_FAILED = Inquiry.CHECK_FAILED;
  static final long DEFAULT_BUDGET_SECONDS = 5;

  private final Inquiry.Settings settings;
  private final List<SdkClient> owned;

  private LiveEvidence(Inquiry.Settings settings, List<SdkClient> owned) {
    this.settings = settings;
    this.owned = List.copyOf(owned);
  }

  public static Builder builder() {
    return new Builder();
  }

  @Override
  public String id() {
    return RULE_ID;
  }

  /**
   * The findings for {@code plan}. Returns within about the budget; a read that fails or is
   * late is a {@value #CHECK_FAILED} finding, not an exception.
   */
  @Override
  public List<Finding> evaluate(Plan plan, Operation operation) {
    return Inquiry.judge(settings, Objects.requireNonNull(plan, "plan"), Objects.requireNonNull(operation, "operation"));
  }

  /** Closes the clients {@link Builder#defaultClients()} built. */
  @Override
  public void close() {
    owned.forEach(SdkClient::close);
  }

  /** Configures {@link LiveEvidence}; values are checked when set. */
  public static final class Builder {
    private CloudWatchClient cloudWatch;
    private RdsClient rds;
    private Ec2Client ec2;
    private ElasticLoadBalancingV2Client elb;
    private EcsClient ecs;
    private DynamoDbClient dynamoDb;
    private boolean defaultClients;
    private Duration budget = Duration.ofSeconds(DEFAULT_BUDGET_SECONDS);
    private Duration lookBack = Duration.ofHours(24);
    private Clock clock = Clock.systemUTC();
    private Instant sessionStart;
    private ResourceCatalog catalog = ResourceCatalog.defaults();
    private int parallelism = 16;

    private Builder() {}

    public Builder cloudWatch(CloudWatchClient cloudWatch) {
      this.cloudWatch = Objects.requireNonNull(cloudWatch, "cloudWatch");
      return this;
    }

    public Builder rds(RdsClient rds) {
      this.rds = Objects.requireNonNull(rds, "rds");
      return this;
    }

    public Builder ec2(Ec2Client ec2) {
      this.ec2 = Objects.requireNonNull(ec2, "ec2");
      return this;
    }

    public Builder elasticLoadBalancingV2(ElasticLoadBalancingV2Client elb) {
      this.elb = Objects.requireNonNull(elb, "elb");
      return this;
    }

    public Builder ecs(EcsClient ecs) {
      this.ecs = Objects.requireNonNull(ecs, "ecs");
      return this;
    }

    public Builder dynamoDb(DynamoDbClient dynamoDb) {
      this.dynamoDb = Objects.requireNonNull(dynamoDb, "dynamoDb");
      return this;
    }

    /**
     * Builds every client not given from the SDK's defaults: the default credential chain and
     * region, and the endpoint from {@code AWS_ENDPOINT_URL} (or {@code aws.endpointUrl},
     * the profile's {@code endpoint_url}) when set, so the rule can be pointed at a test
     * endpoint; with the JDK's HTTP client and an API call timeout of the budget. {@link
     * #build()} throws {@link InvalidInputException} when no region is configured.
     */
    public Builder defaultClients() {
      this.defaultClients = true;
      return this;
    }

    /** The time the whole plan's evidence may take; default 5 s. */
    public Builder budget(Duration budget) {
      this.budget = positive(budget, "budget");
      return this;
    }

    /** How far back activity counts; default 24 h, at least a minute. */
    public Builder lookBack(Duration lookBack) {
      positive(lookBack, "lookBack");
      if (lookBack.compareTo(Duration.ofMinutes(1)) < 0) {
        throw new IllegalArgumentException("lookBack must be at least a minute (CloudWatch's smallest period), was " + lookBack);
      }
      this.lookBack = lookBack;
      return this;
    }

    /** The clock the window and ages are measured on. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** When this session began: a resource created before it is "not created by this session". */
    public Builder sessionStart(Instant sessionStart) {
      this.sessionStart = Objects.requireNonNull(sessionStart, "sessionStart");
      return this;
    }

    /** The catalog that says which types are data stores, and their aliases; default {@link ResourceCatalog#defaults()}. */
    public Builder catalog(ResourceCatalog catalog) {
      this.catalog = Objects.requireNonNull(catalog, "catalog");
      return this;
    }

    /** How many reads run at once; default 16. */
    public Builder parallelism(int parallelism) {
      if (parallelism < 1) {
        throw new IllegalArgumentException("parallelism must be at least 1, was " + parallelism);
      }
      this.parallelism = parallelism;
      return this;
    }

    public LiveEvidence build() {
      List<SdkClient> owned = new ArrayList<>();
      try {
        if (defaultClients) {
          cloudWatch = cloudWatch != null ? cloudWatch : own(owned, CloudWatchClient::builder);
          rds = rds != null ? rds : own(owned, RdsClient::builder);
          ec2 = ec2 != null ? ec2 : own(owned, Ec2Client::builder);
          elb = elb != null ? elb : own(owned, ElasticLoadBalancingV2Client::builder);
          ecs = ecs != null ? ecs : own(owned, EcsClient::builder);
          dynamoDb = dynamoDb != null ? dynamoDb : own(owned, DynamoDbClient::builder);
        }
      } catch (SdkClientException e) {
        owned.forEach(SdkClient::close);
        throw new InvalidInputException("Live evidence cannot reach AWS: " + e.getMessage()
            + " (set AWS_REGION, or a region in the profile).", e);
      }
      return new LiveEvidence(new Inquiry.Settings(new LiveClients(cloudWatch, rds, ec2, elb, ecs, dynamoDb),
          LiveCatalog.shipped(), catalog, budget, lookBack, clock, Optional.ofNullable(sessionStart), parallelism), owned);
    }

    private <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C extends SdkClient> C own(
        List<SdkClient> owned, Supplier<B> builder) {
      C client = builder.get()
          .httpClientBuilder(UrlConnectionHttpClient.builder())
          .overrideConfiguration(o -> o.apiCallTimeout(budget))
          .build();
      owned.add(client);
      return client;
    }

    private static Duration positive(Duration d, String name) {
      Objects.requireNonNull(d, name);
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(name + " must be positive, was " + d);
      }
      return d;
    }
  }
}
