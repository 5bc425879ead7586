package dev.safeops.terraform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.safeops.core.Environment;
import dev.safeops.core.Operation;
import dev.safeops.core.Principal;
import dev.safeops.core.ResourceChange;
import dev.safeops.core.Tier;
import dev.safeops.terraform.internal.PlanJson;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * check-plan reads a plan file with a faster reader of its own first, and reads it again with
 * Jackson whenever that reader is not sure. The shortcut must change nothing: the same changes
 * and counts where it finishes, Jackson's answer and sentence where it gives up, and it must
 * actually finish on the plans Terraform writes (or it saves nothing).
 */
class PlanReaderFastPathTest {
  @TempDir Path tmp;

  private static final Operation OP = Operation.builder().name("terraform apply").requester(Principal.agent("claude"))
      .environment(Environment.of("production", Tier.PRODUCTION)).build();

  private record Read(List<ResourceChange> changes, PlanJson.Facts facts) {}

  private static Read fast(Path file) {
    List<ResourceChange> changes = new ArrayList<>();
    return new Read(changes, PlanJson.streamFast(file, changes::add));
  }

  private static Read full(Path file) {
    List<ResourceChange> changes = new ArrayList<>();
    return new Read(changes, PlanJson.stream(file, changes::add));
  }

  @Test
  void everyCorpusPlanTerraformWroteIsReadByTheShortcutExactlyAsByJackson() throws IOException {
    int plans = 0;
    try (DirectoryStream<Path> files = Files.newDirectoryStream(Corpus.terraform(), "*.plan.json")) {
      for (Path file : files) {
        Throwable refused = catchThrowable(() -> full(file));
        if (refused != null) {
          assertThatThrownBy(() -> fast(file)).as(file.toString()).isInstanceOf(PlanJson.Reread.class);
          continue;
        }
        assertThat(fast(file)).as(file.toString()).isEqualTo(full(file));
        plans++;
      }
    }
    assertThat(plans).isGreaterThan(10);
  }

  @Test
  void generatedPlansAreReadByTheShortcutExactlyAsByJackson() throws IOException {
    for (long seed = 1; seed <= 6; seed++) {
      Path file = PlanFiles.write(tmp.resolve("plan-" + seed + ".json"), seed, 300, 40);
      assertThat(fast(file)).as("seed %d", seed).isEqualTo(full(file));
    }
  }

  @Test
  void aPlanTheShortcutGivesUpOnIsJudgedAsJacksonReadsIt() throws IOException {
    Path plain = PlanFiles.write(tmp.resolve("plan.json"), 3, 200, 20);
    byte[] json = Files.readAllBytes(plain);
    // A byte-order mark, which Jackson skips and the shortcut does not read.
    Path bom = tmp.resolve("bom.json");
    byte[] marked = new byte[json.length + 3];
    marked[0] = (byte) 0xEF;
    marked[1] = (byte) 0xBB;
    marked[2] = (byte) 0xBF;
    System.arraycopy(json, 0, marked, 3, json.length);
    Files.write(bom, marked);
    assertThatThrownBy(() -> fast(bom)).isInstanceOf(PlanJson.Reread.class);

    PlanReport viaFile = PlanChecker.ofDefaults().check(bom, OP);
    PlanReport viaStream;
    try (InputStream in = Files.newInputStream(plain)) {
      viaStream = PlanChecker.ofDefaults().check(in, bom.toString(), OP);
    }
    assertThat(viaFile).isEqualTo(viaStream);
  }

