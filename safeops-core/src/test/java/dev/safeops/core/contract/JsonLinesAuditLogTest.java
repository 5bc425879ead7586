package dev.safeops.core.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.safeops.core.AuditEvent;
import dev.safeops.core.AuditException;
import dev.safeops.core.AuditLog;
import dev.safeops.core.internal.JsonLinesAuditLog;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonLinesAuditLogTest extends AuditLogContract {
  @TempDir Path dir;

  @Override
  protected AuditLog newAuditLog() {
    return new JsonLinesAuditLog(file());
  }

  @Override
  protected AuditLog anotherView(AuditLog log) {
    return new JsonLinesAuditLog(file());
  }

  private Path file() {
    return dir.resolve("audit/trail.jsonl");
  }

  /** What a write cut short by a full disk leaves: the first part of an event's line, no newline. */
  private byte[] tearNextLine(AuditEvent event) throws IOException {
    AuditLog scratch = new JsonLinesAuditLog(dir.resolve("scratch.jsonl"));
    scratch.record(event);
    String whole = Files.readString(dir.resolve("scratch.jsonl"));
    byte[] fragment = whole.substring(0, whole.length() / 2).getBytes(StandardCharsets.UTF_8);
    Files.write(file(), fragment, StandardOpenOption.APPEND);
    return fragment;
  }

  private List<Path> sideFiles() throws IOException {
    try (Stream<Path> files = Files.list(file().getParent())) {
      return files.filter(f -> f.getFileName().toString().startsWith("trail.jsonl.torn-")).toList();
    }
  }

  @Test
  void aTornTailIsSetAsideRecordedAndTheNextEventStartsOnItsOwnLine() throws IOException {
    AuditLog first = newAuditLog();
    first.record(event("op-1", 1, "REQUESTED"));
    first.record(event("op-1", 2, "LOCKED"));
    long intact = Files.size(file());
    byte[] fragment = tearNextLine(event("op-1", 3, "EXECUTING"));

    AuditLog next = anotherView(first);
    next.record(event("op-2", 1, "REQUESTED"));

    assertThat(next.read("op-1")).containsExactly(event("op-1", 1, "REQUESTED"), event("op-1", 2, "LOCKED"));
    assertThat(next.read("op-2")).containsExactly(event("op-2", 1, "REQUESTED"));
    assertThat(sideFiles()).singleElement().satisfies(side -> {
      assertThat(Files.readAllBytes(side)).isEqualTo(fragment);
      assertThat(side.getFileName().toString()).startsWith("trail.jsonl.torn-" + intact + "-");
    });
    List<String> lines = Files.readAllLines(file());
    ObjectMapper json = new ObjectMapper();
    for (String line : lines) {
      assertThat(json.readTree(line).isObject()).as(line).isTrue();
    }
    assertThat(lines).hasSize(4);
    assertThat(json.readTree(lines.get(2)).path("verdict").asText()).isEqualTo(JsonLinesAuditLog.TORN_TAIL_SET_ASIDE);
    assertThat(json.readTree(lines.get(2)).path("detail").asText())
        .contains(String.valueOf(fragment.length), "offset " + intact, sideFiles().get(0).toString());
    assertThat(Files.readString(file())).endsWith("\n");
  }

  @Test
  void aTornTailLeftByThisLogsOwnFailedWriteIsSetAsideByItsNextWrite() throws IOException {
    AuditLog log = newAuditLog();
    log.record(event("op-1", 1, "REQUESTED"));
    tearNextLine(event("op-1", 2, "EXECUTING"));

    log.record(event("op-1", 3, "FAILED"));

    assertThat(log.read("op-1")).extracting(AuditEvent::verdict).containsExactly("REQUESTED", "FAILED");
    assertThat(sideFiles()).hasSize(1);
  }

  @Test
  void aTailStillBeingWrittenIsNotAnEventToReaders() throws IOException {
    AuditLog log = newAuditLog();
    log.record(event("op-1", 1, "REQUESTED"));
    tearNextLine(event("op-1", 2, "EXECUTING"));

    assertThat(anotherView(log).read("op-1")).containsExactly(event("op-1", 1, "REQUESTED"));
    assertThat(anotherView(log).unknownOutcomes()).isEmpty();
    assertThat(sideFiles()).as("readers never move anything").isEmpty();
  }

  @Test
  void aDamagedLineInTheMiddleIsRefusedNamingItsOffset() throws IOException {
    AuditLog log = newAuditLog();
    log.record(event("op-1", 1, "REQUESTED"));
    long offset = Files.size(file());
    Files.writeString(file(), "{\"operationId\":\"op-1\",\"seq\n", StandardOpenOption.APPEND);

    assertThatThrownBy(() -> anotherView(log).record(event("op-2", 1, "REQUESTED")))
        .isInstanceOf(AuditException.class)
        .hasMessageContaining(file().toString())
        .hasMessageContaining("byte offset " + offset);
    assertThatThrownBy(() -> anotherView(log).read("op-1")).isInstanceOf(AuditException.class)
        .hasMessageContaining("byte offset " + offset);
  }

  @Test
  void aLineWithADuplicateKeyIsRefusedAsNotWrittenBySafeops() throws IOException {
    AuditLog log = newAuditLog();
    log.record(event("op-1", 1, "REQUESTED"));
    long offset = Files.size(file());
    String line = Files.readAllLines(file()).get(0);
    Files.writeString(file(), line.replaceFirst("\\{", "{\"operationId\":\"op-9\",") + "\n", StandardOpenOption.APPEND);

    assertThatThrownBy(() -> anotherView(log).record(event("op-2", 1, "REQUESTED"))).isInstanceOf(AuditException.class)
        .hasMessageContaining("byte offset " + offset).hasMessageContaining("Duplicate field 'operationId' (line 1, column")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n").doesNotContain("REDACTED"));
    assertThatThrownBy(() -> anotherView(log).read("op-1")).isInstanceOf(AuditException.class)
        .hasMessageContaining("byte offset " + offset);
  }
}
