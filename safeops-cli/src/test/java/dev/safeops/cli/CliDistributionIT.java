package dev.safeops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.safeops.aws.testing.FakeAws;
import dev.safeops.aws.testing.FakeAwsSeed.IncidentStack;
import dev.safeops.aws.testing.RecordedRequest;
import dev.safeops.terraform.testing.ScriptedPlan;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the built distribution, {@code target/safeops} (failsafe, after package): the launcher
 * {@code bin/safeops} and the shaded {@code lib/safeops.jar}, in their own processes. What a
 * user installs is what is tested, the shaded resources included.
 */
class CliDistributionIT {
  private static final Path DIST = Path.of("target", "safeops").toAbsolutePath();
  private static final Path LAUNCHER = DIST.resolve("bin/safeops");
  private static final Path JAR = DIST.resolve("lib/safeops.jar");
  private static final String GLOBAL_INTERCEPTORS = "software/amazon/awssdk/global/handlers/execution.interceptors";
  private static final String DESTROY_EVENT = "{\"hook_event_name\":\"PreToolUse\",\"tool_name\":\"Bash\","
      + "\"cwd\":\"/tmp\",\"tool_input\":{\"command\":\"terraform destroy -auto-approve\"}}";

  private record Run(int exit, String out, String err) {}

  @TempDir Path tmp;

  @BeforeAll
  static void theDistributionWasBuilt() {
    assertThat(JAR).as("run after `package`: the shaded jar").isRegularFile();
    assertThat(LAUNCHER).as("run after `package`: the launcher").isExecutable();
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
    Run r = run(null, java(), "-cp", JAR.toString(), "dev.safeops.cli.InterceptorCheck");
    assertThat(r.exit()).as(r.out() + r.err()).isZero();
    assertThat(r.out()).startsWith("guarded: safeops refused Rds:DeleteDBInstance")
        .contains("(requests that reached the endpoint: 0)");
  }

  @Test
  void versionAndHelpAnswerThroughTheLauncher() throws Exception {
    Run version = run(null, LAUNCHER.toString(), "--version");
    assertThat(version.exit()).as(version.err()).isZero();
    assertThat(version.out()).matches("safeops \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?\\n");

    Run help = run(null, LAUNCHER.toString(), "--help");
    assertThat(help.exit()).isZero();
    assertThat(help.out()).contains("check-plan", "hook", "posture", "restore-drill", "replay-incident", "install");
  }

  @Test
  void everySubcommandAnswersHelpWithExitZero() throws Exception {
    for (String sub : List.of("check-plan", "hook", "posture", "restore-drill", "replay-incident", "install", "audit", "mcp")) {
      Run r = run(null, LAUNCHER.toString(), sub, "--help");
      assertThat(r.exit()).as(sub + ": " + r.err()).isZero();
      assertThat(r.out()).as(sub).startsWith("Usage: safeops " + sub);
    }
  }

