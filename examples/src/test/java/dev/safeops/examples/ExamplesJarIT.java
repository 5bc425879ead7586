package dev.safeops.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Runs the built {@code target/safeops-examples.jar} in its own JVM (failsafe, after package):
 * what a user gets is what is tested, the shaded resources included.
 */
class ExamplesJarIT {
  private static final Path JAR = Path.of("target", "safeops-examples.jar");
  private static final String GLOBAL_INTERCEPTORS = "software/amazon/awssdk/global/handlers/execution.interceptors";

  private record Run(int exit, String out, String err) {}

  @BeforeAll
  static void theJarWasBuilt() {
    assertThat(JAR).as("run after `package`: the shaded jar").isRegularFile();
  }

  @Test
  void theJarRegistersTheGuardForEveryClientOfTheJvm() throws Exception {
    try (JarFile jar = new JarFile(JAR.toFile())) {
      try (InputStream in = jar.getInputStream(jar.getEntry(GLOBAL_INTERCEPTORS))) {
        assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8).lines())
            .contains("dev.safeops.aws.SafeOpsInterceptor");
      }
    }
  }

  @Test
  void aPlainSdkClientInsideTheJarCannotDeleteADatabaseUnguarded() throws Exception {
    Run r = java("-cp", JAR.toString(), "dev.safeops.examples.InterceptorCheck");
    assertThat(r.exit()).as(r.out() + r.err()).isZero();
    assertThat(r.out()).startsWith("guarded: safeops refused Rds:DeleteDBInstance")
        .contains("(requests that reached the endpoint: 0)");
  }

  @Test
  void helpListsEverySubcommand() throws Exception {
    Run r = java("-jar", JAR.toString(), "--help");
    assertThat(r.exit()).isZero();
    assertThat(r.out()).contains("  replay-incident", "  check-plan", "  hook claude-code", "  posture", "  restore-drill");
  }

  @Test
  void anUnknownSubcommandPrintsOneLineAndTheUsageWithExit2() throws Exception {
    Run r = java("-jar", JAR.toString(), "undo-incident");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err().lines().findFirst()).hasValue("safeops: unknown subcommand 'undo-incident'.");
    assertThat(r.err()).contains("usage: java -jar safeops-examples.jar");
  }

  @Test
  void theReplayRunsFromTheJarAndStopsEveryStep() throws Exception {
    Run r = java("-jar", JAR.toString(), "replay-incident");
    assertThat(r.out()).as(r.err()).contains("incident replay: 9/9 steps stopped, 0 production resources lost");
    assertThat(r.exit()).isZero();
  }

  private static Run java(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(List.of(args));
    Path out = Files.createTempFile("jar-it", ".out");
    Path err = Files.createTempFile("jar-it", ".err");
    try {
      Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
      if (!p.waitFor(2, TimeUnit.MINUTES)) {
        p.destroyForcibly();
        throw new AssertionError("the jar did not finish within 2 minutes: " + command);
      }
      return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }
}
