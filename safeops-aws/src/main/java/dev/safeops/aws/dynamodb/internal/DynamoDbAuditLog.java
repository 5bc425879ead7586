package dev.safeops.aws.dynamodb.internal;

import static dev.safeops.aws.dynamodb.internal.StoreTable.PK;
import static dev.safeops.aws.dynamodb.internal.StoreTable.SK;
import static dev.safeops.aws.dynamodb.internal.StoreTable.s;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.safeops.core.AuditEvent;
import dev.safeops.core.AuditException;
import dev.safeops.core.AuditLog;
import dev.safeops.core.Step;
import dev.safeops.core.UnknownOutcome;
import dev.safeops.core.internal.AuditJson;
import dev.safeops.core.internal.OutcomeTracker;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

/**
 * One item per event ({@code pk = "audit#" + operation id}, {@code sk = "seq#" + sequence
 * zero-padded to ten digits}, so the sort key orders numerically), holding the event's JSON in
 * {@code event}. Put only if absent: an event is never overwritten. Read back with a strongly
 * consistent Query in sort-key order. Audit items carry no TTL.
 */
public final class DynamoDbAuditLog implements AuditLog {
  private final StoreTable table;

  public DynamoDbAuditLog(StoreTable table) {
    this.table = table;
  }

  @Override
  public void record(AuditEvent event) {
    if (event.sequence() < 0) {
      throw new AuditException("event " + event.operationId() + "#" + event.sequence() + " has a negative sequence", null);
    }
    String id = event.operationId() + "#" + event.sequence();
    String writeId = StoreTable.newWriteId();
    boolean written = table.call("audit", "append audit event " + id, () -> {
      try {
        table.putItem(b -> b
            .tableName(table.name())
            .item(Map.of(PK, s("audit#" + event.operationId()), SK, s(sortKey(event.sequence())),
                "event", s(AuditJson.toLine(event)), StoreTable.WRITE_ID, s(writeId)))
            .conditionExpression("attribute_not_exists(#pk)")
            .expressionAttributeNames(Map.of("#pk", PK))
            .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD));
        return true;
      } catch (ConditionalCheckFailedException exists) {
        return StoreTable.ownEarlierWrite(exists, writeId);
      }
    });
    if (!written) {
      throw new AuditException("event " + id + " already recorded; the audit trail is append-only", null);
    }
  }

  @Override
  public List<AuditEvent> read(String operationId) {
    List<AuditEvent> events = new ArrayList<>();
    Map<String, AttributeValue> start = null;
    do {
      Map<String, AttributeValue> from = start;
      QueryResponse page = table.call("audit", "read the audit trail of " + operationId, () -> table.query(b -> {
        b.tableName(table.name())
            .keyConditionExpression("#pk = :pk AND begins_with(#sk, :seq)")
            .expressionAttributeNames(Map.of("#pk", PK, "#sk", SK))
            .expressionAttributeValues(Map.of(":pk", s("audit#" + operationId), ":seq", s("seq#")))
            .consistentRead(true)
            .scanIndexForward(true);
        if (from != null) {
          b.exclusiveStartKey(from);
        }
      }));
      for (Map<String, AttributeValue> item : page.items()) {
        try {
          events.add(AuditJson.fromJson(AuditJson.MAPPER.readTree(item.get("event").s())));
        } catch (JsonProcessingException | RuntimeException e) {
          throw new AuditException("DynamoDB table '" + table.name() + "' holds an unreadable audit event for "
              + operationId + " at " + item.get(SK).s() + ": " + e.getMessage(), e);
        }
      }
      start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
    } while (start != null);
    return List.copyOf(events);
  }

  /**
   * One paginated Scan of the table, filtered on the server to the audit items that are an
   * EXECUTING event or a result (the event JSON is compact, so the filter matches its exact
   * text). It reads the whole table (and is billed for it), and needs {@code dynamodb:Scan}.
   */
  @Override
  public List<UnknownOutcome> unknownOutcomes() {
    OutcomeTracker tracker = new OutcomeTracker();
    Map<String, AttributeValue> start = null;
    do {
      Map<String, AttributeValue> from = start;
      ScanResponse page = table.call("audit", "list the operations whose outcome is unknown", () -> table.scan(b -> {
        b.tableName(table.name())
            .filterExpression("begins_with(#pk, :audit) AND (contains(#event, :executing) OR contains(#event, :result))")
            .expressionAttributeNames(Map.of("#pk", PK, "#event", "event"))
            .expressionAttributeValues(Map.of(":audit", s("audit#"),
                ":executing", s("\"verdict\":\"" + UnknownOutcome.EXECUTING + "\""),
                ":result", s("\"step\":\"" + Step.RESULT.name() + "\"")))
            .consistentRead(true);
        if (from != null) {
          b.exclusiveStartKey(from);
        }
      }));
      for (Map<String, AttributeValue> item : page.items()) {
        try {
          tracker.accept(AuditJson.fromJson(AuditJson.MAPPER.readTree(item.get("event").s())));
        } catch (JsonProcessingException | RuntimeException e) {
          throw new AuditException("DynamoDB table '" + table.name() + "' holds an unreadable audit event at "
              + item.get(PK).s() + " " + item.get(SK).s() + ": " + e.getMessage(), e);
        }
      }
      start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
    } while (start != null);
    return tracker.unknownOutcomes();
  }

  static String sortKey(int sequence) {
    return String.format("seq#%010d", sequence);
  }
}
