package dev.safeops.aws.dynamodb.internal;

import static dev.safeops.aws.dynamodb.internal.StoreTable.PK;
import static dev.safeops.aws.dynamodb.internal.StoreTable.SK;
import static dev.safeops.aws.dynamodb.internal.StoreTable.TTL;
import static dev.safeops.aws.dynamodb.internal.StoreTable.n;
import static dev.safeops.aws.dynamodb.internal.StoreTable.s;

import dev.safeops.core.ApprovalLedger;
import java.time.Instant;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;

/**
 * One item per used approval ({@code pk = "approval#" + id}, {@code sk = "used"}), written
 * with a put conditional on the item being absent: the first writer on any host wins. The TTL
 * attribute lets DynamoDB forget the id once the approval itself has expired.
 */
public final class DynamoDbApprovalLedger implements ApprovalLedger {
  private static final String STORE = "approval ledger";
  private final StoreTable table;

  public DynamoDbApprovalLedger(StoreTable table) {
    this.table = table;
  }

  @Override
  public boolean markUsed(String approvalId, String operationId, Instant retainUntil) {
    DynamoDbLockProvider.requireText(approvalId, "approvalId");
    String writeId = StoreTable.newWriteId();
    return table.call(STORE, "mark approval " + approvalId + " used", () -> {
      try {
        table.putItem(b -> b
            .tableName(table.name())
            .item(Map.of(PK, s("approval#" + approvalId), SK, s("used"),
                "operationId", s(operationId), "usedAt", s(table.clock().instant().toString()),
                TTL, n(retainUntil.getEpochSecond() + 1), StoreTable.WRITE_ID, s(writeId)))
            .conditionExpression("attribute_not_exists(#pk)")
            .expressionAttributeNames(Map.of("#pk", PK))
            .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD));
        return true;
      } catch (ConditionalCheckFailedException usedBefore) {
        // True only when the item is this call's own earlier attempt whose answer was lost.
        return StoreTable.ownEarlierWrite(usedBefore, writeId);
      }
    });
  }
}