  @Test
  void anUnknownSubcommandIsOneSentenceWithExit2() throws Exception {
    Run r = run(null, LAUNCHER.toString(), "undo-incident");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).isEqualTo("safeops: unmatched argument at index 0: 'undo-incident'. See `safeops --help`.\n");
  }

  @Test
  void theLauncherAnswersAHookEventWithADeny() throws Exception {
    Run r = run(DESTROY_EVENT, LAUNCHER.toString(), "hook", "claude-code");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).contains("\"permissionDecision\":\"deny\"");
  }

  @Test
  void theFolderCopiedElsewhereStillAnswersAHookEvent() throws Exception {
    Path copy = tmp.resolve("opt/safeops");
    copyTree(DIST, copy);
    // `mvn clean` deletes the build's folder; the copy must not need it.
    Run r = run(DESTROY_EVENT, copy.resolve("bin/safeops").toString(), "hook", "claude-code");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).contains("\"permissionDecision\":\"deny\"");
    assertThat(r.err()).as("no warning about an archive made for another folder").isEmpty();
  }

  @Test
  void anInstalledFolderAnswersAHookEventWithClassesFromItsOwnArchive() throws Exception {
    Path prefix = tmp.resolve("home/.local/share/safeops");
    Path bin = tmp.resolve("home/.local/bin");

    Run install = run(null, LAUNCHER.toString(), "install", "--prefix", prefix.toString(), "--bin", bin.toString());

    assertThat(install.exit()).as(install.out() + install.err()).isZero();
    assertThat(install.out()).contains("installed safeops ", " in " + prefix)
        .contains("\"command\" : \"" + prefix.resolve("bin/safeops") + " hook claude-code\"");
    assertThat(Files.readString(prefix.resolve("lib/safeops.jsa.dir")).strip()).isEqualTo(prefix.resolve("lib").toString());
    // Through the link on the PATH, as Claude Code would run it; the JVM wrapper lists where each class came from.
    Traced r = traced(bin.resolve("safeops"));
    assertThat(r.run().exit()).as(r.run().err()).isZero();
    assertThat(r.run().out()).contains("\"permissionDecision\":\"deny\"");
    assertThat(r.arguments()).contains("-XX:SharedArchiveFile=" + prefix.resolve("lib/safeops.jsa"), "-Xshare:on");
    assertThat(r.classLoads()).contains("dev.safeops.cli.Hook source: shared objects file");
  }

  @Test
  void checkPlanStartsWithItsOwnArchiveAndTheFlagsItWasTrainedWith() throws Exception {
    Path plan = Files.writeString(tmp.resolve("plan.json"), ScriptedPlan.builder().priorResources(3)
        .delete("aws_db_instance.main", Map.of("identifier", "db", "skip_final_snapshot", true)).build());

    Traced r = traced(null, LAUNCHER.toString(), "check-plan", "--tier", "production", plan.toString());

    assertThat(r.run().exit()).as(r.run().err()).isEqualTo(20);
    assertThat(r.arguments()).contains("-XX:SharedArchiveFile=" + DIST.resolve("lib/safeops-check-plan.jsa"), "-Xshare:on")
        .containsAll(ClassDataArchive.CHECK_PLAN_FLAGS);
    assertThat(r.classLoads()).contains("dev.safeops.cli.CheckPlan source: shared objects file");
  }

  @Test
  void aCopiedFolderThatWasNotInstalledRunsTheHookWithoutAnArchive() throws Exception {
    Path copy = tmp.resolve("opt/safeops");
    copyTree(DIST, copy);

    Traced r = traced(copy.resolve("bin/safeops"));

    assertThat(r.run().out()).contains("\"permissionDecision\":\"deny\"");
    assertThat(r.arguments()).noneMatch(a -> a.startsWith("-XX:SharedArchiveFile"));
    assertThat(r.classLoads()).contains("dev.safeops.cli.Hook source: file:");
  }

  private record Traced(Run run, List<String> arguments, String classLoads) {}

  /**
   * Runs a launcher's hook on a destroy event through a JVM wrapper (as SAFEOPS_JAVA) that
   * turns {@code -Xshare:auto} into {@code -Xshare:on}
   * (the JVM then refuses to start rather than run without a named archive) and logs where
   * every class was loaded from, and records the arguments the JVM got.
   */
  private Traced traced(Path launcher) throws IOException, InterruptedException {
    return traced(DESTROY_EVENT, launcher.toString(), "hook", "claude-code");
  }

  private Traced traced(String stdin, String... command) throws IOException, InterruptedException {
    Path args = tmp.resolve("java-args.txt");
    Path loads = tmp.resolve("class-load.log");
    Path wrapper = tmp.resolve("traced-java");
    Files.writeString(wrapper, "#!/bin/sh\n"
        + "for a; do shift; case $a in\n"
        + "  -Xshare:auto) set -- \"$@\" -Xshare:on ;;\n"
        + "  -cp) set -- \"$@\" '-Xlog:class+load=info:file=" + loads + "' -cp ;;\n"
        + "  *) set -- \"$@\" \"$a\" ;;\n"
        + "esac; done\n"
        + "printf '%s\\n' \"$@\" > '" + args + "'\n"
        + "exec '" + java() + "' \"$@\"\n");
    wrapper.toFile().setExecutable(true);
    Run r = run(stdin, Map.of("SAFEOPS_JAVA", wrapper.toString()), command);
    List<String> seen = Files.readAllLines(args);
    return new Traced(r, seen, Files.exists(loads) ? Files.readString(loads) : "");
  }

  @Test
  void theReplayRunsFromTheLauncherAndStopsEveryStep() throws Exception {
    Run r = run(null, LAUNCHER.toString(), "replay-incident");
    assertThat(r.out()).as(r.err()).contains("incident replay: 9/9 steps stopped, 0 production resources lost");
    assertThat(r.exit()).isZero();
  }

  @Test
  void theLiveCheckFollowsAwsEndpointUrlFromTheEnvironment() throws Exception {
    try (FakeAws aws = FakeAws.create().start()) {
      aws.seed().incidentProductionStack();
      Path plan = Files.writeString(tmp.resolve("plan.json"), ScriptedPlan.builder().priorResources(3)
          .delete("aws_db_instance.main", Map.of("identifier", IncidentStack.DB_INSTANCE, "skip_final_snapshot", true)).build());

      Run r = run(null, Map.of("AWS_ENDPOINT_URL", aws.endpoint().toString(), "AWS_REGION", "us-east-1",
              "AWS_ACCESS_KEY_ID", "testing", "AWS_SECRET_ACCESS_KEY", "testing", "AWS_EC2_METADATA_DISABLED", "true"),
          LAUNCHER.toString(), "check-plan", "--live", "--json", "--live-budget", "60", "--tier", "production",
          plan.toString());

      assertThat(r.exit()).as(r.err()).isEqualTo(20);
      assertThat(r.out()).contains("\"rule\":\"live.in-use\"").contains("courses-prod: ").contains("connections in the last hour");
      assertThat(aws.requests()).extracting(RecordedRequest::operation).contains("GetMetricData", "DescribeDBInstances");
    }
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path p : (Iterable<Path>) files::iterator) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target, StandardCopyOption.COPY_ATTRIBUTES);
        }
      }
    }
  }

  private static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  private static Run run(String stdin, String... command) throws IOException, InterruptedException {
    return run(stdin, Map.of(), command);
  }

  private static Run run(String stdin, Map<String, String> env, String... command) throws IOException, InterruptedException {
    Path in = Files.createTempFile("cli-it", ".in");
    Path out = Files.createTempFile("cli-it", ".out");
    Path err = Files.createTempFile("cli-it", ".err");
    try {
      Files.writeString(in, stdin == null ? "" : stdin);
      ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(List.of(command)))
          .redirectInput(in.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile());
      // The launcher picks its JVM from SAFEOPS_JAVA first: the one running the tests.
      pb.environment().put("SAFEOPS_JAVA", java());
      pb.environment().putAll(env);
      Process p = pb.start();
      if (!p.waitFor(2, TimeUnit.MINUTES)) {
        p.destroyForcibly();
        throw new AssertionError("did not finish within 2 minutes: " + List.of(command));
      }
      return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
    } finally {
      Files.deleteIfExists(in);
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }
}
