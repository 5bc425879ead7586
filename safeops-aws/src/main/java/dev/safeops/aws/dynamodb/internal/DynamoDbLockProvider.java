package dev.safeops.aws.dynamodb.internal;

import static dev.safeops.aws.dynamodb.internal.StoreTable.key;
import static dev.safeops.aws.dynamodb.internal.StoreTable.n;
import static dev.safeops.aws.dynamodb.internal.StoreTable.s;

import dev.safeops.core.LockLease;
import dev.safeops.core.LockProvider;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

/**
 * One item per scope ({@code pk = "lock#" + scope}, {@code sk = "lease"}) holding the fencing
 * token counter, and while held the owner and expiry. A grant is one conditional update: it
 * increments the counter and takes the lease only if no unexpired lease is there. The item
 * never expires (no TTL), so the counter never restarts.
 */
public final class DynamoDbLockProvider implements LockProvider {
  private static final String STORE = "lock";
  private final StoreTable table;

  public DynamoDbLockProvider(StoreTable table) {
    this.table = table;
  }

  @Override
  public Optional<LockLease> acquire(String scope, String owner, Duration lease, Duration maxWait) {
    requireText(scope, "scope");
    requireText(owner, "owner");
    long deadline = System.nanoTime() + maxWait.toNanos();
    long pauseMillis = 10;
    while (true) {
      Optional<LockLease> granted = tryGrant(scope, owner, lease);
      if (granted.isPresent() || System.nanoTime() >= deadline) {
        return granted;
      }
      // Held by another owner: look again, backing off (bounded, jittered) until maxWait.
      long left = deadline - System.nanoTime();
      long pause = Math.min(TimeUnit.MILLISECONDS.toNanos(pauseMillis + ThreadLocalRandom.current().nextLong(pauseMillis)), left);
      LockSupport.parkNanos(Math.max(pause, 0));
      pauseMillis = Math.min(pauseMillis * 2, 200);
      if (Thread.currentThread().isInterrupted()) {
        return Optional.empty();
      }
    }
  }

  private Optional<LockLease> tryGrant(String scope, String owner, Duration lease) {
    String writeId = StoreTable.newWriteId();
    return table.call(STORE, "grant the lock on " + scope, () -> {
      Instant now = table.clock().instant();
      long expires = now.plus(lease).toEpochMilli();
      try {
        UpdateItemResponse r = table.updateItem(b -> b
            .tableName(table.name())
            .key(key("lock#" + scope, "lease"))
            .updateExpression("SET #token = if_not_exists(#token, :zero) + :one, #owner = :owner, #expires = :expires, #writeId = :writeId")
            .conditionExpression("attribute_not_exists(#expires) OR #expires <= :now")
            .expressionAttributeNames(Map.of("#token", "token", "#owner", "owner", "#expires", "expiresAt", "#writeId", StoreTable.WRITE_ID))
            .expressionAttributeValues(Map.of(":zero", n(0), ":one", n(1), ":owner", s(owner),
                ":expires", n(expires), ":now", n(now.toEpochMilli()), ":writeId", s(writeId)))
            .returnValues(ReturnValue.UPDATED_NEW)
            .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD));
        long token = Long.parseLong(r.attributes().get("token").n());
        return Optional.of(new LockLease(scope, owner, token, Instant.ofEpochMilli(expires)));
      } catch (ConditionalCheckFailedException held) {
        if (StoreTable.ownEarlierWrite(held, writeId)) {
          // An earlier attempt of this call was granted but its answer was lost: that grant is ours.
          Map<String, AttributeValue> item = held.item();
          return Optional.of(new LockLease(scope, owner, Long.parseLong(item.get("token").n()),
              Instant.ofEpochMilli(Long.parseLong(item.get("expiresAt").n()))));
        }
        return Optional.empty();
      }
    });
  }

  @Override
  public boolean isCurrent(LockLease lease) {
    return holder(lease.scope())
        .filter(held -> held.fencingToken() == lease.fencingToken() && held.owner().equals(lease.owner()))
        .filter(held -> held.expiresAt().isAfter(table.clock().instant()))
        .isPresent();
  }

  @Override
  public Optional<LockLease> renew(LockLease lease, Duration extension) {
    return table.call(STORE, "renew the lock on " + lease.scope(), () -> {
      Instant now = table.clock().instant();
      long expires = now.plus(extension).toEpochMilli();
      try {
        // Conditional on the grant (token and owner) still being there and unexpired: a lease
        // that lapsed is never revived. Repeating it after a lost answer is harmless.
        table.updateItem(b -> b
            .tableName(table.name())
            .key(key("lock#" + lease.scope(), "lease"))
            .updateExpression("SET #expires = :expires")
            .conditionExpression("#token = :token AND #owner = :owner AND #expires > :now")
            .expressionAttributeNames(Map.of("#token", "token", "#owner", "owner", "#expires", "expiresAt"))
            .expressionAttributeValues(Map.of(":token", n(lease.fencingToken()), ":owner", s(lease.owner()),
                ":expires", n(expires), ":now", n(now.toEpochMilli()))));
        return Optional.of(new LockLease(lease.scope(), lease.owner(), lease.fencingToken(), Instant.ofEpochMilli(expires)));
      } catch (ConditionalCheckFailedException lost) {
        return Optional.empty();
      }
    });
  }

  @Override
  public Optional<LockLease> holder(String scope) {
    GetItemResponse r = table.call(STORE, "read the lock on " + scope, () -> table.getItem(b -> b
        .tableName(table.name())
        .key(key("lock#" + scope, "lease"))
        .consistentRead(true)));
    Map<String, AttributeValue> item = r.item();
    if (item == null || !item.containsKey("expiresAt") || !item.containsKey("owner") || !item.containsKey("token")) {
      return Optional.empty();
    }
    return Optional.of(new LockLease(scope, item.get("owner").s(), Long.parseLong(item.get("token").n()),
        Instant.ofEpochMilli(Long.parseLong(item.get("expiresAt").n()))));
  }

  @Override
  public void release(LockLease lease) {
    table.call(STORE, "release the lock on " + lease.scope(), () -> {
      try {
        table.updateItem(b -> b
            .tableName(table.name())
            .key(key("lock#" + lease.scope(), "lease"))
            .updateExpression("REMOVE #owner, #expires")
            .conditionExpression("#token = :token AND #owner = :owner")
            .expressionAttributeNames(Map.of("#token", "token", "#owner", "owner", "#expires", "expiresAt"))
            .expressionAttributeValues(Map.of(":token", n(lease.fencingToken()), ":owner", s(lease.owner()))));
      } catch (ConditionalCheckFailedException notOurs) {
        // Expired and taken over (or already released): another holder's lease is left alone.
      }
      return null;
    });
  }

  static void requireText(String v, String what) {
    if (v == null || v.isBlank()) {
      throw new IllegalArgumentException(what + " must not be blank");
    }
  }
}
