package dev.safeops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.Command;

class MainTest {

  @Test
  void everySubcommandIsListedUnderTheNameItsCommandDeclares() {
    for (Map.Entry<String, Class<?>> e : Main.SUBCOMMANDS.entrySet()) {
      assertThat(e.getValue().getAnnotation(Command.class).name()).isEqualTo(e.getKey());
    }
  }

  @Test
  void helpWithoutASubcommandListsThemAllAndOneSubcommandsHelpIsItsOwn() {
    String all = run("--help");
    String one = run("check-plan", "--help");
    String viaHelp = run("help", "audit");

    assertThat(all).contains(Main.SUBCOMMANDS.keySet().toArray(new String[0]));
    assertThat(one).startsWith("Usage: safeops check-plan").contains("--tier");
    assertThat(viaHelp).startsWith("Usage: safeops audit");
  }

  @Test
  void anUnknownSubcommandIsBadUsageInOneSentence() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit = Main.run(new String[] {"destroy-everything"}, new ByteArrayInputStream(new byte[0]),
        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));

    assertThat(exit).isEqualTo(Main.USAGE);
    assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("safeops: ").contains("destroy-everything");
  }

  private static String run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Main.run(args, new ByteArrayInputStream(new byte[0]), new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    return out.toString(StandardCharsets.UTF_8);
  }
}
