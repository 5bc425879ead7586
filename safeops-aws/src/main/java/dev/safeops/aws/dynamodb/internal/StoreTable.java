package dev.safeops.aws.dynamodb.internal;

import dev.safeops.aws.internal.RequestFacts;
import dev.safeops.core.AuditException;
import dev.safeops.core.StoreException;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.DescribeTableRequest;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;
import software.amazon.awssdk.services.dynamodb.model.UpdateTimeToLiveRequest;

/**
 * The one table every DynamoDB store shares: the client, the request settings every call
 * carries (the store capability and deadlines), and the retry that wraps idempotent reads and
 * conditional writes. Never used for an execution. Thread-safe.
 *
 * <p><b>The store capability.</b> The safeops SDK interceptor lets a request to a store table
 * through unguarded only when it carries a {@link Capability}: an instance of a class private
 * to this one, minted here for that request's exact content (its fingerprint) and put under an
 * execution attribute whose key is private too. Ordinary code can neither name the key nor
 * create a capability; a capability copied from a request the stores sent (through a spy
 * client, say) only admits a request with the same content, which the stores' own API would
 * send anyway. Every other mutating request that names a store table is refused, even inside
 * an approved execution. Reflection and interceptors the consumer registers on the client see
 * everything and are outside what this guarantees.
 */
public final class StoreTable {
  private static final ExecutionAttribute<Object> CAPABILITY = new ExecutionAttribute<>("dev.safeops.aws.dynamodb.StoreCapability");
  /** Every table a StoreTable was made for in this JVM; only ever grows. */
  private static final Set<String> STORE_TABLES = ConcurrentHashMap.newKeySet();

  /** Proof that this class built the request with this fingerprint; only this class can create one. */
  private static final class Capability {
    private final String fingerprint;

    private Capability(String fingerprint) {
      this.fingerprint = fingerprint;
    }

    @Override
    public String toString() {
      return "safeops store capability";
    }
  }

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
    STORE_TABLES.add(name);
    this.override = AwsRequestOverrideConfiguration.builder()
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

  PutItemResponse putItem(Consumer<PutItemRequest.Builder> request) {
    PutItemRequest.Builder b = PutItemRequest.builder();
    request.accept(b);
    return client.putItem(mark(b.build()));
  }

  UpdateItemResponse updateItem(Consumer<UpdateItemRequest.Builder> request) {
    UpdateItemRequest.Builder b = UpdateItemRequest.builder();
    request.accept(b);
    return client.updateItem(mark(b.build()));
  }

  GetItemResponse getItem(Consumer<GetItemRequest.Builder> request) {
    GetItemRequest.Builder b = GetItemRequest.builder();
    request.accept(b);
    return client.getItem(mark(b.build()));
  }

  QueryResponse query(Consumer<QueryRequest.Builder> request) {
    QueryRequest.Builder b = QueryRequest.builder();
    request.accept(b);
    return client.query(mark(b.build()));
  }

  ScanResponse scan(Consumer<ScanRequest.Builder> request) {
    ScanRequest.Builder b = ScanRequest.builder();
    request.accept(b);
    return client.scan(mark(b.build()));
  }

  /**
   * Creates the table (key schema, on-demand capacity, TTL on {@link #TTL}) and waits until it
   * is active; does nothing to a table that already exists.
   */
  public void createTable() {
    try {
      client.createTable(mark(CreateTableRequest.builder().tableName(name)
          .attributeDefinitions(
              AttributeDefinition.builder().attributeName(PK).attributeType(ScalarAttributeType.S).build(),
              AttributeDefinition.builder().attributeName(SK).attributeType(ScalarAttributeType.S).build())
          .keySchema(
              KeySchemaElement.builder().attributeName(PK).keyType(KeyType.HASH).build(),
              KeySchemaElement.builder().attributeName(SK).keyType(KeyType.RANGE).build())
          .billingMode(BillingMode.PAY_PER_REQUEST)
          .build()));
    } catch (ResourceInUseException exists) {
      return;
    }
    for (int i = 0; i < 600; i++) {
      TableStatus status = client.describeTable(mark(DescribeTableRequest.builder().tableName(name).build())).table().tableStatus();
      if (status == TableStatus.ACTIVE) {
        break;
      }
      java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
    }
    client.updateTimeToLive(mark(UpdateTimeToLiveRequest.builder().tableName(name)
        .timeToLiveSpecification(t -> t.attributeName(TTL).enabled(true)).build()));
  }

