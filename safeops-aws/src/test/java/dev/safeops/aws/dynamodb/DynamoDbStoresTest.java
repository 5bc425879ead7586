package dev.safeops.aws.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.safeops.core.ChangeAction;
import dev.safeops.core.Decision;
import dev.safeops.core.GuardedExecutor;
import dev.safeops.core.Outcome;
import dev.safeops.core.Plan;
import dev.safeops.core.ResourceChange;
import dev.safeops.core.Step;
import dev.safeops.core.StoreException;
import dev.safeops.core.testing.CountingAction;
import dev.safeops.core.testing.SettableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The entry point: wiring into the executor, the fencing check on DynamoDB, and failures named for the person on call. */
class DynamoDbStoresTest {

  @Test
  void anExecutionWhoseLeaseWasTakenOverIsRefusedBeforeItRuns() {
    String table = EmbeddedDynamoDb.newTable();
    SettableClock clock = SettableClock.at(Instant.parse("2026-03-01T10:00:00Z"));
    DynamoDbStores stores = EmbeddedDynamoDb.stores(table, clock);
    DynamoDbStores otherHost = EmbeddedDynamoDb.stores(table, clock);
    Plan plan = Plan.of(List.of(ResourceChange.builder().address("aws_security_group.web").type("aws_security_group")
        .provider("aws").action(ChangeAction.UPDATE).before(Map.of("name", "web")).after(Map.of("name", "web2")).build()));
    CountingAction<String> action = CountingAction.withDryRuns("changed", n -> {
      if (n == 2) {
        // Between the approval and the execution the lease runs out and another host takes the scope.
        clock.advance(Duration.ofMinutes(2));
        otherHost.lockProvider().acquire("prod/network", "other-host", Duration.ofMinutes(5), Duration.ZERO).orElseThrow();
      }
      return plan;
    }).inScope("prod/network");
    GuardedExecutor executor = stores.applyTo(GuardedExecutor.builder())
        .clock(clock)
        .policy((op, radius) -> Decision.allow("test"))
        .lockLease(Duration.ofMinutes(1))
        .build();

    Outcome<String> outcome = executor.execute(StoreRacer.operation("op-fenced"), action);

    assertThat(action.executions()).isZero();
    assertThat(outcome.status()).isEqualTo(Outcome.Status.FAILED);
    assertThat(outcome.refusedAt()).contains(Step.AUDIT);
    assertThat(String.join("; ", outcome.reasons())).contains("fencing token").contains("expired or was taken over");
    assertThat(stores.auditLog().read("op-fenced")).extracting(e -> e.step() + " " + e.verdict())
        .contains("LOCK LOCKED").doesNotContain("AUDIT EXECUTING");
  }

  @Test
  void aMissingTableIsNamedAsTheReasonAndTheStore() {
    DynamoDbStores stores = DynamoDbStores.create(EmbeddedDynamoDb.client(), "safeops-never-created");

    assertThatThrownBy(() -> stores.lockProvider().acquire("prod/network", "alice", Duration.ofMinutes(1), Duration.ZERO))
        .isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.store()).isEqualTo("lock"))
        .hasMessageContaining("safeops-never-created").hasMessageContaining("does not exist");
    assertThatThrownBy(() -> stores.approvalLedger().markUsed("approval-1", "op-1", Instant.now()))
        .isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.store()).isEqualTo("approval ledger"));
  }

  @Test
  void badSettingsAreRefusedWithTheValueInTheMessage() {
    // Refused while building, before any request: no DynamoDB needed.
    SpyDynamoDbClient client = new SpyDynamoDbClient();
    assertThatThrownBy(() -> DynamoDbStores.create(client, "no spaces allowed"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no spaces allowed");
    assertThatThrownBy(() -> DynamoDbStores.builder(client, "safeops").maxAttempts(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("was 0");
    assertThatThrownBy(() -> DynamoDbStores.builder(client, "safeops")
        .timeouts(Duration.ofSeconds(5), Duration.ofSeconds(1))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PT5S");
  }

  @Test
  void creatingTheTableTwiceLeavesTheStoresIntact() {
    String table = EmbeddedDynamoDb.newTable();
    DynamoDbStores stores = DynamoDbStores.create(EmbeddedDynamoDb.client(), table);
    assertThat(stores.approvalLedger().markUsed("approval-1", "op-1", Instant.now().plusSeconds(60))).isTrue();

    DynamoDbStores.createTable(EmbeddedDynamoDb.client(), table);

    assertThat(stores.approvalLedger().markUsed("approval-1", "op-2", Instant.now().plusSeconds(60))).isFalse();
  }
}
