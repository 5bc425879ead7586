package dev.safeops.core;

import static dev.safeops.core.Fixtures.ALICE;
import static dev.safeops.core.Fixtures.DEV;
import static dev.safeops.core.Fixtures.createPlan;
import static dev.safeops.core.Fixtures.fixedLevel;
import static dev.safeops.core.Fixtures.op;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.safeops.core.testing.CountingAction;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The JSON-lines audit: one object per line, every field the design names, readable back, and refusing to run when it cannot write. */
class AuditSinkTest {
  @TempDir Path dir;

  @Test
  void everyEventCarriesOperationStepPrincipalDigestAndVerdict() throws Exception {
    Path file = dir.resolve("audit/safeops.jsonl");
    AuditLog log = AuditSink.jsonLines(file);
    Operation operation = op(ALICE, DEV);
    Outcome<String> outcome = GuardedExecutor.builder().auditSink(log).evaluator(fixedLevel(Level.NONE)).build()
        .execute(operation, CountingAction.returning("x", createPlan("a.b")));
    assertThat(outcome.executed()).isTrue();
    List<String> lines = Files.readAllLines(file);
    assertThat(lines).hasSizeGreaterThanOrEqualTo(10);
    ObjectMapper mapper = new ObjectMapper();
    for (String line : lines) {
      JsonNode n = mapper.readTree(line);
      assertThat(n.get("operationId").asText()).isEqualTo(operation.id());
      assertThat(n.has("step")).isTrue();
      assertThat(n.get("principal").asText()).isEqualTo("human:alice");
      assertThat(n.has("verdict")).isTrue();
    }
    JsonNode executing = mapper.readTree(lines.stream().filter(l -> l.contains("EXECUTING")).findFirst().orElseThrow());
    assertThat(executing.get("digest").asText()).hasSize(64);
    assertThat(log.read(operation.id())).extracting(AuditEvent::sequence).isSorted().doesNotHaveDuplicates();
  }

  @Test
  void anUnwritableAuditFileStopsTheOperation() throws Exception {
    Path blocker = dir.resolve("not-a-directory");
    Files.writeString(blocker, "x");
    AuditLog log = AuditSink.jsonLines(blocker.resolve("audit.jsonl"));
    CountingAction<String> action = CountingAction.returning("x", createPlan("a.b"));
    Outcome<String> outcome = GuardedExecutor.builder().auditSink(log).evaluator(fixedLevel(Level.NONE)).build()
        .execute(op(ALICE, DEV), action);
    assertThat(action.executions()).isZero();
    assertThat(outcome.status()).isEqualTo(Outcome.Status.FAILED);
    assertThat(outcome.reasons().get(0)).contains("could not append to audit file");
  }

  @Test
  void aCompositeFailsWhenAnyOfItsSinksFails() {
    AuditSink ok = e -> {};
    AuditSink broken = e -> {
      throw new IllegalStateException("disk full");
    };
    AuditEvent event = AuditEvent.builder().operationId("o").sequence(1).step(Step.LOCK).time(java.time.Instant.EPOCH)
        .operationName("n").principal(ALICE).environment("dev").verdict("OK").build();
    assertThatThrownBy(() -> AuditSink.composite(List.of(ok, broken)).record(event))
        .isInstanceOf(AuditException.class).hasMessageContaining("disk full");
  }

  @Test
  void aDiskFullAtExecutingRefusesThatOperationAndDoesNotWedgeTheNextOne() throws Exception {
    Path file = dir.resolve("audit/safeops.jsonl");
    AuditLog log = AuditSink.jsonLines(file);
    AtomicBoolean diskFull = new AtomicBoolean();
    // The disk fills up in the middle of the EXECUTING line: half of it reaches the file, the
    // write fails, and so does every write after it until space is freed.
    AuditSink fillsUpAtExecuting = event -> {
      if (event.verdict().equals("EXECUTING")) {
        diskFull.set(true);
        appendHalfALine(file, event);
      }
      if (diskFull.get()) {
        throw new AuditException("No space left on device", null);
      }
      log.record(event);
    };
    CountingAction<String> first = CountingAction.returning("x", createPlan("a.b"));
    Outcome<String> refused = GuardedExecutor.builder().auditSink(fillsUpAtExecuting).evaluator(fixedLevel(Level.NONE)).build()
        .execute(op(ALICE, DEV), first);

    // Space is freed; another process opens the same log.
    AuditLog next = AuditSink.jsonLines(file);
    CountingAction<String> second = CountingAction.returning("y", createPlan("a.b"));
    Outcome<String> ran = GuardedExecutor.builder().auditSink(next).evaluator(fixedLevel(Level.NONE)).build()
        .execute(op(ALICE, DEV), second);

    assertThat(first.executions()).isZero();
    assertThat(refused.status()).isEqualTo(Outcome.Status.FAILED);
    assertThat(refused.refusedAt()).contains(Step.AUDIT);
    assertThat(ran.executed()).as(ran.toString()).isTrue();
    assertThat(second.executions()).isEqualTo(1);
    assertThat(next.read(refused.auditId())).extracting(AuditEvent::verdict)
        .containsExactly("REQUESTED", "LOCKED", "PLANNED", "NONE", "ALLOW", "NOT_REQUIRED", "OK", "UNCHANGED");
    assertThat(next.read(ran.auditId())).extracting(AuditEvent::verdict).endsWith("EXECUTING", "EXECUTED");
    assertThat(next.unknownOutcomes()).isEmpty();
    ObjectMapper mapper = new ObjectMapper();
    List<String> lines = Files.readAllLines(file);
    for (String line : lines) {
      assertThat(mapper.readTree(line).isObject()).as(line).isTrue();
    }
    assertThat(lines).anySatisfy(l -> assertThat(l).contains("TORN_TAIL_SET_ASIDE", "safeops.jsonl.torn-"));
  }

  /** What a write cut short by a full disk leaves: the first half of the event's line, no newline. */
  private void appendHalfALine(Path file, AuditEvent event) {
    try {
      Path scratch = dir.resolve("scratch.jsonl");
      AuditSink.jsonLines(scratch).record(event);
      String line = Files.readString(scratch);
      Files.writeString(file, line.substring(0, line.length() / 2), StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
