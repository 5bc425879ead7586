package dev.safeops.aws.internal;

import dev.safeops.aws.OperationCatalog;
import dev.safeops.aws.OperationCatalog.ClassifiedOperation;
import dev.safeops.aws.UnguardedMutationException;
import dev.safeops.aws.dynamodb.StoreRequests;
import dev.safeops.aws.dynamodb.internal.StoreTable;
import dev.safeops.core.ApprovedExecution;
import dev.safeops.core.ChangeAction;
import dev.safeops.core.Plan;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import software.amazon.awssdk.awscore.AwsExecutionAttribute;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.core.RequestOverrideConfiguration;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.regions.Region;

/** The decision behind {@link dev.safeops.aws.SafeOpsInterceptor}. Stateless. */
public final class MutationGuard {
  private final OperationCatalog catalog;

  public MutationGuard(OperationCatalog catalog) {
    this.catalog = catalog;
  }

  public OperationCatalog catalog() {
    return catalog;
  }

  /** Marks a request admitted in beforeExecution, with the approved execution it was admitted under. */
  private static final ExecutionAttribute<Object> ADMISSION = new ExecutionAttribute<>("dev.safeops.aws.Admission");

  /** What beforeExecution saw on the caller's thread; only this class can make one. */
  private static final class Admission {
    private final ApprovedExecution execution;

    private Admission(ApprovedExecution execution) {
      this.execution = execution;
    }
  }

  /**
   * The first decision, in beforeExecution on the caller's thread: returns when the request may
   * go and notes the approved execution it went under; throws {@link UnguardedMutationException}
   * when not.
   */
  public void check(SdkRequest request, ExecutionAttributes attributes) {
    Optional<ApprovedExecution> current = ApprovedExecution.current();
    decide(request, attributes, current);
    attributes.putAttribute(ADMISSION, new Admission(current.orElse(null)));
  }

