package dev.safeops.aws.dynamodb;

import dev.safeops.aws.dynamodb.internal.DynamoDbApprovalLedger;
import dev.safeops.aws.dynamodb.internal.DynamoDbAuditLog;
import dev.safeops.aws.dynamodb.internal.DynamoDbBudgetLedger;
import dev.safeops.aws.dynamodb.internal.DynamoDbLockProvider;
import dev.safeops.aws.dynamodb.internal.DynamoDbRequestLedger;
import dev.safeops.aws.dynamodb.internal.DynamoDbStateLedger;
import dev.safeops.aws.dynamodb.internal.StoreTable;
import dev.safeops.core.ApprovalLedger;
import dev.safeops.core.AuditLog;
import dev.safeops.core.BudgetLedger;
import dev.safeops.core.GuardedExecutor;
import dev.safeops.core.LockProvider;
import dev.safeops.core.RequestLedger;
import dev.safeops.core.StateLedger;
import dev.safeops.core.StoreException;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Every safeops store in one DynamoDB table, so several machines share one guard: the lock
 * (with fencing tokens), the used approvals, the durable approval requests, the state ledger, the
 * destructive budget and the audit trail. Every state change is a conditional write.
 *
 * <pre>{@code
 * DynamoDbStores stores = DynamoDbStores.create(dynamoDbClient, "safeops");
 * GuardedExecutor executor = stores.applyTo(GuardedExecutor.builder()).build();
 * }</pre>
 *
 * <p><b>The table.</b> Partition key {@code pk} (S), sort key {@code sk} (S), on-demand
 * capacity, TTL on the number attribute {@code ttl} (epoch seconds). Items:
 *
 * <pre>
 *  pk                    sk               attributes
 *  lock#{scope}          lease            token (N, fencing counter), owner (S), expiresAt (N, epoch ms)
 *  approval#{id}         used             operationId (S), usedAt (S), ttl (N: the approval's expiry)
 *  requests              request#{id}     version (N), body (S, the request's JSON), ttl (N: 30 days after its expiry or last write)
 *  state#{workspace}     record           lineage (S), serial (N), updatedAt (S)
 *  budget#{key}          window           version (N), entries (L of {at: N epoch ms, n: N}), ttl (N)
 *  audit#{operationId}   seq#{0000000001} event (S, the audit JSON line)
 * </pre>
 *
 * Every conditional write also sets {@code writeId} (S), a random id per call: when a retry
 * finds its condition failed, DynamoDB returns the item, and a matching {@code writeId} shows
 * that the earlier attempt (whose answer was lost) succeeded, so retries never turn one
 * success into a refusal or a double grant. Lock and audit items never expire. Expiry is judged on the injected clock, so the hosts
 * sharing a table must keep their clocks in sync (NTP); the lease should exceed the clock skew
 * by far.
 *
 * <p><b>Failure.</b> A store call that DynamoDB does not answer (throttling, timeout,
 * unreachable endpoint, missing table) throws {@link StoreException} naming the store and the
 * reason, and the executor refuses: nothing executes. Idempotent reads and conditional writes
 * are retried (Resilience4j, exponential backoff with jitter, {@link Builder#maxAttempts}); a
 * conditional check that fails is an answer (lock held, approval used, ledger behind, budget spent, event
 * recorded, request changed by another writer), never retried as an error. Every request carries a capability only the stores can
 * mint ({@link StoreRequests}), so the safeops SDK interceptor lets it through; it refuses any
 * other write to the table, so the audit, used approvals, locks and budgets change only through
 * these stores.
 *
 * <p>Immutable and thread-safe; the stores may be shared by every thread of the process.
 */
public final class DynamoDbStores {
  private final StoreTable table;
  private final LockProvider lockProvider;
  private final ApprovalLedger approvalLedger;
  private final RequestLedger requestLedger;
  private final StateLedger stateLedger;
  private final BudgetLedger budgetLedger;
  private final AuditLog auditLog;

  private DynamoDbStores(Builder b) {
    this.table = new StoreTable(b.client, b.tableName, b.clock, b.maxAttempts, b.attemptTimeout, b.callTimeout);
    this.lockProvider = new DynamoDbLockProvider(table);
    this.approvalLedger = new DynamoDbApprovalLedger(table);
    this.requestLedger = new DynamoDbRequestLedger(table);
    this.stateLedger = new DynamoDbStateLedger(table);
    this.budgetLedger = new DynamoDbBudgetLedger(table);
    this.auditLog = new DynamoDbAuditLog(table);
  }

  /** The stores in {@code tableName}, on the system UTC clock, with the default deadlines and retries. */
  public static DynamoDbStores create(DynamoDbClient client, String tableName) {
    return builder(client, tableName).build();
  }

  public static Builder builder(DynamoDbClient client, String tableName) {
    return new Builder(client, tableName);
  }

  /**
   * Creates the table (key schema, on-demand capacity, TTL on {@code ttl}) and waits until it
   * is active; does nothing to a table that already exists. For tests and first use: in
   * production, create the table with your infrastructure code from the layout above.
   *
   * @throws StoreException when DynamoDB refuses or does not answer
   */
  public static void createTable(DynamoDbClient client, String tableName) {
    Objects.requireNonNull(client, "client");
    Builder.requireTableName(tableName);
    try {
      new StoreTable(client, tableName, Clock.systemUTC(), 1, Duration.ofSeconds(10), Duration.ofSeconds(30)).createTable();
    } catch (RuntimeException e) {
      throw new StoreException("table", "could not create DynamoDB table '" + tableName + "': " + e.getMessage(), e);
    }
  }

  /** Sets the lock provider, approval ledger, budget ledger and audit sink of {@code builder} to these stores. */
  public GuardedExecutor.Builder applyTo(GuardedExecutor.Builder builder) {
    return builder.lockProvider(lockProvider).approvalLedger(approvalLedger).budgetLedger(budgetLedger).auditSink(auditLog);
  }

  public LockProvider lockProvider() {
    return lockProvider;
  }

  public ApprovalLedger approvalLedger() {
    return approvalLedger;
  }

  /** The durable approval requests, for an {@link dev.safeops.core.ApprovalDesk} shared by several machines. */
  public RequestLedger requestLedger() {
    return requestLedger;
  }

  public StateLedger stateLedger() {
    return stateLedger;
  }

  public BudgetLedger budgetLedger() {
    return budgetLedger;
  }

  /** The audit trail; to also log elsewhere, wrap it in {@code AuditSink.composite} after {@link #applyTo}. */
  public AuditLog auditLog() {
    return auditLog;
  }

  public String tableName() {
    return table.name();
  }

  /** Configures {@link DynamoDbStores}; every setter validates and names the bad value. */
  public static final class Builder {
    private final DynamoDbClient client;
    private final String tableName;
    private Clock clock = Clock.systemUTC();
    private int maxAttempts = 3;
    private Duration attemptTimeout = Duration.ofSeconds(2);
    private Duration callTimeout = Duration.ofSeconds(5);

    private Builder(DynamoDbClient client, String tableName) {
      this.client = Objects.requireNonNull(client, "client");
      this.tableName = requireTableName(tableName);
    }

    static String requireTableName(String tableName) {
      if (tableName == null || !tableName.matches("[a-zA-Z0-9_.-]{3,255}")) {
        throw new IllegalArgumentException("not a DynamoDB table name (3-255 of a-z A-Z 0-9 _ . -): " + tableName);
      }
      return tableName;
    }

    /** The clock lease expiry is judged on; default the system UTC clock. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** Attempts per read or conditional write, counting the first; default 3. */
    public Builder maxAttempts(int maxAttempts) {
      if (maxAttempts < 1 || maxAttempts > 10) {
        throw new IllegalArgumentException("maxAttempts must be within 1..10, was " + maxAttempts);
      }
      this.maxAttempts = maxAttempts;
      return this;
    }

    /** Deadline of one HTTP attempt (default 2 s) and of one call with the SDK's own retries (default 5 s). */
    public Builder timeouts(Duration attempt, Duration call) {
      if (attempt == null || attempt.isNegative() || attempt.isZero() || call == null || call.compareTo(attempt) < 0) {
        throw new IllegalArgumentException("timeouts must be positive with call >= attempt, were " + attempt + " and " + call);
      }
      this.attemptTimeout = attempt;
      this.callTimeout = call;
      return this;
    }

    public DynamoDbStores build() {
      return new DynamoDbStores(this);
    }
  }
}
