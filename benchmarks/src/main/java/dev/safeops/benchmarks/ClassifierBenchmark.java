package dev.safeops.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.safeops.aws.command.AwsCliClassifier;
import dev.safeops.core.command.Assessment;
import dev.safeops.core.command.CommandContext;
import dev.safeops.core.command.CommandJudge;
import dev.safeops.terraform.command.TerraformCommandClassifier;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Target: the command classifier handles over 100,000 command lines a second. Each
 * invocation parses and judges one line with the judge the agent hook uses (Terraform and
 * AWS CLI classifiers), cycling through a mix:
 * <ul>
 *   <li>{@code agent-session}: the lines in {@code agent-session-commands.txt}, what an agent
 *       sends in an infrastructure repository (reads, builds, git, Terraform, AWS CLI,
 *       compound lines, a few destructive ones);
 *   <li>{@code peer-corpora}: every command of the shared agent-command corpus (the test
 *       suites of two published peer guards), found under the system property {@code
 *       safeops.shared.dir} (default {@code ../shared}); the run fails with a message saying
 *       so when the corpus is absent.
 * </ul>
 * The score is lines per second (one operation is one line).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class ClassifierBenchmark {

  @Param({"agent-session", "peer-corpora"})
  public String mix;

  private String[] lines;
  private int next;
  private final CommandJudge judge = CommandJudge.of(new TerraformCommandClassifier(), new AwsCliClassifier());
  private final CommandContext context = CommandContext.in(Path.of("/srv/repo/infra"));

  @Setup
  public void setUp() throws IOException {
    List<String> all = mix.equals("agent-session") ? session() : corpora();
    if (all.isEmpty()) {
      throw new IllegalStateException("no command lines for mix " + mix);
    }
    lines = all.toArray(String[]::new);
  }

  static List<String> session() throws IOException {
    List<String> out = new ArrayList<>();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(
        ClassifierBenchmark.class.getResourceAsStream("agent-session-commands.txt"), StandardCharsets.UTF_8))) {
      for (String line; (line = r.readLine()) != null; ) {
        if (!line.isBlank() && !line.startsWith("#")) {
          out.add(line);
        }
      }
    }
    return out;
  }

  private static List<String> corpora() throws IOException {
    Path dir = Path.of(System.getProperty("safeops.shared.dir", "../shared"), "corpus", "agent-commands");
    if (!Files.isDirectory(dir)) {
      throw new IllegalStateException("the agent-command corpus is absent (" + dir + "); run with -p mix=agent-session");
    }
    List<String> out = new ArrayList<>();
    ObjectMapper json = new ObjectMapper();
    try (var files = Files.list(dir)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
        for (JsonNode c : json.readTree(f.toFile()).path("cases")) {
          if (c.path("command").isTextual()) {
            out.add(c.path("command").asText());
          }
        }
      }
    }
    return out;
  }

  @Benchmark
  public Assessment classify() {
    String line = lines[next];
    next = next + 1 == lines.length ? 0 : next + 1;
    return judge.assess(line, context);
  }
}
