package dev.safeops.aws.testing.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.safeops.aws.testing.internal.World.Table;

/** DynamoDB (JSON 1.0): tables, their deletion protection and point-in-time recovery. */
final class DynamoDbHandler extends JsonHandler {

  @Override
  public String signingName() {
    return "dynamodb";
  }

  @Override
  String targetPrefix() {
    return "DynamoDB_20120810";
  }

  @Override
  String contentType() {
    return "application/x-amz-json-1.0";
  }

  @Override
  String errorTypePrefix() {
    return "com.amazonaws.dynamodb.v20120810#";
  }

  @Override
  WireResponse handle(Call call, JsonNode in) {
    World w = call.world;
    return switch (call.operation) {
      case "ListTables" -> {
        ObjectNode out = object();
        ArrayNode names = out.putArray("TableNames");
        w.tables.keySet().forEach(names::add);
        yield ok(out);
      }
      case "DescribeTable" -> {
        ObjectNode out = object();
        out.set("Table", describe(w, table(w, required(in, "TableName")), "ACTIVE"));
        yield ok(out);
      }
      case "DeleteTable" -> {
        Table t = table(w, required(in, "TableName"));
        if (t.deletionProtection) {
          throw new AwsError(400, "ValidationException", "1 validation error detected: Table '" + t.name
              + "' can't be deleted while DeletionProtectionEnabled is set to True");
        }
        w.tables.remove(t.name);
        call.mutated();
        ObjectNode out = object();
        out.set("TableDescription", describe(w, t, "DELETING"));
        yield ok(out);
      }
      case "UpdateTable" -> {
        Table t = table(w, required(in, "TableName"));
        JsonNode protection = in.get("DeletionProtectionEnabled");
        if (protection != null && !protection.isNull()) {
          t.deletionProtection = protection.asBoolean();
          call.mutated();
        }
        ObjectNode out = object();
        out.set("TableDescription", describe(w, t, "ACTIVE"));
        yield ok(out);
      }
      case "DescribeContinuousBackups" -> ok(continuous(w, pitrTable(w, required(in, "TableName"))));
      case "ListBackups" -> {
        // The fake keeps no on-demand backups: a table's independent backups are AWS Backup
        // recovery points (seeded through the Backup service), so the list is always empty.
        String name = in.path("TableName").asText(null);
        if (name != null) {
          table(w, name);
        }
        ObjectNode out = object();
        out.putArray("BackupSummaries");
        yield ok(out);
      }
      case "UpdateContinuousBackups" -> {
        Table t = pitrTable(w, required(in, "TableName"));
        JsonNode spec = in.path("PointInTimeRecoverySpecification").get("PointInTimeRecoveryEnabled");
        if (spec == null || spec.isNull()) {
          throw new AwsError(400, "ValidationException", "1 validation error detected: Value null at "
              + "'pointInTimeRecoverySpecification.pointInTimeRecoveryEnabled' failed to satisfy constraint: Member must not be null");
        }
        t.pointInTimeRecovery = spec.asBoolean();
        call.mutated();
        yield ok(continuous(w, t));
      }
      default -> throw unknown(call);
    };
  }

  private static Table table(World w, String name) {
    Table t = w.tables.get(name);
    if (t == null) {
      throw new AwsError(400, "ResourceNotFoundException", "Requested resource not found: Table: " + name + " not found");
    }
    return t;
  }

  private static Table pitrTable(World w, String name) {
    Table t = w.tables.get(name);
    if (t == null) {
      throw new AwsError(400, "TableNotFoundException", "Table not found: " + name);
    }
    return t;
  }

  private static ObjectNode describe(World w, Table t, String status) {
    ObjectNode table = object();
    table.putArray("AttributeDefinitions").addObject().put("AttributeName", t.hashKey).put("AttributeType", "S");
    table.put("TableName", t.name);
    table.putArray("KeySchema").addObject().put("AttributeName", t.hashKey).put("KeyType", "HASH");
    table.put("TableStatus", status);
    table.put("CreationDateTime", epoch(t.created));
    table.put("TableSizeBytes", t.itemCount * 100);
    table.put("ItemCount", t.itemCount);
    table.put("TableArn", w.arn("dynamodb", "table/" + t.name));
    table.put("TableId", java.util.UUID.nameUUIDFromBytes(t.name.getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString());
    table.putObject("BillingModeSummary").put("BillingMode", "PAY_PER_REQUEST");
    table.put("DeletionProtectionEnabled", t.deletionProtection);
    return table;
  }

  private static ObjectNode continuous(World w, Table t) {
    ObjectNode out = object();
    ObjectNode description = out.putObject("ContinuousBackupsDescription");
    description.put("ContinuousBackupsStatus", "ENABLED");
    ObjectNode pitr = description.putObject("PointInTimeRecoveryDescription");
    pitr.put("PointInTimeRecoveryStatus", t.pointInTimeRecovery ? "ENABLED" : "DISABLED");
    if (t.pointInTimeRecovery) {
      pitr.put("RecoveryPeriodInDays", 35);
      pitr.put("EarliestRestorableDateTime", epoch(t.created));
      pitr.put("LatestRestorableDateTime", epoch(w.now()));
    }
    return out;
  }
}