  /**
   * The same decision again on the final request, in beforeMarshalling (after every
   * interceptor's modifyRequest), under the approved execution beforeExecution saw: async
   * clients may get here on another thread.
   */
  public void recheck(SdkRequest request, ExecutionAttributes attributes) {
    if (!(attributes.getAttribute(ADMISSION) instanceof Admission admission)) {
      String service = attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME);
      String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
      throw refuse(String.valueOf(service), String.valueOf(operation), "safeops refused " + service + ":" + operation
          + ": the guard never admitted it before execution (is the interceptor registered twice, or was its mark removed?)");
    }
    try {
      decide(request, attributes, Optional.ofNullable(admission.execution));
    } catch (UnguardedMutationException e) {
      throw refuse(e.service(), e.operation(), e.getMessage()
          + " (checked again on the final request, after every interceptor's modifyRequest)");
    }
  }

  private void decide(SdkRequest request, ExecutionAttributes attributes, Optional<ApprovedExecution> current) {
    String service = attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME);
    String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
    if (service == null || operation == null || request == null) {
      throw new UnguardedMutationException(String.valueOf(service), String.valueOf(operation),
          "safeops refused a request whose service or operation the SDK did not name: unknown requests are mutating");
    }
    ClassifiedOperation c = catalog.classify(service, operation);
    if (!c.effect().mutates()) {
      return;
    }
    if (VerbTierCatalog.normalise(service).equals("ec2") && RequestFacts.isDryRun(request)) {
      return;
    }
    String name = service + ":" + operation;
    if (overridesCredentials(request)) {
      // The account was verified with the client's own credentials; a request-level provider or
      // signer would sign with another identity, possibly in another account.
      throw refuse(service, operation, "safeops refused " + name + ": it overrides the client's credentials or"
          + " signer for this request; a guarded mutation runs with the credentials of the client it was planned on");
    }
    if (StoreRequests.isExempt(request, attributes)) {
      // safeops' own DynamoDB stores: only their few item operations, only on their tables.
      return;
    }
    if (VerbTierCatalog.normalise(service).equals("dynamodb") && StoreTable.namesStoreTable(request)) {
      // The audit, used approvals, locks and budgets live there: no approval may rewrite them.
      throw refuse(service, operation, "safeops refused " + name + ": it writes a safeops store table,"
          + " which only safeops' own stores may write");
    }
    if (current.isEmpty()) {
      throw refuse(service, operation, "safeops refused " + name + " (" + c.effect().name().toLowerCase(Locale.ROOT)
          + ": " + c.reason() + "): it ran outside an approved guarded execution; run it through a GuardedExecutor");
    }
    ApprovedExecution exec = current.get();
    Plan plan = exec.plan();

    Region region = attributes.getAttribute(AwsExecutionAttribute.AWS_REGION);
    Optional<String> expectedRegion = exec.operation().environment().region();
    if (expectedRegion.isPresent() && region == null) {
      throw refuse(service, operation, "safeops refused " + name + ": the SDK named no region for it, so safeops cannot"
          + " tell that it runs in " + exec.operation().environment());
    }
    if (expectedRegion.isPresent() && !expectedRegion.get().equals(region.id())) {
      throw refuse(service, operation, "safeops refused " + name + ": the client is in region " + region.id()
          + " but the approved operation runs in " + exec.operation().environment() );
    }

    // The pinned account was read by the dry run with the mutating client's own credentials
    // (AccountGuard); it catches an action planned for one environment executed under an
    // operation that names another.
    String pinnedAccount = plan.bindings().get(AwsBindings.ACCOUNT);
    Optional<String> expectedAccount = exec.operation().environment().accountId();
    if (pinnedAccount != null && expectedAccount.isPresent() && !pinnedAccount.equals(expectedAccount.get())) {
      throw refuse(service, operation, "safeops refused " + name + ": the approved plan was made in account "
          + pinnedAccount + " but the operation runs in " + exec.operation().environment());
    }

    List<String> pinned = plan.bindings().entrySet().stream()
        .filter(e -> e.getKey().startsWith(AwsBindings.REQUEST_PREFIX))
        .map(Map.Entry::getValue).toList();
    if (!pinned.isEmpty()) {
      String fingerprint = RequestFacts.fingerprint(service, operation, request);
      if (!pinned.contains(fingerprint)) {
        throw refuse(service, operation, "safeops refused " + name + ": it is not the request approved in plan "
            + plan.digest().substring(0, 12) + " for operation " + exec.operation().id()
            + " (targets " + RequestFacts.targets(request) + ")");
      }
      return;
    }

    Set<String> allowed = allowedOperations(plan);
    String key = VerbTierCatalog.normalise(service) + ":" + operation.toLowerCase(Locale.ROOT);
    if (!allowed.contains(key)) {
      throw refuse(service, operation, "safeops refused " + name + ": the approval is for "
          + (allowed.isEmpty() ? "no AWS operation (the approved plan names none in its " + AwsBindings.OPERATIONS
              + " binding)" : String.join(", ", new java.util.TreeSet<>(allowed))) + ", not this one");
    }
    Set<String> targets = RequestFacts.targets(request);
    if (targets.isEmpty()) {
      throw refuse(service, operation, "safeops refused " + name
          + ": the request names no target safeops can match against the approved plan");
    }
    Set<String> approved = ChangeIdentities.of(plan, ChangeAction::mutates);
    for (String target : targets) {
      if (!approved.contains(target)) {
        throw refuse(service, operation, "safeops refused " + name + " on " + target
            + ": the approved plan " + plan.digest().substring(0, 12) + " does not change it");
      }
    }
  }

  /**
   * The operations the approved plan itself names in its {@link AwsBindings#OPERATIONS} binding,
   * part of its digest; never the operation's free-text name, which nobody approved as a list.
   */
  private static Set<String> allowedOperations(Plan plan) {
    String listed = plan.bindings().get(AwsBindings.OPERATIONS);
    if (listed == null) {
      return Set.of();
    }
    return Arrays.stream(listed.split("[,\\s]+"))
        .map(String::trim)
        .filter(s -> s.contains(":"))
        .map(s -> VerbTierCatalog.normalise(s.substring(0, s.indexOf(':'))) + ":"
            + s.substring(s.indexOf(':') + 1).toLowerCase(Locale.ROOT))
        .collect(Collectors.toSet());
  }

  private static boolean overridesCredentials(SdkRequest request) {
    Optional<? extends RequestOverrideConfiguration> o = request.overrideConfiguration();
    if (o.isEmpty()) {
      return false;
    }
    if (o.get().signer().isPresent()) {
      return true;
    }
    return o.get() instanceof AwsRequestOverrideConfiguration aws
        && (aws.credentialsIdentityProvider().isPresent() || aws.tokenIdentityProvider().isPresent());
  }

  private static UnguardedMutationException refuse(String service, String operation, String message) {
    return new UnguardedMutationException(service, operation, message);
  }
}