  /** The request with the deadlines and a capability for exactly its content. */
  @SuppressWarnings("unchecked")
  private <Q extends DynamoDbRequest> Q mark(Q request) {
    AwsRequestOverrideConfiguration marked = override.toBuilder()
        .putExecutionAttribute(CAPABILITY, new Capability(fingerprint(request))).build();
    return (Q) request.toBuilder().overrideConfiguration(marked).build();
  }

  private static String fingerprint(SdkRequest request) {
    return RequestFacts.fingerprint("dynamodb", request.getClass().getSimpleName(), request);
  }

  /**
   * True when {@code request} is one the stores built and sent as it is: it carries a
   * capability minted for exactly its content, it is one of the operations the stores send,
   * and it names a store table.
   */
  public static boolean isExempt(SdkRequest request, ExecutionAttributes attributes) {
    if (request == null || attributes == null || !(attributes.getAttribute(CAPABILITY) instanceof Capability c)) {
      return false;
    }
    String table;
    if (request instanceof GetItemRequest r) {
      table = r.tableName();
    } else if (request instanceof PutItemRequest r) {
      table = r.tableName();
    } else if (request instanceof UpdateItemRequest r) {
      table = r.tableName();
    } else if (request instanceof QueryRequest r) {
      table = r.tableName();
    } else if (request instanceof CreateTableRequest r) {
      table = r.tableName();
    } else if (request instanceof DescribeTableRequest r) {
      table = r.tableName();
    } else if (request instanceof UpdateTimeToLiveRequest r) {
      table = r.tableName();
    } else {
      return false;
    }
    return table != null && STORE_TABLES.contains(table) && c.fingerprint.equals(fingerprint(request));
  }

  /**
   * True when a DynamoDB request names a store table anywhere: a {@code ...TableName} member, a
   * table ARN in an {@code ...Arn} member, a key of {@code RequestItems}, or a PartiQL statement.
   */
  public static boolean namesStoreTable(SdkPojo request) {
    return request != null && names(request, "");
  }

  private static boolean names(Object v, String member) {
    if (v instanceof SdkPojo p) {
      for (SdkField<?> f : p.sdkFields()) {
        Object value = f.getValueOrDefault(p);
        if (value != null && names(value, f.memberName())) {
          return true;
        }
      }
      return false;
    }
    if (v instanceof Collection<?> c) {
      for (Object e : c) {
        if (names(e, member)) {
          return true;
        }
      }
      return false;
    }
    if (v instanceof Map<?, ?> m) {
      for (Map.Entry<?, ?> e : m.entrySet()) {
        if ((member.equals("RequestItems") && STORE_TABLES.contains(String.valueOf(e.getKey()))) || names(e.getValue(), member)) {
          return true;
        }
      }
      return false;
    }
    if (!(v instanceof String s)) {
      return false;
    }
    String m = member.toLowerCase(Locale.ROOT);
    if (m.endsWith("tablename") && STORE_TABLES.contains(s)) {
      return true;
    }
    if (m.endsWith("arn") || m.endsWith("arns")) {
      int at = s.indexOf(":table/");
      if (at >= 0) {
        String rest = s.substring(at + ":table/".length());
        int slash = rest.indexOf('/');
        return STORE_TABLES.contains(slash < 0 ? rest : rest.substring(0, slash));
      }
      return false;
    }
    if (m.equals("statement")) {
      // PartiQL names the table as an identifier, quoted or not: any token equal to a store table counts.
      for (String token : s.split("[^A-Za-z0-9_.\\-]+")) {
        if (STORE_TABLES.contains(token)) {
          return true;
        }
      }
    }
    return false;
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
