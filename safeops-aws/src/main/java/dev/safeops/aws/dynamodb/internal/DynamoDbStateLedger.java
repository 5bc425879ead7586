package dev.safeops.aws.dynamodb.internal;

import static dev.safeops.aws.dynamodb.internal.StoreTable.PK;
import static dev.safeops.aws.dynamodb.internal.StoreTable.key;
import static dev.safeops.aws.dynamodb.internal.StoreTable.n;
import static dev.safeops.aws.dynamodb.internal.StoreTable.s;

import dev.safeops.core.StateLedger;
import dev.safeops.core.StateRecord;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;

/**
 * One item per workspace ({@code pk = "state#" + workspace}, {@code sk = "record"}) with its
 * lineage and serial, updated only under the condition that the workspace is new or has the
 * same lineage and a serial not above the new one.
 */
public final class DynamoDbStateLedger implements StateLedger {
  private static final String STORE = "state ledger";
  private final StoreTable table;

  public DynamoDbStateLedger(StoreTable table) {
    this.table = table;
  }

  @Override
  public Optional<StateRecord> find(String workspace) {
    DynamoDbLockProvider.requireText(workspace, "workspace");
    Map<String, AttributeValue> item = table.call(STORE, "read the state of " + workspace, () -> table.getItem(b -> b
        .tableName(table.name())
        .key(key("state#" + workspace, "record"))
        .consistentRead(true)).item());
    if (item == null || item.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new StateRecord(item.get("lineage").s(), Long.parseLong(item.get("serial").n())));
  }

  @Override
  public boolean advance(String workspace, StateRecord next) {
    DynamoDbLockProvider.requireText(workspace, "workspace");
    String writeId = StoreTable.newWriteId();
    return table.call(STORE, "advance the state of " + workspace, () -> {
      try {
        table.updateItem(b -> b
            .tableName(table.name())
            .key(key("state#" + workspace, "record"))
            .updateExpression("SET #lineage = :lineage, #serial = :serial, #at = :at, #writeId = :writeId")
            .conditionExpression("attribute_not_exists(#pk) OR (#lineage = :lineage AND #serial <= :serial)")
            .expressionAttributeNames(Map.of("#pk", PK, "#lineage", "lineage", "#serial", "serial", "#at", "updatedAt",
                "#writeId", StoreTable.WRITE_ID))
            .expressionAttributeValues(Map.of(":lineage", s(next.lineage()), ":serial", n(next.serial()),
                ":at", s(table.clock().instant().toString()), ":writeId", s(writeId)))
            .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD));
        return true;
      } catch (ConditionalCheckFailedException backwards) {
        return StoreTable.ownEarlierWrite(backwards, writeId);
      }
    });
  }
}
