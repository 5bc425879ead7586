package dev.safeops.aws.dynamodb.internal;

import static dev.safeops.aws.dynamodb.internal.StoreTable.PK;
import static dev.safeops.aws.dynamodb.internal.StoreTable.SK;
import static dev.safeops.aws.dynamodb.internal.StoreTable.TTL;
import static dev.safeops.aws.dynamodb.internal.StoreTable.key;
import static dev.safeops.aws.dynamodb.internal.StoreTable.n;
import static dev.safeops.aws.dynamodb.internal.StoreTable.s;

import dev.safeops.core.BudgetLedger;
import dev.safeops.core.StoreException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;

/**
 * One item per budget key ({@code pk = "budget#" + key}, {@code sk = "window"}) holding a
 * {@code version} number and the list of {@code entries} ({@code {at: epoch millis, n:
 * amount}}). {@link #tryConsume} is optimistic: it reads the item (strongly consistent), sums
 * the window, and writes the new list with {@code version + 1} under the condition that the
 * version is still the one it read (or that the item is still absent).
 *
 * <p>Why the limit holds across processes: every successful write changes the version, so of
 * all writers that read version {@code v} exactly one can succeed; each success therefore
 * replaced exactly the state its sum was computed on, and the successes form one chain in
 * which each link checked {@code used + amount <= limit}. A loser reads again and decides
 * again. Entries later than {@code now} still count (hosts' clocks differ: fail closed);
 * entries older than two windows are dropped to keep the item small.
 */
public final class DynamoDbBudgetLedger implements BudgetLedger {
  private static final String STORE = "budget";
  private static final int MAX_ROUNDS = 200;
  private final StoreTable table;

  public DynamoDbBudgetLedger(StoreTable table) {
    this.table = table;
  }

  private record Entry(long at, int amount) {}

  private record Snapshot(Long version, List<Entry> entries) {}

  @Override
  public boolean tryConsume(String key, int amount, int limit, Duration window, Instant now) {
    DynamoDbLockProvider.requireText(key, "key");
    if (amount < 0) {
      throw new IllegalArgumentException("amount must be >= 0, was " + amount);
    }
    long from = now.minus(window).toEpochMilli();
    for (int round = 0; round < MAX_ROUNDS; round++) {
      Snapshot current = read(key);
      int used = sum(current.entries, from);
      if (used + amount > limit) {
        return false;
      }
      List<Entry> next = new ArrayList<>();
      long keepFrom = now.minus(window.multipliedBy(2)).toEpochMilli();
      for (Entry e : current.entries) {
        if (e.at > keepFrom) {
          next.add(e);
        }
      }
      next.add(new Entry(now.toEpochMilli(), amount));
      if (write(key, current.version, next, now.plus(window.multipliedBy(2)))) {
        return true;
      }
      // Another writer moved the version between our read and our write: read again, after a
      // short jittered pause so racing writers spread out.
      LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(ThreadLocalRandom.current().nextLong(200, 2000L * Math.min(round + 1, 10))));
    }
    throw new StoreException(STORE, "DynamoDB table '" + table.name() + "': budget " + key + " changed under "
        + MAX_ROUNDS + " attempts in a row; too many writers at once, nothing consumed");
  }

  @Override
  public int used(String key, Duration window, Instant now) {
    DynamoDbLockProvider.requireText(key, "key");
    return sum(read(key).entries, now.minus(window).toEpochMilli());
  }

  private static int sum(List<Entry> entries, long fromExclusive) {
    int sum = 0;
    for (Entry e : entries) {
      if (e.at > fromExclusive) {
        sum += e.amount;
      }
    }
    return sum;
  }

  private Snapshot read(String key) {
    Map<String, AttributeValue> item = table.call(STORE, "read budget " + key, () -> table.getItem(b -> b
        .tableName(table.name())
        .key(key("budget#" + key, "window"))
        .consistentRead(true)).item());
    if (item == null || item.isEmpty()) {
      return new Snapshot(null, List.of());
    }
    List<Entry> entries = new ArrayList<>();
    for (AttributeValue v : item.getOrDefault("entries", AttributeValue.fromL(List.of())).l()) {
      entries.add(new Entry(Long.parseLong(v.m().get("at").n()), Integer.parseInt(v.m().get("n").n())));
    }
    return new Snapshot(Long.parseLong(item.get("version").n()), entries);
  }

  private boolean write(String key, Long version, List<Entry> entries, Instant expires) {
    List<AttributeValue> list = new ArrayList<>();
    for (Entry e : entries) {
      list.add(AttributeValue.fromM(Map.of("at", n(e.at), "n", n(e.amount))));
    }
    Map<String, AttributeValue> item = new HashMap<>();
    item.put(PK, s("budget#" + key));
    item.put(SK, s("window"));
    item.put("version", n(version == null ? 1 : version + 1));
    item.put("entries", AttributeValue.fromL(list));
    item.put(TTL, n(expires.getEpochSecond() + 1));
    String writeId = StoreTable.newWriteId();
    item.put(StoreTable.WRITE_ID, s(writeId));
    return table.call(STORE, "consume budget " + key, () -> {
      try {
        table.putItem(b -> {
          b.tableName(table.name()).item(item)
              .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD);
          if (version == null) {
            b.conditionExpression("attribute_not_exists(#pk)").expressionAttributeNames(Map.of("#pk", PK));
          } else {
            b.conditionExpression("#version = :version")
                .expressionAttributeNames(Map.of("#version", "version"))
                .expressionAttributeValues(Map.of(":version", n(version)));
          }
        });
        return true;
      } catch (ConditionalCheckFailedException moved) {
        // Our own earlier attempt, answer lost, counts as done; anyone else's write means read again.
        return StoreTable.ownEarlierWrite(moved, writeId);
      }
    });
  }
}
