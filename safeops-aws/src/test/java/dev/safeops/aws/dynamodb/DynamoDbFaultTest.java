package dev.safeops.aws.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.safeops.aws.dynamodb.FaultProxy.Fault;
import dev.safeops.core.Approval;
import dev.safeops.core.AuditEvent;
import dev.safeops.core.Decision;
import dev.safeops.core.DestructiveBudget;
import dev.safeops.core.GuardedExecutor;
import dev.safeops.core.Outcome;
import dev.safeops.core.Principal;
import dev.safeops.core.Step;
import dev.safeops.core.testing.CountingAction;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The guarded executor on the DynamoDB stores, with DynamoDB failing at every request of the
 * pipeline in turn (behind {@link FaultProxy}): whatever fails, nothing executes that was not
 * fully approved and recorded, and a refusal names the store and the reason.
 */
class DynamoDbFaultTest {
  private static final String TABLE = "safeops-fault";
  private static final AtomicInteger RUNS = new AtomicInteger();
  private static DynamoDbStores truth;

  @BeforeEach
  void createTable() {
    // Idempotent: the table is made once per test JVM, on the shared server.
    DynamoDbStores.createTable(EmbeddedDynamoDb.client(), TABLE);
    truth = DynamoDbStores.create(EmbeddedDynamoDb.client(), TABLE);
  }

  private record Run(String opId, Outcome<String> outcome, int executions, int requests) {}

  /** One guarded delete through a proxy that turns faulty at request {@code from}. */
  private static Run run(Fault fault, int from, int maxAttempts) throws Exception {
    String opId = "op-" + RUNS.incrementAndGet() + "-" + fault + "-" + from;
    // A slow answer comes long after the attempt timeout, a healthy one well within it even on a loaded
    // two-core machine running moto one request at a time (200 ms was too tight there). Every slow answer
    // costs one attempt timeout, so it is not raised further.
    try (FaultProxy proxy = new FaultProxy(EmbeddedDynamoDb.endpoint(), fault, from, Duration.ofMillis(1000));
        DynamoDbClient client = EmbeddedDynamoDb.client(proxy.endpoint())) {
      DynamoDbStores stores = DynamoDbStores.builder(client, TABLE)
          .maxAttempts(maxAttempts).timeouts(Duration.ofMillis(400), Duration.ofMillis(800)).build();
      CountingAction<String> action = CountingAction.returning("deleted", StoreRacer.deletePlan("aws_instance." + opId))
          .inScope("prod/" + opId);
      GuardedExecutor executor = stores.applyTo(GuardedExecutor.builder())
          .policy((op, radius) -> Decision.requireApprovals(1, "deletes need a second person"))
          .approvalCallback(request -> {
            Instant now = Instant.now();
            return CompletableFuture.completedFuture(List.of(Approval.of("approval-" + opId, Principal.human("bob"),
                request.plan().digest(), now, now.plus(Duration.ofHours(1)))));
          })
          .budget(DestructiveBudget.of(100, Duration.ofHours(1)))
          .lockLease(Duration.ofSeconds(30))
          .lockWait(Duration.ofMillis(300))
          .build();
      Outcome<String> outcome = executor.execute(StoreRacer.operation(opId), action);
      return new Run(opId, outcome, action.executions(), proxy.requests());
    }
  }

  /** Executed only if approved, budgeted, locked and recorded as EXECUTING in DynamoDB itself; otherwise refused with a reason. */
  private static void assertFailedClosed(Run run) {
    assertThat(run.executions()).as("executions of %s", run.opId()).isLessThanOrEqualTo(1);
    assertThat(run.outcome().executed()).as("outcome of %s: %s", run.opId(), run.outcome()).isEqualTo(run.executions() == 1);
    if (run.executions() == 1) {
      List<String> trail = truth.auditLog().read(run.opId()).stream().map(e -> e.step() + " " + e.verdict()).toList();
      assertThat(trail).as("audit trail of executed %s", run.opId())
          .containsSubsequence("LOCK LOCKED", "APPROVAL APPROVED", "BUDGET OK", "AUDIT EXECUTING");
      assertThat(truth.approvalLedger().markUsed("approval-" + run.opId(), "replay", Instant.now().plusSeconds(60)))
          .as("approval of executed %s recorded as used", run.opId()).isFalse();
      assertThat(truth.budgetLedger().used("human:alice|prod/" + run.opId(), Duration.ofHours(1), Instant.now())).isEqualTo(1);
    } else {
      assertThat(run.outcome().status()).isNotEqualTo(Outcome.Status.EXECUTED);
      assertThat(String.join("; ", run.outcome().reasons())).as("reasons of refused %s", run.opId())
          .contains("DynamoDB table '" + TABLE + "'");
    }
  }

  @ParameterizedTest
  @EnumSource(value = Fault.class, names = {"DOWN", "THROTTLE", "SLOW"})
  void aFailingEndpointAtAnyStepOfThePipelineExecutesNothingUnapproved(Fault fault) throws Exception {
    Run clean = run(Fault.NONE, Integer.MAX_VALUE, 2);
    assertThat(clean.outcome().status()).as("%s", clean.outcome()).isEqualTo(Outcome.Status.EXECUTED);
    // Slow answers cost a timeout per attempt: sample every third request for them.
    int stride = fault == Fault.SLOW ? 3 : 1;
    List<Run> runs = new ArrayList<>();
    for (int from = 1; from <= clean.requests() + 1; from += stride) {
      Run run = run(fault, from, 2);
      assertFailedClosed(run);
      runs.add(run);
    }

    assertThat(runs).as("some runs refused").anyMatch(r -> r.executions() == 0);
    assertThat(runs.get(0).outcome().refusedAt()).contains(Step.LOCK);
    assertThat(runs.get(runs.size() - 1).executions()).as("a fault after the last request changes nothing").isEqualTo(fault == Fault.SLOW
        && (clean.requests() % stride) != 0 ? runs.get(runs.size() - 1).executions() : 1);
  }

  @Test
  void aWriteWhoseAnswerIsLostIsRecognisedOnRetryAndTheOperationStillExecutesOnce() throws Exception {
    Run clean = run(Fault.NONE, Integer.MAX_VALUE, 3);
    for (int from = 1; from <= clean.requests(); from++) {
      Run run = run(Fault.SLOW_ONCE, from, 3);
      assertFailedClosed(run);
      assertThat(run.outcome().status()).as("answer %d of %d lost: %s", from, clean.requests(), run.outcome())
          .isEqualTo(Outcome.Status.EXECUTED);
      List<AuditEvent> trail = truth.auditLog().read(run.opId());
      assertThat(trail).extracting(AuditEvent::sequence).doesNotHaveDuplicates().isSorted();
    }
  }

  @Test
  void throttlingIsNamedAsTheReason() throws Exception {
    Run run = run(Fault.THROTTLE, 1, 2);

    assertThat(run.outcome().reasons()).anySatisfy(r -> assertThat(r)
        .contains("audit").contains("throttled").contains("ProvisionedThroughputExceededException"));
  }
}
