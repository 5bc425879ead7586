package dev.safeops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.safeops.core.Effect;
import dev.safeops.core.command.Assessment;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The table in {@code agent-commands.tsv}: real-world command lines (plain, chained, wrapped,
 * obfuscated) with the class safeops must give them and the hook's answer.
 */
class AgentCommandTableTest {

  static List<Arguments> table() throws IOException {
    List<Arguments> rows = new ArrayList<>();
    try (InputStream in = AgentCommandTableTest.class.getResourceAsStream("agent-commands.tsv")) {
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      for (String line : text.split("\n")) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] cols = line.split("\t", 3);
        rows.add(Arguments.of(cols[0], cols[1], cols[2].replace("⏎", "\n")));
      }
    }
    return rows;
  }

  @Test
  void theTableHoldsAtLeast150LinesOfEveryClass() throws IOException {
    List<Arguments> rows = table();
    assertThat(rows).hasSizeGreaterThanOrEqualTo(150);
    for (String c : List.of("DESTRUCTIVE", "MUTATING", "READ_ONLY", "NONE")) {
      assertThat(rows).as(c).anyMatch(a -> a.get()[0].equals(c));
    }
  }

  @ParameterizedTest(name = "{0} {1}: {2}")
  @MethodSource("table")
  void eachLineGetsItsClassAndAnswer(String expectedClass, String expectedAnswer, String command) throws IOException {
    Assessment a = Hook.judge().assess(command);
    Optional<Effect> worst = a.worst();
    assertThat(worst.map(Enum::name).orElse("NONE")).as("%s", a).isEqualTo(expectedClass);
    assertThat(a.answer().name()).as("%s", a).isEqualTo(expectedAnswer);
    HookTest.Run r = HookTest.bash(command);
    if (expectedAnswer.equals("NO_OPINION")) {
      assertThat(r.out()).isEmpty();
    } else {
      assertThat(r.decision()).isEqualTo(expectedAnswer.toLowerCase(java.util.Locale.ROOT));
    }
  }
}
