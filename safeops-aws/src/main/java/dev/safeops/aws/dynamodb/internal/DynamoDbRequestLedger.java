package dev.safeops.aws.dynamodb.internal;

import static dev.safeops.aws.dynamodb.internal.StoreTable.PK;
import static dev.safeops.aws.dynamodb.internal.StoreTable.SK;
import static dev.safeops.aws.dynamodb.internal.StoreTable.TTL;
import static dev.safeops.aws.dynamodb.internal.StoreTable.key;
import static dev.safeops.aws.dynamodb.internal.StoreTable.n;
import static dev.safeops.aws.dynamodb.internal.StoreTable.s;

import dev.safeops.core.RequestLedger;
import dev.safeops.core.RequestRecord;
import dev.safeops.core.StoreException;
import dev.safeops.core.internal.RequestJson;
import dev.safeops.core.internal.RequestMessages;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;

/**
 * One item per request ({@code pk = "requests"}, {@code sk = "request#" + id}) holding the
 * record's JSON in {@code body} and its {@code version} as a number. All requests share one
 * partition so {@link #list} is one strongly consistent Query; requests are made at human pace,
 * far below a partition's limits. A create is a put conditional on the item being absent; a
 * replace is a put conditional on {@code version} being the one read. Items expire (TTL) 30 days
 * after the request itself (or after their last write, if later); the audit trail keeps what happened.
 */
public final class DynamoDbRequestLedger implements RequestLedger {
  private static final String STORE = "requests";
  private static final String PARTITION = "requests";
  private static final String PREFIX = "request#";
  private static final Duration RETAIN_AFTER_EXPIRY = Duration.ofDays(30);
  private final StoreTable table;

  public DynamoDbRequestLedger(StoreTable table) {
    this.table = table;
  }

  @Override
  public RequestRecord create(RequestRecord request) {
    RequestRecord stored = request.toBuilder().version(1).build();
    String writeId = StoreTable.newWriteId();
    Map<String, AttributeValue> item = item(stored, writeId);
    boolean written = table.call(STORE, "record request " + stored.id(), () -> {
      try {
        table.putItem(b -> b.tableName(table.name()).item(item)
            .conditionExpression("attribute_not_exists(#pk)")
            .expressionAttributeNames(Map.of("#pk", PK))
            .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD));
        return true;
      } catch (ConditionalCheckFailedException exists) {
        return StoreTable.ownEarlierWrite(exists, writeId);
      }
    });
    if (!written) {
      throw new StoreException(STORE, "DynamoDB table '" + table.name() + "' already holds a request with id " + stored.id());
    }
    return stored;
  }

  @Override
  public Optional<RequestRecord> find(String id) {
    RequestMessages.requireId(id);
    Map<String, AttributeValue> item = table.call(STORE, "read request " + id, () -> table.getItem(b -> b
        .tableName(table.name())
        .key(key(PARTITION, PREFIX + id))
        .consistentRead(true)).item());
    if (item == null || item.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(read(item, id));
  }

  @Override
  public List<RequestRecord> list() {
    List<RequestRecord> all = new ArrayList<>();
    Map<String, AttributeValue> start = null;
    do {
      Map<String, AttributeValue> from = start;
      QueryResponse page = table.call(STORE, "list the requests", () -> table.query(b -> {
        b.tableName(table.name())
            .keyConditionExpression("#pk = :pk AND begins_with(#sk, :prefix)")
            .expressionAttributeNames(Map.of("#pk", PK, "#sk", SK))
            .expressionAttributeValues(Map.of(":pk", s(PARTITION), ":prefix", s(PREFIX)))
            .consistentRead(true);
        if (from != null) {
          b.exclusiveStartKey(from);
        }
      }));
      for (Map<String, AttributeValue> item : page.items()) {
        all.add(read(item, item.get(SK).s().substring(PREFIX.length())));
      }
      start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
    } while (start != null);
    all.sort(RequestJson.NEWEST_FIRST);
    return all;
  }

  @Override
  public Optional<RequestRecord> replace(RequestRecord current, RequestRecord next) {
    RequestJson.requireSameId(current, next);
    RequestRecord written = next.toBuilder().version(current.version() + 1).build();
    String writeId = StoreTable.newWriteId();
    Map<String, AttributeValue> item = item(written, writeId);
    return table.call(STORE, "update request " + current.id(), () -> {
      try {
        table.putItem(b -> b.tableName(table.name()).item(item)
            .conditionExpression("#version = :version")
            .expressionAttributeNames(Map.of("#version", "version"))
            .expressionAttributeValues(Map.of(":version", n(current.version())))
            .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD));
        return Optional.of(written);
      } catch (ConditionalCheckFailedException moved) {
        if (StoreTable.ownEarlierWrite(moved, writeId)) {
          return Optional.of(written);
        }
        if (moved.item() == null || moved.item().isEmpty()) {
          throw new StoreException(STORE, "DynamoDB table '" + table.name() + "' holds no request " + current.id() + " to change");
        }
        return Optional.<RequestRecord>empty();
      }
    });
  }

  private Map<String, AttributeValue> item(RequestRecord r, String writeId) {
    Map<String, AttributeValue> item = new HashMap<>();
    item.put(PK, s(PARTITION));
    item.put(SK, s(PREFIX + r.id()));
    item.put("version", n(r.version()));
    item.put("body", s(new String(RequestJson.write(r), StandardCharsets.UTF_8)));
    // Kept 30 days past its expiry or its last write, whichever is later: a store never drops what it was just given.
    java.time.Instant now = table.clock().instant();
    item.put(TTL, n((now.isAfter(r.expiresAt()) ? now : r.expiresAt()).plus(RETAIN_AFTER_EXPIRY).getEpochSecond()));
    item.put(StoreTable.WRITE_ID, s(writeId));
    return item;
  }

  private RequestRecord read(Map<String, AttributeValue> item, String id) {
    String where = "DynamoDB table '" + table.name() + "' item " + PREFIX + id;
    AttributeValue body = item.get("body");
    AttributeValue version = item.get("version");
    if (body == null || body.s() == null || version == null || version.n() == null) {
      throw new StoreException(STORE, where + " has no body or version; it fails closed");
    }
    RequestRecord r;
    try {
      r = RequestJson.read(body.s().getBytes(StandardCharsets.UTF_8));
    } catch (RequestJson.UnreadableException e) {
      throw new StoreException(STORE, where + " is unreadable: " + e.getMessage() + "; it fails closed", e);
    }
    if (!r.id().equals(id) || r.version() != Long.parseLong(version.n())) {
      throw new StoreException(STORE, where + " holds request " + r.id() + " version " + r.version()
          + ", not what its key and version say; it was written by hand, so it is not trusted");
    }
    return r;
  }
}
