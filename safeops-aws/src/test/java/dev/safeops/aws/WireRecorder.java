package dev.safeops.aws;

import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Registered after {@link SafeOpsInterceptor}: records each request that got as far as
 * the wire (beforeTransmission runs once per attempt), with the request object the caller
 * passed in, so a test sees retries and substitutions.
 */
final class WireRecorder implements ExecutionInterceptor {
  record Sent(String service, String operation, SdkRequest original) {
    String name() {
      return service + ":" + operation;
    }
  }

  private static final software.amazon.awssdk.core.interceptor.ExecutionAttribute<SdkRequest> ORIGINAL =
      new software.amazon.awssdk.core.interceptor.ExecutionAttribute<>("test.WireRecorder.original");
  private final List<Sent> sent = new ArrayList<>();

  @Override
  public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
    attributes.putAttribute(ORIGINAL, context.request());
  }

  @Override
  public synchronized void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
    sent.add(new Sent(attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME),
        attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME), attributes.getAttribute(ORIGINAL)));
  }

  synchronized List<Sent> sent() {
    return List.copyOf(sent);
  }

  /** Everything sent that the catalog does not call a read (EC2 dry runs included). */
  synchronized List<Sent> mutations() {
    return sent.stream()
        .filter(s -> OperationCatalog.defaults().classify(s.service(), s.operation()).effect().mutates())
        .toList();
  }

  synchronized void clear() {
    sent.clear();
  }
}
