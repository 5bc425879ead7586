package dev.safeops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class RestoreDrillCommandTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    return Main.run(args, new ByteArrayInputStream(new byte[0]),
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @Test
  void theDrillEndsWithItsOneLineVerdict() {
    int code = run("restore-drill");

    String output = out.toString(StandardCharsets.UTF_8);
    assertThat(code).as(output + err.toString(StandardCharsets.UTF_8)).isZero();
    List<String> lines = output.lines().toList();
    assertThat(lines.get(lines.size() - 1)).matches(
        "restore drill: restored courses-prod from courses-prod-manual-\\d{8} as drill-courses-prod-\\d{8},"
            + " check passed, copy stopped, 2 old copies deleted");
    assertThat(output).contains("no SQL ran");
    assertThat(err.toString(StandardCharsets.UTF_8)).doesNotContain("ALERT");
  }

  @Test
  void anUnknownOptionIsOneSentenceAndExitTwo() {
    assertThat(run("restore-drill", "--now")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("safeops restore-drill: unknown option: '--now'. See `safeops restore-drill --help`.\n");
  }
}
