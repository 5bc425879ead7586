package dev.safeops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/**
 * check-plan's own reading of a plain line is a shortcut past picocli: wherever it reads a line,
 * picocli must read the very same tier, requester, format and file; everything else is left to
 * picocli. Proved on hand-made lines and on thousands of lines drawn from a vocabulary of
 * options, values and files, good and bad.
 */
class CheckPlanLineTest {
  private static final List<String> OPTIONS = List.of("--tier", "--format", "--requester");
  private static final List<String> VALUES = List.of("production", "PRODUCTION", "Production", "staging", "development", "dev",
      "text", "json", "JSON", "markdown", "Markdown", "yaml", "human:alice", "agent:bot", "alice", "human:", "human: ", "agent:\t",
      "plan.json", "\"plan.json\"", "-", "--json", "@args", "", "-plan.json");
  private static final List<String> WORDS = List.of("--json", "--live", "--help", "-h", "-V", "--tier=production", "--", "-",
      "plan.json", "other.json", "@args", "-plan.json", "", "check-plan", "production");

  @Test
  void aPlainLineReadsAsPicocliReadsIt() {
    List<String[]> lines = List.of(
        args("check-plan", "--tier", "production", "plan.json"),
        args("check-plan", "plan.json", "--tier", "staging"),
        args("check-plan", "--tier", "DEVELOPMENT", "--format", "markdown", "-"),
        args("check-plan", "--json", "--tier", "production", "--requester", "agent:bot", "plan.json"),
        args("check-plan", "--requester", "human:alice", "--format", "JSON", "--tier", "production", "plan.json"));
    for (String[] line : lines) {
      assertThat(CheckPlanCommand.Line.parse(line)).as(String.join(" ", line)).isNotNull().isEqualTo(picocli(line));
    }
  }

  @Test
  void anythingElseIsLeftToPicocli() {
    List<String[]> lines = List.of(
        args("check-plan", "--tier=production", "plan.json"), // an attached value
        args("check-plan", "--tier", "Production", "plan.json"), // a case picocli takes, not this reader
        args("check-plan", "--tier", "production", "--tier", "staging", "plan.json"), // twice
        args("check-plan", "--tier", "production", "a.json", "b.json"), // two files
        args("check-plan", "--tier", "production"), // no file
        args("check-plan", "--format", "json", "plan.json"), // no tier
        args("check-plan", "--tier", "production", "--json", "--format", "json", "plan.json"),
        args("check-plan", "--tier", "production", "--live", "plan.json"),
        args("check-plan", "--tier", "production", "@args"), // picocli reads arguments from a file
        args("check-plan", "--tier", "production", "--", "plan.json"),
        args("check-plan", "--tier", "production", "--requester", "alice", "plan.json"), // not a principal
        args("check-plan", "--tier", "production", "--requester", "human: ", "plan.json"), // a blank id
        args("check-plan", "--tier", "production", "\"plan.json\""), // quotes, which picocli may be told to strip
        args("check-plan", "--tier", "production", "--help", "plan.json"),
        args("posture", "--tier", "production", "plan.json"));
    for (String[] line : lines) {
      assertThat(CheckPlanCommand.Line.parse(line)).as(String.join(" ", line)).isNull();
    }
  }

  @Test
  void aPicocliSystemPropertyLeavesEveryLineToPicocli() {
    String[] line = args("check-plan", "--tier", "production", "plan.json");
    assertThat(CheckPlanCommand.Line.parse(line)).isNotNull();
    System.setProperty("picocli.trimQuotes", "true");
    try {
      assertThat(CheckPlanCommand.Line.parse(line)).isNull();
    } finally {
      System.clearProperty("picocli.trimQuotes");
    }
  }

  @Test
  void aBlankRequesterIsBadUsageInOneSentenceEitherWay(@TempDir Path dir) throws Exception {
    Path plan = Files.writeString(dir.resolve("plan.json"), "{}");
    Run a = run(args("check-plan", "--tier", "production", "--requester", "human: ", plan.toString()));
    Run b = run(args("check-plan", "--tier=production", "--requester", "human: ", plan.toString()));

    assertThat(a.exit).isEqualTo(Main.USAGE);
    assertThat(a.err).startsWith("safeops check-plan: ").contains("--requester").doesNotContain("Exception");
    assertThat(a).isEqualTo(b);
  }

