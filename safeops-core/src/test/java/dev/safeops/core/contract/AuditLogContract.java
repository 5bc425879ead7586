package dev.safeops.core.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.safeops.core.AuditEvent;
import dev.safeops.core.AuditException;
import dev.safeops.core.AuditLog;
import dev.safeops.core.Level;
import dev.safeops.core.Principal;
import dev.safeops.core.Step;
import dev.safeops.core.UnknownOutcome;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link AuditLog} promises: events are appended, an (operation, sequence) already
 * recorded is refused with {@link AuditException} and never overwritten, one operation's
 * events read back whole and in sequence order, and an operation that started executing and
 * recorded no result is listed as an unknown outcome. Extend it and give a fresh, empty store.
 */
public abstract class AuditLogContract {
  private AuditLog log;

  /** A new log over an empty store. */
  protected abstract AuditLog newAuditLog();

  /** A second log over the same store, as another process would open it; one-JVM stores return it as is. */
  protected AuditLog anotherView(AuditLog log) {
    return log;
  }

  @BeforeEach
  void newStore() {
    log = newAuditLog();
  }

  /** A fully populated event, so a store that drops or mangles a field is caught. */
  protected static AuditEvent event(String operationId, int sequence, String verdict) {
    return AuditEvent.builder()
        .operationId(operationId)
        .sequence(sequence)
        .step(Step.values()[sequence % Step.values().length])
        .time(Instant.parse("2026-03-01T10:00:00.123456789Z").plusSeconds(sequence))
        .operationName("ec2:TerminateInstances")
        .principal(Principal.agent("deploy-bot"))
        .environment("prod")
        .scope("prod/network")
        .planDigest("sha256:" + "ab".repeat(32))
        .verdict(verdict)
        .level(Level.HIGH)
        .detail("step " + sequence + " of " + operationId + " \"quoted\" and ünïcode")
        .approvers(List.of("human:alice", "human:bob"))
        .build();
  }

  /** An event of the executor's trail: {@code step} and {@code verdict} at {@code sequence}. */
  protected static AuditEvent step(String operationId, int sequence, Step step, String verdict) {
    return event(operationId, sequence, verdict).toBuilder().step(step).build();
  }

  @Test
  void anOperationThatStartedExecutingAndRecordedNoResultHasAnUnknownOutcome() {
    log.record(step("op-killed", 1, Step.LOCK, "LOCKED"));
    log.record(step("op-killed", 2, Step.AUDIT, "EXECUTING"));
    log.record(step("op-done", 1, Step.AUDIT, "EXECUTING"));
    log.record(step("op-done", 2, Step.RESULT, "EXECUTED"));
    log.record(step("op-failed", 1, Step.AUDIT, "EXECUTING"));
    log.record(step("op-failed", 2, Step.RESULT, "EXECUTION_FAILED"));
    log.record(step("op-refused", 1, Step.AUDIT, "FAILED"));

    List<UnknownOutcome> unknown = anotherView(log).unknownOutcomes();

    assertThat(unknown).extracting(UnknownOutcome::operationId).containsExactly("op-killed");
    assertThat(unknown.get(0).executing()).isEqualTo(step("op-killed", 2, Step.AUDIT, "EXECUTING"));
    assertThat(unknown.get(0).message()).contains("op-killed", "ec2:TerminateInstances", "agent:deploy-bot",
        "prod/network", "outcome unknown: check the infrastructure");
  }

  @Test
  void unknownOutcomesAreListedOldestFirstWhateverTheOrderTheyWereWritten() {
    log.record(step("op-late", 5, Step.AUDIT, "EXECUTING"));
    log.record(step("op-early", 2, Step.AUDIT, "EXECUTING"));
    log.record(step("op-closed-first", 3, Step.RESULT, "EXECUTED"));
    log.record(step("op-closed-first", 1, Step.AUDIT, "EXECUTING"));

    assertThat(log.unknownOutcomes()).extracting(UnknownOutcome::operationId).containsExactly("op-early", "op-late");
  }

  @Test
  void aLogWithNoExecutionsHasNoUnknownOutcome() {
    assertThat(log.unknownOutcomes()).isEmpty();
    log.record(step("op-1", 1, Step.LOCK, "REQUESTED"));
    assertThat(log.unknownOutcomes()).isEmpty();
  }

  @Test
  void anUnknownOperationHasNoEvents() {
    assertThat(log.read("op-unknown")).isEmpty();
  }

  @Test
  void eventsReadBackWholeAndInSequenceOrder() {
    AuditEvent third = event("op-1", 3, "EXECUTING");
    AuditEvent first = event("op-1", 1, "REQUESTED");
    AuditEvent second = event("op-1", 2, "LOCKED").toBuilder().planDigest(null).level(null).approvers(List.of()).detail("").build();
    log.record(third);
    log.record(first);
    anotherView(log).record(second);

    assertThat(log.read("op-1")).containsExactly(first, second, third);
    assertThat(anotherView(log).read("op-1")).containsExactly(first, second, third);
  }

  @Test
  void sequencesBeyondNineSortNumerically() {
    IntStream.of(10, 2, 100, 9, 1).forEach(s -> log.record(event("op-1", s, "OK")));

    assertThat(log.read("op-1")).extracting(AuditEvent::sequence).containsExactly(1, 2, 9, 10, 100);
  }

  @Test
  void operationsAreKeptApart() {
    log.record(event("op-1", 1, "REQUESTED"));
    log.record(event("op-2", 1, "REQUESTED"));
    log.record(event("op-10", 1, "REQUESTED"));

    assertThat(log.read("op-1")).containsExactly(event("op-1", 1, "REQUESTED"));
    assertThat(log.read("op-2")).containsExactly(event("op-2", 1, "REQUESTED"));
  }

  @Test
  void anEventForARecordedSequenceIsRefusedAndNeverOverwritten() {
    AuditEvent original = event("op-1", 1, "REQUESTED");
    log.record(original);

    assertThatThrownBy(() -> log.record(event("op-1", 1, "FORGED"))).isInstanceOf(AuditException.class)
        .hasMessageContaining("op-1");
    assertThatThrownBy(() -> anotherView(log).record(event("op-1", 1, "FORGED"))).isInstanceOf(AuditException.class);
    assertThat(log.read("op-1")).containsExactly(original);
  }

  @Test
  void concurrentWritersOfOneSequenceLeaveExactlyOneEvent() throws Exception {
    List<Boolean> recorded = Race.of(8, n -> {
      try {
        (n % 2 == 0 ? log : anotherView(log)).record(event("op-race", 1, "WRITER-" + n));
        return true;
      } catch (AuditException refused) {
        return false;
      }
    });

    assertThat(recorded.stream().filter(Boolean::booleanValue).count()).isEqualTo(1);
    assertThat(log.read("op-race")).hasSize(1);
  }

  @Test
  void concurrentWritersOfDistinctSequencesAreAllKept() throws Exception {
    Race.of(6, n -> {
      AuditLog mine = n % 2 == 0 ? log : anotherView(log);
      for (int i = 0; i < 5; i++) {
        mine.record(event("op-many", n * 5 + i + 1, "OK"));
      }
      return n;
    });

    assertThat(log.read("op-many")).extracting(AuditEvent::sequence)
        .containsExactlyElementsOf(IntStream.rangeClosed(1, 30).boxed().toList());
  }
}
