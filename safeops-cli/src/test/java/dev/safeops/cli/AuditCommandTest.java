package dev.safeops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.safeops.core.AuditEvent;
import dev.safeops.core.AuditLog;
import dev.safeops.core.AuditSink;
import dev.safeops.core.Principal;
import dev.safeops.core.Step;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code safeops audit}: an operation that started executing and recorded no result is named, never passed over. */
class AuditCommandTest {
  @TempDir Path tmp;

  private record Run(int exit, String out, String err) {}

  private Run safeops(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit = Main.run(args, new ByteArrayInputStream(new byte[0]), new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private static AuditEvent event(String operationId, int sequence, Step step, String verdict) {
    return AuditEvent.builder().operationId(operationId).sequence(sequence).step(step)
        .time(Instant.parse("2026-11-23T04:10:00Z").plusSeconds(sequence)).operationName("terraform destroy")
        .principal(Principal.agent("coding-agent")).environment("production").scope("production/courses")
        .verdict(verdict).detail(verdict.toLowerCase()).build();
  }

  @Test
  void anOperationKilledWhileExecutingIsReportedAsOutcomeUnknownWithExit3() {
    Path home = tmp.resolve("home");
    safeops("requests", "--home", home.toString());  // creates the home as safeops makes it
    AuditLog audit = AuditSink.jsonLines(home.resolve("audit.jsonl"));
    audit.record(event("op-finished", 1, Step.AUDIT, "EXECUTING"));
    audit.record(event("op-finished", 2, Step.RESULT, "EXECUTED"));
    audit.record(event("op-killed", 1, Step.AUDIT, "EXECUTING"));

    Run r = safeops("audit", "--home", home.toString());

    assertThat(r.exit()).as(r.err()).isEqualTo(3);
    assertThat(r.out()).contains("op-killed").contains("outcome unknown: check the infrastructure")
        .doesNotContain("op-finished");
    Run json = safeops("audit", "--home", home.toString(), "--json");
    assertThat(json.out()).contains("\"operationId\":\"op-killed\"").doesNotContain("op-finished");
  }

  @Test
  void aTrailWhereEveryExecutionFinishedIsExit0() {
    Path home = tmp.resolve("home");
    safeops("requests", "--home", home.toString());
    AuditSink.jsonLines(home.resolve("audit.jsonl")).record(event("op-1", 1, Step.AUDIT, "EXECUTING"));
    AuditSink.jsonLines(home.resolve("audit.jsonl")).record(event("op-1", 2, Step.RESULT, "EXECUTION_FAILED"));

    Run r = safeops("audit", "--home", home.toString());

    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).startsWith("no unknown outcomes");
  }
}
