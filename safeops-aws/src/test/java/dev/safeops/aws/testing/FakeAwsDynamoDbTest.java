package dev.safeops.aws.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.PointInTimeRecoveryStatus;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.TableNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;

class FakeAwsDynamoDbTest {
  private static FakeAws aws;
  private static DynamoDbClient dynamo;

  @BeforeAll
  static void start() {
    aws = FakeAws.create().start();
    dynamo = FakeAwsClients.dynamoDb(aws);
  }

  @AfterAll
  static void stop() {
    dynamo.close();
    aws.close();
  }

  @BeforeEach
  void seed() {
    aws.reset();
    aws.seed().dynamoTable("orders", t -> t.deletionProtection(true).pointInTimeRecovery(true).itemCount(42))
        .dynamoTable("sessions", t -> { });
  }

  @Test
  void listAndDescribeTables() {
    assertThat(dynamo.listTables().tableNames()).containsExactly("orders", "sessions");
    var table = dynamo.describeTable(b -> b.tableName("orders")).table();
    assertThat(table.tableStatus()).isEqualTo(TableStatus.ACTIVE);
    assertThat(table.deletionProtectionEnabled()).isTrue();
    assertThat(table.itemCount()).isEqualTo(42);
    assertThat(table.tableArn()).isEqualTo("arn:aws:dynamodb:us-east-1:123456789012:table/orders");
    assertThat(table.creationDateTime()).isNotNull();
  }

  @Test
  void aProtectedTableIsNotDeletedUntilProtectionIsTurnedOff() {
    assertThatThrownBy(() -> dynamo.deleteTable(b -> b.tableName("orders"))).isInstanceOfSatisfying(DynamoDbException.class, e -> {
      assertThat(e.statusCode()).isEqualTo(400);
      assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
      assertThat(e.awsErrorDetails().errorMessage()).contains("DeletionProtectionEnabled");
      assertThat(e.requestId()).isNotBlank();
    });
    assertThat(aws.state().tableExists("orders")).isTrue();

    dynamo.updateTable(b -> b.tableName("orders").deletionProtectionEnabled(false));
    assertThat(dynamo.deleteTable(b -> b.tableName("orders")).tableDescription().tableStatus()).isEqualTo(TableStatus.DELETING);

    assertThat(aws.state().tableExists("orders")).isFalse();
    assertThat(dynamo.listTables().tableNames()).containsExactly("sessions");
    assertThatThrownBy(() -> dynamo.describeTable(b -> b.tableName("orders"))).isInstanceOf(ResourceNotFoundException.class);
  }

  @Test
  void continuousBackupsAreReadAndTurnedOff() {
    assertThat(dynamo.describeContinuousBackups(b -> b.tableName("orders")).continuousBackupsDescription()
        .pointInTimeRecoveryDescription().pointInTimeRecoveryStatus()).isEqualTo(PointInTimeRecoveryStatus.ENABLED);

    dynamo.updateContinuousBackups(b -> b.tableName("orders").pointInTimeRecoverySpecification(p -> p.pointInTimeRecoveryEnabled(false)));

    assertThat(aws.state().tablePointInTimeRecovery("orders")).contains(false);
    assertThat(dynamo.describeContinuousBackups(b -> b.tableName("orders")).continuousBackupsDescription()
        .pointInTimeRecoveryDescription().pointInTimeRecoveryStatus()).isEqualTo(PointInTimeRecoveryStatus.DISABLED);
    assertThatThrownBy(() -> dynamo.describeContinuousBackups(b -> b.tableName("missing"))).isInstanceOf(TableNotFoundException.class);
  }

  @Test
  void anUnsupportedDynamoDbOperationIsUnknownOperationNamingIt() {
    assertThatThrownBy(() -> dynamo.scan(b -> b.tableName("sessions"))).isInstanceOfSatisfying(DynamoDbException.class, e -> {
      assertThat(e.statusCode()).isEqualTo(400);
      assertThat(e.awsErrorDetails().errorCode()).isEqualTo("UnknownOperationException");
      assertThat(e.awsErrorDetails().errorMessage()).contains("dynamodb").contains("Scan");
    });
    assertThat(aws.requests()).singleElement().satisfies(r -> assertThat(r.operation()).isEqualTo("Scan"));
  }
}
