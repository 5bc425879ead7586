package dev.safeops.core.command;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.safeops.core.command.internal.ShellParser;
import java.util.List;

/**
 * Fuzzes the parser: no input may make it throw, hang or return an unbounded answer. A plain
 * {@code mvn verify} replays the committed inputs under
 * {@code ShellParserFuzzTestInputs/parserNeverThrowsAndStaysBounded}; fuzzing for real runs
 * with {@code JAZZER_FUZZ=1}, and Jazzer stores any crashing input there to keep as a
 * regression.
 */
class ShellParserFuzzTest {

  @FuzzTest(maxDuration = "60s")
  void parserNeverThrowsAndStaysBounded(byte[] input) {
    String text = new String(input, java.nio.charset.StandardCharsets.UTF_8);
    List<SimpleCommand> commands = CommandLine.parse(text).commands();
    assertThat(commands.size()).isLessThanOrEqualTo(ShellParser.MAX_COMMANDS + 1);
    for (SimpleCommand c : commands) {
      // The parser's last-resort catch keeps callers safe, but reaching it is a parser bug.
      assertThat(c.unknownReason().orElse("")).doesNotStartWith("the parser failed");
      assertThat(c.depth()).isLessThanOrEqualTo(ShellParser.MAX_DEPTH + 2);
      assertThat(c.isUnknown() ? c.words() : List.of()).isEmpty();
      long chars = c.words().stream().mapToLong(String::length).sum();
      assertThat(chars).isLessThanOrEqualTo(4L * (text.length() + 16));
    }
    // Judging never throws either, whatever the parser returned.
    CommandJudge.of().assess(text);
  }
}
