package dev.safeops.aws.internal;

import dev.safeops.aws.AccountGuard;
import dev.safeops.core.GuardedAction;
import dev.safeops.core.InvariantViolationException;
import dev.safeops.core.Plan;
import dev.safeops.core.ResourceChange;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.Supplier;
import software.amazon.awssdk.core.SdkClient;
import software.amazon.awssdk.core.SdkRequest;

/**
 * One SDK call as a guarded action. The dry run checks the account and region first, runs
 * the service's native dry run when there is one, describes the live resources, and pins
 * the exact request in the plan's bindings; execute sends that same request object, once.
 */
public final class SdkAction<Q extends SdkRequest, R> implements GuardedAction<R> {
  private final String scope;
  private final String service;
  private final String operation;
  private final Q request;
  private final SdkClient client;
  private final AccountGuard accountGuard;
  private final Runnable nativeDryRun;
  private final Supplier<List<ResourceChange>> planner;
  private final Function<Q, R> call;
  private final AtomicBoolean executed = new AtomicBoolean();

  public SdkAction(String scope, String service, String operation, Q request, SdkClient client,
      AccountGuard accountGuard, Runnable nativeDryRun, Supplier<List<ResourceChange>> planner, Function<Q, R> call) {
    this.scope = scope;
    this.service = service;
    this.operation = operation;
    this.request = request;
    this.client = client;
    this.accountGuard = accountGuard;
    this.nativeDryRun = nativeDryRun;
    this.planner = planner;
    this.call = call;
  }

  @Override
  public String scope() {
    return scope;
  }

  /** The exact request this action sends when executed. */
  public Q request() {
    return request;
  }

  @Override
  public Plan dryRun() {
    String account = accountGuard.check(client);
    if (nativeDryRun != null) {
      nativeDryRun.run();
    }
    List<ResourceChange> changes = planner.get();
    return Plan.builder()
        .changes(changes)
        .binding(AwsBindings.REQUEST_PREFIX + "0", RequestFacts.fingerprint(service, operation, request))
        .binding(AwsBindings.OPERATIONS, service + ":" + operation)
        .binding(AwsBindings.ACCOUNT, account)
        .binding(AwsBindings.REGION, accountGuard.environment().region().orElse(""))
        .source("aws " + service + ":" + operation + " dry run in " + accountGuard.environment().name())
        .build();
  }

  @Override
  public R execute(Plan approved) {
    if (!executed.compareAndSet(false, true)) {
      throw new InvariantViolationException("aws " + service + ":" + operation + " on " + scope
          + " was asked to execute a second time: a guarded action executes once");
    }
    return call.apply(request);
  }
}
