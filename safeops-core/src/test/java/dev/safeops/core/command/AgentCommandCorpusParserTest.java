package dev.safeops.core.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every command line of the shared agent-command corpus (the test suites of two published
 * guards) is parser input: none may make the parser throw or hang, and every unknown part
 * carries no words. The time bound is a hang guard, not a performance assertion.
 */
class AgentCommandCorpusParserTest {

  static List<String> corpusCommands() throws IOException {
    String shared = System.getProperty("safeops.shared.dir");
    Path dir = shared == null ? null : Path.of(shared, "corpus", "agent-commands");
    assumeTrue(dir != null && Files.isDirectory(dir),
        "the shared agent-command corpus (safeops.shared.dir/corpus/agent-commands) is absent, so this test is skipped");
    ObjectMapper json = new ObjectMapper();
    List<String> commands = new ArrayList<>();
    for (String file : List.of("dcg-corpus.json", "shellfirm-checks.json")) {
      JsonNode root = json.readTree(dir.resolve(file).toFile());
      for (JsonNode c : root.get("cases")) {
        commands.add(c.get("command").asText());
      }
    }
    return commands;
  }

  @Test
  void everyCorpusLineParsesWithoutThrowingOrHanging() throws IOException {
    List<String> commands = corpusCommands();
    assertThat(commands).hasSizeGreaterThanOrEqualTo(1655);
    assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
      for (String line : commands) {
        CommandLine parsed = CommandLine.parse(line);
        assertThat(parsed.commands()).as(line).allMatch(c -> c.isUnknown() ? c.words().isEmpty() : true);
        CommandJudge.of().assess(parsed, CommandContext.none());
      }
    });
  }
}