  @Test
  void everyDrawnLineThisReaderTakesPicocliReadsTheSame() {
    Random random = new Random(20261203);
    int taken = 0;
    for (int n = 0; n < 10_000; n++) {
      // Units of a line, an option with its value kept together, in random order: a tier and a
      // file most of the time, the shape of a real line, then a few more, good or bad.
      List<List<String>> units = new ArrayList<>();
      if (random.nextInt(4) > 0) {
        units.add(List.of("--tier", random.nextInt(3) > 0 ? "production" : VALUES.get(random.nextInt(VALUES.size()))));
      }
      if (random.nextInt(4) > 0) {
        units.add(List.of(random.nextBoolean() ? "plan.json" : WORDS.get(random.nextInt(WORDS.size()))));
      }
      for (int k = random.nextInt(4); k > 0; k--) {
        units.add(random.nextInt(3) > 0
            ? List.of(OPTIONS.get(random.nextInt(OPTIONS.size())), VALUES.get(random.nextInt(VALUES.size())))
            : List.of(WORDS.get(random.nextInt(WORDS.size()))));
      }
      Collections.shuffle(units, random);
      List<String> line = new ArrayList<>(List.of("check-plan"));
      units.forEach(line::addAll);
      String[] args = line.toArray(new String[0]);
      CheckPlanCommand.Line fast = CheckPlanCommand.Line.parse(args);
      if (fast != null) {
        taken++;
        assertThat(picocli(args)).as(String.join(" ", args)).isEqualTo(fast);
      }
    }
    // The proof is not empty.
    assertThat(taken).isGreaterThan(500);
  }

  @Test
  void aRefusedPlanGetsTheSameSentenceAndExitEitherWay(@TempDir Path dir) throws Exception {
    Path plan = Files.writeString(dir.resolve("plan.json"), "{\"format_version\":\"1.2\",\"planned_values\":[]}");
    String[] fast = args("check-plan", "--tier", "production", plan.toString());
    String[] slow = args("check-plan", "--tier=production", plan.toString());
    assertThat(CheckPlanCommand.Line.parse(fast)).isNotNull();
    assertThat(CheckPlanCommand.Line.parse(slow)).isNull();

    Run a = run(fast);
    Run b = run(slow);

    assertThat(a.exit).isEqualTo(Main.USAGE);
    assertThat(a.err).startsWith("safeops check-plan: ").doesNotContain("Exception");
    assertThat(a).isEqualTo(b);
  }

  @Test
  void aJudgedPlanPrintsTheSameReportEitherWay(@TempDir Path dir) throws Exception {
    Path plan = Files.writeString(dir.resolve("plan.json"), "{\"format_version\":\"1.2\",\"planned_values\":{},"
        + "\"resource_changes\":[{\"address\":\"aws_db_instance.main\",\"type\":\"aws_db_instance\",\"name\":\"main\","
        + "\"provider_name\":\"registry.terraform.io/hashicorp/aws\",\"change\":{\"actions\":[\"delete\"],"
        + "\"before\":{\"identifier\":\"main\"},\"after\":null}}]}");

    Run a = run(args("check-plan", "--tier", "production", "--format", "markdown", plan.toString()));
    Run b = run(args("check-plan", "--tier=production", "--format=markdown", plan.toString()));

    assertThat(a.exit).isIn(CheckPlan.REQUIRE_APPROVAL, CheckPlan.DENY);
    assertThat(a.out).contains("aws_db_instance.main");
    assertThat(a).isEqualTo(b);
  }

  /** What picocli reads from {@code args}, as a Line, or null if it refuses them. */
  private static CheckPlanCommand.Line picocli(String[] args) {
    PrintStream nowhere = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    CommandLine cli = Main.commandLine(args, new ByteArrayInputStream(new byte[0]), nowhere, nowhere);
    ParseResult parsed;
    try {
      parsed = cli.parseArgs(args);
    } catch (CommandLine.ParameterException e) {
      return null;
    }
    CheckPlanCommand c = (CheckPlanCommand) parsed.subcommand().commandSpec().userObject();
    return new CheckPlanCommand.Line(c.tier, c.requester, CheckPlanCommand.chosen(c.json, c.format), c.file);
  }

  private record Run(int exit, String out, String err) {}

  private static Run run(String[] args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit = Main.run(args, new ByteArrayInputStream(new byte[0]), new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private static String[] args(String... a) {
    return a;
  }
}