  @Test
  void aPlanOutOfDigestOrderIsReadAgainAndJudgedAsFromAStream() throws IOException {
    // PlanFiles writes changes in random order; Terraform never does, so check-plan first hashes
    // without keeping them, and reads such a plan a second time.
    for (long seed = 1; seed <= 3; seed++) {
      Path file = PlanFiles.write(tmp.resolve("unordered-" + seed + ".json"), seed, 150, 10);
      List<String> addresses = full(file).changes().stream().map(ResourceChange::address).toList();
      assertThat(addresses).as("the plan is out of order, or this proves nothing").isNotEqualTo(addresses.stream().sorted().toList());
      PlanReport viaFile = PlanChecker.ofDefaults().check(file, OP);
      PlanReport viaStream;
      try (InputStream in = Files.newInputStream(file)) {
        viaStream = PlanChecker.ofDefaults().check(in, file.toString(), OP);
      }
      assertThat(viaFile).as("seed %d", seed).isEqualTo(viaStream);
      assertThat(viaFile.digest()).isEqualTo(PlanReader.create().read(file).digest());
    }
  }

  @Test
  void keysThatCollideInJacksonsNameTableAreReadTheSameByEveryReader() throws IOException {
    // 720 distinct keys sharing their first 12 bytes, the rest the same 4-byte groups in every
    // order: Jackson's table of names hashes them alike and, when it canonicalized names,
    // refused the plan as a suspected attack while the shortcut judged it.
    List<String> keys = new ArrayList<>();
    permutations("", List.of("AAAA", "BBBB", "CCCC", "DDDD", "EEEE", "FFFF"), keys);
    StringBuilder tags = new StringBuilder();
    StringBuilder configuration = new StringBuilder();
    for (String key : keys) {
      tags.append(tags.length() == 0 ? "" : ",").append("\"tag_prefix__").append(key).append("\":\"x\"");
      configuration.append(configuration.length() == 0 ? "" : ",").append("{\"tag_prefix__").append(key).append("\":1}");
    }
    String plan = "{\"format_version\":\"1.2\",\"planned_values\":{},\"resource_changes\":[{\"address\":\"aws_s3_bucket.b\","
        + "\"type\":\"aws_s3_bucket\",\"provider_name\":\"registry.terraform.io/hashicorp/aws\",\"change\":{\"actions\":[\"delete\"],"
        + "\"before\":{\"bucket\":\"prod\",\"tags\":{" + tags + "}},\"after\":null}}],\"configuration\":{\"x\":[" + configuration + "]}}";
    Path file = tmp.resolve("collide.json");
    Files.writeString(file, plan, StandardCharsets.UTF_8);

    assertThat(fast(file)).isEqualTo(full(file));
    PlanReport viaStream;
    try (InputStream in = Files.newInputStream(file)) {
      viaStream = PlanChecker.ofDefaults().check(in, file.toString(), OP);
    }
    assertThat(PlanChecker.ofDefaults().check(file, OP)).isEqualTo(viaStream);
  }

  private static void permutations(String prefix, List<String> rest, List<String> out) {
    if (rest.isEmpty()) {
      out.add(prefix);
    }
    for (int i = 0; i < rest.size(); i++) {
      List<String> others = new ArrayList<>(rest);
      String next = others.remove(i);
      permutations(prefix + next, others, out);
    }
  }

  @Test
  void aRefusedPlanGetsJacksonsSentenceWhateverTheShortcutSaw() throws IOException {
    String plan = "{\"format_version\":\"1.2\",\"planned_values\":{\"root_module\":{\"resources\":[{\"address\":\"a\",\"address\":\"b\"}]}},"
        + "\"resource_changes\":[]}";
    Path file = tmp.resolve("twice.json");
    Files.writeString(file, plan, StandardCharsets.UTF_8);
    Throwable viaFile = catchThrowable(() -> PlanChecker.ofDefaults().check(file, OP));
    Throwable viaStream;
    try (InputStream in = Files.newInputStream(file)) {
      viaStream = catchThrowable(() -> PlanChecker.ofDefaults().check(in, "twice.json", OP));
    }
    assertThat(viaFile).isNotNull().hasMessage(viaStream.getMessage());
    assertThat(viaFile.getMessage()).contains("line 1, column").contains("\"address\" appears twice");
  }
}
