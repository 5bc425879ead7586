package dev.safeops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.safeops.core.Decision;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ReplayIncidentTest {
  private static int exit;
  private static String out;
  private static String err;

  @BeforeAll
  static void replayTheNightOnce() {
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    ByteArrayOutputStream e = new ByteArrayOutputStream();
    exit = Main.run(new String[] {"replay-incident"}, new ByteArrayInputStream(new byte[0]),
        new PrintStream(o, true, StandardCharsets.UTF_8), new PrintStream(e, true, StandardCharsets.UTF_8));
    out = o.toString(StandardCharsets.UTF_8);
    err = e.toString(StandardCharsets.UTF_8);
  }

  @Test
  void everyStepOfTheNightIsStoppedAndNothingIsLost() {
    assertThat(out).as(err).endsWith("incident replay: 9/9 steps stopped, 0 production resources lost" + System.lineSeparator());
    assertThat(exit).as(out).isZero();
  }

  @Test
  void eachOfTheNineStepsIsPlayedAndStopped() {
    for (int n = 1; n <= 9; n++) {
      assertThat(out).contains("step " + n + ": ");
    }
    assertThat(count("  => stopped")).isEqualTo(9);
    assertThat(out).doesNotContain("GOT THROUGH", "not yet implemented", "the replay of this step failed");
  }

  @Test
  void theRulesThatStopTheNightAreNamed() {
    assertThat(out).contains(
        "rule state.empty-mass-create (HIGH)",
        "DENIED at BUDGET",
        "lower than serial 57",
        "rule data.irrecoverable-loss (CRITICAL)",
        "rule backup.independent-recent (CRITICAL)",
        "rule protection.removed (HIGH)",
        "agent:coding-agent cannot approve: only humans approve",
        "human:alice already approved this request; one person counts once",
        "uses the local backend",
        "refused before the wire",
        "requests that reached AWS: 0");
    assertThat(out).doesNotContain("requests that reached AWS: 1" + System.lineSeparator() + "  tried");
  }

  @Test
  void theCleanUpShowsWhatUsesProductionAndNothingAboutTheDuplicates() {
    String cleanUp = out.substring(out.indexOf("step 2: "), out.indexOf("step 3: "));
    assertThat(cleanUp).contains(
        "rule live.in-use (CRITICAL): courses-prod: 15 connections in the last hour, created 2.5 years ago,"
            + " not created by this session",
        "rule live.in-use (HIGH): sg-0app0000000000000: 2 instances and network interfaces outside this plan in the group");
    assertThat(cleanUp).doesNotContain("sg-0dup000000000001:", "live.check-failed");
  }

  @Test
  void theLegitimateChangeRunsAndReachesAwsExactlyOnce() {
    assertThat(out).contains("the legitimate path: human:alice")
        .contains("  safeops: EXECUTED, blast radius LOW, policy REQUIRE_APPROVALS 1; DeleteSecurityGroup requests that reached AWS: 1"
            + System.lineSeparator());
  }

  @Test
  void theOutputIsTheSameFromRunToRun() {
    ByteArrayOutputStream again = new ByteArrayOutputStream();
    int second = Main.run(new String[] {"replay-incident"}, new ByteArrayInputStream(new byte[0]),
        new PrintStream(again, true, StandardCharsets.UTF_8), new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    assertThat(second).isZero();
    assertThat(again.toString(StandardCharsets.UTF_8)).isEqualTo(out);
  }

  @Test
  void anUnknownFlagIsOneLinePointingAtHelpWithExit2() {
    ByteArrayOutputStream e = new ByteArrayOutputStream();
    int code = Main.run(new String[] {"replay-incident", "--fast"}, new ByteArrayInputStream(new byte[0]),
        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), new PrintStream(e, true, StandardCharsets.UTF_8));
    assertThat(code).isEqualTo(2);
    assertThat(e.toString(StandardCharsets.UTF_8).lines().toList())
        .containsExactly("safeops replay-incident: unknown option: '--fast'. See `safeops replay-incident --help`.");
  }

  @Test
  void theLastLineIsCountedFromOutcomesAndTheAccountNotWrittenDown() throws Exception {
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    int code = ReplayIncident.replay(new PrintStream(o, true, StandardCharsets.UTF_8),
        (operation, blastRadius) -> Decision.allow("a policy that allows everything"));
    String weak = o.toString(StandardCharsets.UTF_8);

    assertThat(code).isNotZero();
    assertThat(weak).contains("GOT THROUGH");
    Matcher last = Pattern.compile("incident replay: (\\d)/9 steps stopped, (\\d+) production resources lost").matcher(weak);
    assertThat(last.find()).as(weak).isTrue();
    assertThat(Integer.parseInt(last.group(1))).isLessThan(9);
    assertThat(Integer.parseInt(last.group(2))).isPositive();
  }

  private static int count(String s) {
    Matcher m = Pattern.compile(Pattern.quote(s)).matcher(out);
    int n = 0;
    while (m.find()) {
      n++;
    }
    return n;
  }
}
