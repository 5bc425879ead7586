package dev.safeops.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The approval scenario driven from a shell ({@code src/test/scenario/approvals.sh}) through the
 * built launcher, {@code target/safeops/bin/safeops}, one process per command, as people and an
 * agent run it: real terraform with its state in S3 on moto_server, keys made by ssh-keygen.
 * Skipped, saying which tool is missing, when terraform, moto_server or ssh-keygen is absent.
 */
class ProposeApproveApplyIT {
  private static final Path LAUNCHER = Path.of("target", "safeops", "bin", "safeops").toAbsolutePath();
  private static final Path SCRIPT = Path.of("src", "test", "scenario", "approvals.sh").toAbsolutePath();

  @TempDir Path tmp;

  @Test
  void everyRequestCommandAnswersHelpThroughTheLauncher() throws Exception {
    for (String sub : new String[] {"propose", "requests", "show", "approve", "deny", "apply"}) {
      Process p = new ProcessBuilder(LAUNCHER.toString(), sub, "--help").redirectErrorStream(true).start();
      p.getOutputStream().close();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(p.exitValue()).as(sub + ": " + out).isZero();
      assertThat(out).as(sub).startsWith("Usage: safeops " + sub).doesNotContain("--clock-ahead");
    }
  }

  @Test
  void theReadmeSequenceBehavesFromAShellThroughTheLauncher() throws Exception {
    String missing = RealStack.missingTools();
    assumeTrue(missing == null, missing);
    assertThat(LAUNCHER).as("run after `package`: the launcher").isExecutable();
    try (RealStack stack = RealStack.start(tmp)) {
      Path work = stack.workspace("courses-prod", 3);
      Path stale = stack.workspace("billing-prod", 3);
      Path expiring = stack.workspace("reports-prod", 3);
      for (Path ws : new Path[] {stale, expiring}) {
        RealStack.terraform(ws, "apply", "-auto-approve", "-input=false", "-no-color");
      }
      Path alice = stack.key("alice");
      Path aliceSecond = stack.key("alice-fido");
      Path bob = stack.key("bob");
      Path mallory = stack.key("mallory");
      Path home = Files.createDirectories(tmp.resolve("safeops-home"));
      Files.writeString(home.resolve("allowed_signers"), RealStack.allowedSignersLine("alice", alice) + "\n"
          + RealStack.allowedSignersLine("alice", aliceSecond) + "\n" + RealStack.allowedSignersLine("bob", bob) + "\n");

      ProcessBuilder pb = new ProcessBuilder("sh", SCRIPT.toString()).redirectErrorStream(true);
      pb.environment().putAll(Map.of("SAFEOPS", LAUNCHER.toString(), "SAFEOPS_HOME", home.toString(),
          "WORK", work.toString(), "STALE_WORK", stale.toString(), "EXPIRING_WORK", expiring.toString(),
          "ALICE", alice.toString(), "ALICE_SECOND", aliceSecond.toString(), "BOB", bob.toString(),
          "MALLORY", mallory.toString(), "CHECKPOINT_DISABLE", "1"));
      Process p = pb.start();
      p.getOutputStream().close();
      CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> {
        try {
          return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
          return "";
        }
      });
      boolean done = p.waitFor(10, TimeUnit.MINUTES);
      if (!done) {
        p.destroyForcibly();
      }
      assertThat(done).as("the scenario finished within 10 minutes").isTrue();
      String out = output.join();
      assertThat(p.exitValue()).as(out).isZero();
      assertThat(out).contains("approval scenario: every step behaved");
    }
  }
}
