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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
}
