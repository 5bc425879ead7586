package dev.safeops.aws;

import dev.safeops.aws.OperationCatalog.ClassifiedOperation;
import dev.safeops.aws.internal.MutationGuard;
import java.util.Objects;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * An AWS SDK v2 {@link ExecutionInterceptor} that refuses every mutating request unless it
 * runs inside an approved guarded execution for that operation and those targets.
 *
 * <p>Add it to each client:
 * <pre>{@code
 * RdsClient rds = RdsClient.builder()
 *     .overrideConfiguration(c -> c.addExecutionInterceptor(new SafeOpsInterceptor()))
 *     .build();
 * }</pre>
 * or, opt-in, to every client of the JVM by putting a classpath resource {@code
 * software/amazon/awssdk/global/handlers/execution.interceptors} containing the line {@code
 * dev.safeops.aws.SafeOpsInterceptor} in your own application (safeops does not ship that
 * file: registering globally is your decision). <b>Shaded or fat jars must merge the {@code
 * execution.interceptors} files</b> (maven-shade's {@code AppendingTransformer}, Gradle
 * shadow's {@code append}); otherwise one file overwrites the other and the guard silently
 * disappears. Prefer registering per client, where its absence is visible in code.
 *
 * <p>How it decides, in {@code beforeExecution} (before anything is marshalled or signed;
 * on the caller's thread, for async clients too) and again in {@code beforeMarshalling}, from
 * the service and operation names the SDK puts in the execution attributes:
 * <ol>
 *   <li>a read (per the {@link OperationCatalog}) passes; so does an EC2 request with
 *       {@code DryRun=true}, which EC2 checks and never executes;
 *   <li>safeops' own DynamoDB store requests pass ({@link
 *       dev.safeops.aws.dynamodb.StoreRequests#isExempt}): they carry a capability only the
 *       stores' implementation can mint, bound to the request's exact content, and are one of
 *       the few item operations the stores send, on a table opened through {@code
 *       DynamoDbStores} in this JVM. Any other mutating request that names such a table
 *       (by name, ARN, {@code RequestItems} key or PartiQL statement) is refused, even inside
 *       an approved execution;
 *   <li>anything else needs {@link dev.safeops.core.ApprovedExecution#current()}: the
 *       executor sets it on the executing thread only while an approved action executes.
 *       If the approved plan pins exact requests (every safeops AWS dry run does), the
 *       request must be one of them, field for field. Otherwise the operation must be one
 *       the approved plan lists in its {@code aws.operations} binding (comma-separated {@code
 *       service:Operation}; the operation's free-text name never counts), and every identifier
 *       the request targets ({@code DBInstanceIdentifier}, {@code InstanceIds}, {@code Bucket},
 *       {@code TableName}, ARNs...) must name a mutating change of that plan: its address, the
 *       address's last segment, or one of its identity attributes ({@code identifier}, {@code
 *       id}, {@code arn}, {@code name}, {@code bucket}, {@code table_name}, {@code
 *       db_instance_identifier}, {@code cluster_identifier}...). A resource the change only
 *       refers to ({@code replicate_source_db}, {@code vpc_id}) is not approved by it. The
 *       client's region must be the environment's (a mutation for which the SDK names no
 *       region is refused).
 * </ol>
 * A mutating request that overrides the client's credentials or signer for itself ({@code
 * overrideConfiguration().credentialsProvider(...)}, {@code signer(...)}) is refused, approved
 * or not, EC2 dry runs and reads aside: the account check of every safeops dry run is made
 * with the client's own credentials, and an approval does not follow a request into another
 * identity.
 *
 * <p>The same decision is made again in {@code beforeMarshalling}, on the request as it
 * stands after every interceptor's {@code modifyRequest}, under the approved execution seen in
 * {@code beforeExecution} (so async clients, which may marshal on another thread, are judged
 * alike): an interceptor that flips an EC2 {@code DryRun} to false or swaps the target after
 * safeops admitted the request is refused there. What interceptors do to the HTTP request
 * after marshalling ({@code modifyHttpRequest}) is not checked; register only interceptors you
 * trust on a guarded client.
 * A refusal throws {@link UnguardedMutationException} naming the service, the operation
 * and the reason. It is thrown before the SDK's retry loop, so it is never retried; sync
 * clients throw it as is, async clients complete their future exceptionally with it as the
 * cause of the SDK's {@code SdkClientException}. Unknown operations are treated as mutating;
 * missing service or operation names are refused.
 *
 * <p>Note for global registration: credential-minting calls (STS {@code AssumeRole*}, SSO
 * {@code GetRoleCredentials}) are not reads, so credential providers that call them through
 * a globally guarded client are refused outside an approved execution; give those
 * providers credentials that do not need minting, or register the guard per client.
 *
 * <p>Thread-safe and stateless; one instance may serve every client.
 */
public final class SafeOpsInterceptor implements ExecutionInterceptor {
  private final MutationGuard guard;

  /** The guard over {@link OperationCatalog#defaults()}; used by global registration. */
  public SafeOpsInterceptor() {
    this(OperationCatalog.defaults());
  }

  /** The guard over another catalog (for example the defaults with stricter entries). */
  public SafeOpsInterceptor(OperationCatalog catalog) {
    this.guard = new MutationGuard(Objects.requireNonNull(catalog, "catalog"));
  }

  @Override
  public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
    guard.check(context.request(), attributes);
  }

  /** The same decision on the final request: other interceptors' modifyRequest may have changed it. */
  @Override
  public void beforeMarshalling(Context.BeforeMarshalling context, ExecutionAttributes attributes) {
    guard.recheck(context.request(), attributes);
  }

  /** How the guard classifies a request, for diagnostics. */
  public ClassifiedOperation classify(String service, String operation) {
    return guard.catalog().classify(service, operation);
  }
}
