package dev.safeops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The request commands' answers to bad input: one sentence on stderr, exit 2, nothing recorded. */
class RequestCommandsTest {
  @TempDir Path tmp;

  private record Run(int exit, String out, String err) {}

  private Run safeops(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit = Main.run(args, new ByteArrayInputStream(new byte[0]), new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private String home() {
    return tmp.resolve("home").toString();
  }

  @Test
  void anUnknownRequestIsOneSentenceAndExit2ForShowApproveDenyAndApply() {
    for (String[] args : new String[][] {
        {"show", "--home", home(), "r7k2m9xq4t1b5c8d"},
        {"approve", "--home", home(), "r7k2m9xq4t1b5c8d", "--key", tmp.resolve("k").toString()},
        {"deny", "--home", home(), "r7k2m9xq4t1b5c8d", "--key", tmp.resolve("k").toString(), "--reason", "no"},
        {"apply", "--home", home(), "r7k2m9xq4t1b5c8d", "--json"}}) {
      Run r = safeops(args);
      assertThat(r.exit()).as(args[0]).isEqualTo(2);
      assertThat(r.err()).as(args[0]).isEqualTo("safeops " + args[0] + ": there is no approval request r7k2m9xq4t1b5c8d in "
          + home() + ".\n");
    }
  }

  @Test
  void aCommandSafeopsCannotProposeIsOneSentenceAndExit2() {
    Run r = safeops("propose", "--home", home(), "--", "terraform", "-chdir=" + tmp, "apply", "destroy.tfplan");

    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).startsWith("safeops propose: ").contains("applies a saved plan file").hasLineCount(1);
    assertThat(safeops("requests", "--home", home()).out()).startsWith("no approval requests in ");
  }

  @Test
  void proposeNeedsACommandAndApproveNeedsAKey() {
    assertThat(safeops("propose", "--home", home()).exit()).isEqualTo(2);
    Run noKey = safeops("approve", "--home", home(), "r7k2m9xq4t1b5c8d");
    assertThat(noKey.exit()).isEqualTo(2);
    assertThat(noKey.err()).contains("--key");
  }

  @Test
  void theTestClockCanOnlyMoveForward() {
    Run r = safeops("apply", "--home", home(), "r7k2m9xq4t1b5c8d", "--clock-ahead", "-PT1H");

    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("--clock-ahead must be between PT0S and P400D");
  }

  @Test
  void requestsOfAnEmptyHomeIsAnEmptyListInJson() {
    Run r = safeops("requests", "--home", home(), "--json");

    assertThat(r.exit()).isZero();
    assertThat(r.out()).isEqualTo("{\"requests\":[]}\n");
  }
}
