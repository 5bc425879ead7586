package dev.safeops.aws.dynamodb.internal;

import dev.safeops.aws.dynamodb.StoreRequests;
import dev.safeops.core.AuditException;
import dev.safeops.core.StoreException;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;

/**
 * The one table every DynamoDB store shares: the client, the request settings every call
 * carries (the store marker and deadlines), and the retry that wraps idempotent reads and
 * conditional writes. Never used for an execution. Thread-safe.
 */
public final class StoreTable {
  public static final String PK = "pk";
  public static final String SK = "sk";
  public static final String TTL = "ttl";
  /** A random id written by each conditional write, so a retry can recognise its own earlier success. */
  public static final String WRITE_ID = "writeId";

  private final DynamoDbClient client;
  private final String name;
  private final Clock clock;
  private final Retry retry;
  private final int maxAttempts;
  private final AwsRequestOverrideConfiguration override;

  public StoreTable(DynamoDbClient client, String name, Clock clock, int maxAttempts, Duration attemptTimeout, Duration callTimeout) {
    this.client = Objects.requireNonNull(client, "client");
    this.name = Objects.requireNonNull(name, "table");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.maxAttempts = maxAttempts;
    this.override = AwsRequestOverrideConfiguration.builder()
        .putExecutionAttribute(StoreRequests.STORE_REQUEST, Boolean.TRUE)
        .apiCallAttemptTimeout(attemptTimeout)
        .apiCallTimeout(callTimeout)
        .build();
    this.retry = Retry.of("safeops-dynamodb-" + name, RetryConfig.custom()
        .maxAttempts(maxAttempts)
        .intervalFunction(IntervalFunction.ofExponentialRandomBackoff(Duration.ofMillis(50), 2.0, Duration.ofSeconds(1)))
        .retryOnException(StoreTable::isTransient)
        .failAfterMaxAttempts(false)
        .build());
  }

  public DynamoDbClient client() {
    return client;
  }

  public String name() {
    return name;
  }

  public Clock clock() {
    return clock;
  }

  /** The marker and deadlines every store request carries. */
  public AwsRequestOverrideConfiguration override() {
    return override;
  }

  public static Map<String, AttributeValue> key(String pk, String sk) {
    return Map.of(PK, s(pk), SK, s(sk));
  }

  public static String newWriteId() {
    return UUID.randomUUID().toString();
  }

  /**
   * True when a conditional check failed only because an earlier attempt of the same call
   * (whose answer was lost) already wrote: the item DynamoDB returned carries our write id.
   */
  public static boolean ownEarlierWrite(ConditionalCheckFailedException e, String writeId) {
    Map<String, AttributeValue> item = e.item();
    return item != null && item.containsKey(WRITE_ID) && writeId.equals(item.get(WRITE_ID).s());
  }

  public static AttributeValue s(String v) {
    return AttributeValue.fromS(v);
  }

  public static AttributeValue n(long v) {
    return AttributeValue.fromN(Long.toString(v));
  }

  /**
   * Runs one idempotent read or one conditional write, retrying only transient failures
   * (throttling, server errors, timeouts, connection failures); a conditional check that fails
   * is the caller's answer and must be caught inside {@code call}.
   *
   * @throws StoreException naming {@code store} and the reason, when DynamoDB did not answer
   */
  public <T> T call(String store, String what, Supplier<T> call) {
    try {
      return Retry.decorateSupplier(retry, call).get();
    } catch (RuntimeException e) {
      String reason = "DynamoDB table '" + name + "' could not " + what + ": " + reason(e)
          + (isTransient(e) ? " (gave up after " + maxAttempts + " attempts)" : "");
      if ("audit".equals(store)) {
        throw new AuditException(reason, e);
      }
      throw new StoreException(store, reason, e);
    }
  }

  static boolean isTransient(Throwable e) {
    if (e instanceof SdkClientException) {
      return true;
    }
    if (e instanceof AwsServiceException s) {
      return s.isThrottlingException() || s.statusCode() >= 500;
    }
    return false;
  }

  static String reason(Throwable e) {
    if (e instanceof ApiCallAttemptTimeoutException || e instanceof ApiCallTimeoutException) {
      return "no answer in time (" + e.getMessage() + ")";
    }
    if (e instanceof ResourceNotFoundException) {
      return "the table does not exist; create it with DynamoDbStores.createTable";
    }
    if (e instanceof AwsServiceException s) {
      String code = s.awsErrorDetails() == null ? null : s.awsErrorDetails().errorCode();
      return (s.isThrottlingException() ? "throttled" : "refused") + " (" + (code == null ? "HTTP " + s.statusCode() : code)
          + ": " + (s.awsErrorDetails() == null ? s.getMessage() : s.awsErrorDetails().errorMessage()) + ")";
    }
    if (e instanceof SdkClientException) {
      return "unreachable (" + e.getMessage() + ")";
    }
    return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
  }
}
