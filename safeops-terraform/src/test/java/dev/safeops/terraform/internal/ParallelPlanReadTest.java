package dev.safeops.terraform.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.core.StreamReadConstraints;
import dev.safeops.core.InvalidInputException;
import dev.safeops.core.ResourceChange;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A plan read on two threads gives exactly what it gives on one, or gives up (Fallback) so that
 * it is read on one: never another plan, never a plan the one-thread read refuses.
 */
class ParallelPlanReadTest {
  @TempDir Path tmp;

  /** What a read produced: the changes in order and the facts, or the refusal. */
  private record Read(List<ResourceChange> changes, PlanJson.Facts facts, Throwable refusal) {}

  private static Read sequential(Path plan) {
    List<ResourceChange> changes = new ArrayList<>();
    try {
      return new Read(changes, PlanJson.stream(plan, changes::add), null);
    } catch (InvalidInputException e) {
      return new Read(null, null, e);
    }
  }

  /** Also holds the read to its promise that one thread hands on every change, even one that falls back. */
  private static Read parallel(Path plan) {
    List<ResourceChange> changes = new ArrayList<>();
    java.util.Set<Thread> handedOnBy = java.util.concurrent.ConcurrentHashMap.newKeySet();
    try {
      return new Read(changes, ParallelPlanRead.stream(plan, c -> {
        handedOnBy.add(Thread.currentThread());
        changes.add(c);
      }), null);
    } catch (ParallelPlanRead.Fallback e) {
      return new Read(null, null, e);
    } finally {
      assertThat(handedOnBy).as("threads that handed on changes").hasSizeLessThanOrEqualTo(1);
    }
  }

  private Path plan(String json) throws IOException {
    Path p = Files.createTempFile(tmp, "plan", ".json");
    Files.writeString(p, json, StandardCharsets.UTF_8);
    return p;
  }

  private static String change(String address, String actions, String after) {
    return "{\"address\":\"" + address + "\",\"mode\":\"managed\",\"type\":\"aws_s3_bucket\",\"name\":\"b\","
        + "\"provider_name\":\"registry.terraform.io/hashicorp/aws\",\"change\":{\"actions\":" + actions
        + ",\"before\":null,\"after\":" + after + ",\"after_unknown\":{}}}";
  }

  private static final String CHANGES = "[" + change("aws_s3_bucket.a", "[\"create\"]", "{\"bucket\":\"a\"}") + ","
      + change("aws_s3_bucket.b", "[\"create\"]", "{\"bucket\":\"b\",\"tags\":{\"k\":\"v\"}}") + "]";

  private static String planWith(String variables, String plannedValues, String changes) {
    return "{\"format_version\":\"1.2\",\"terraform_version\":\"1.9.8\",\"variables\":" + variables
        + ",\"planned_values\":" + plannedValues + ",\"resource_changes\":" + changes
        + ",\"prior_state\":null,\"errored\":false}";
  }

  private static void assertSameRead(Read one, Read two) {
    assertThat(two.refusal()).as("the two-thread read stood").isNull();
    assertThat(two.changes()).containsExactlyElementsOf(one.changes());
    assertThat(two.facts()).isEqualTo(one.facts());
  }

  @Test
  void aPlanAsTerraformWritesItIsReadOnTwoThreadsWithTheSameChangesInTheSameOrder() throws IOException {
    Path p = plan(planWith("{}", "{\"root_module\":{}}", CHANGES));

    Read one = sequential(p);
    Read two = parallel(p);

    assertThat(one.changes()).hasSize(2);
    assertSameRead(one, two);
  }

  @Test
  void everyCorpusPlanReadOnTwoThreadsIsTheOneThreadReadOrFallsBackAndNoneRefusedIsAccepted() throws IOException {
    String shared = System.getProperty("safeops.shared.dir");
    Path dir = shared == null ? null : Path.of(shared, "corpus", "terraform");
    assumeTrue(dir != null && Files.isDirectory(dir), "skipped: the shared Terraform corpus is not present");
    List<Path> plans;
    try (Stream<Path> files = Files.list(dir)) {
      plans = files.filter(f -> f.getFileName().toString().endsWith(".plan.json")).sorted().toList();
    }
    int split = 0;
    for (Path p : plans) {
      Read one = sequential(p);
      Read two = parallel(p);
      if (one.refusal() != null) {
        assertThat(two.refusal()).as("%s is refused on one thread", p.getFileName()).isInstanceOf(ParallelPlanRead.Fallback.class);
        continue;
      }
      if (two.refusal() == null) {
        assertSameRead(one, two);
        split++;
      }
    }
    // Terraform writes every plan the one way the guess expects: they all stand on two threads.
    assertThat(split).as("plans read on two threads").isEqualTo((int) plans.stream().filter(p -> sequential(p).refusal() == null).count());
  }

  @Test
  void aPrettyPrintedPlanOrOneWithResourceChangesFirstIsStillReadOnTwoThreads() throws IOException {
    Path pretty = plan(planWith("{ }", "{ \"root_module\" : { } }", CHANGES).replace(",\"resource_changes\":", ",\n  \"resource_changes\" :\n  "));
    Path first = plan("{\"resource_changes\":" + CHANGES + ",\"format_version\":\"1.2\",\"planned_values\":{}}");

    assertSameRead(sequential(pretty), parallel(pretty));
    assertSameRead(sequential(first), parallel(first));
  }

  @Test
  void aNestedKeyNamedResourceChangesBeforeTheRealListIsNeverTakenForIt() throws IOException {
    // An attribute named resource_changes, holding what looks like changes, in planned_values.
    String decoy = "[" + change("aws_s3_bucket.decoy", "[\"delete\"]", "null") + "]";
    Path p = plan(planWith("{}", "{\"root_module\":{\"resources\":[{\"values\":{\"resource_changes\":" + decoy + "}}]}}", CHANGES));

    Read one = sequential(p);
    Read two = parallel(p);

    assertThat(one.changes()).extracting(ResourceChange::address).containsExactly("aws_s3_bucket.a", "aws_s3_bucket.b");
    assertThat(two.refusal()).isInstanceOf(ParallelPlanRead.Fallback.class);

    // With an empty real list, only where the key sits tells the decoy from the list.
    Path empty = plan(planWith("{}", "{\"root_module\":{\"resources\":[{\"values\":{\"resource_changes\":" + decoy + "}}]}}", "[]"));
    assertThat(sequential(empty).changes()).isEmpty();
    assertThat(parallel(empty).refusal()).isInstanceOf(ParallelPlanRead.Fallback.class);

    // Without a top-level list at all, the decoy is still never taken for one.
    Path without = plan("{\"format_version\":\"1.2\",\"planned_values\":{\"root_module\":{\"resources\":[{\"values\":"
        + "{\"resource_changes\":" + decoy + "}}]}}}");
    assertThat(sequential(without).changes()).isEmpty();
    assertThat(parallel(without).refusal()).isInstanceOf(ParallelPlanRead.Fallback.class);
  }

  @Test
  void aListTheCallerReadsItselfIsNotJoinedByADecoyFoundFurtherOn() throws IOException {
    // The real key is written with an escape, so the bytes are first found in a decoy after it,
    // megabytes on: the caller usually meets the real list first and reads it itself. Which
    // thread gets there first is up to the scheduler; either way the result is this plan's.
    String decoy = "[" + change("aws_s3_bucket.decoy", "[\"delete\"]", "null") + "]";
    Path p = plan(planWith("{}", "{}", CHANGES).replace("\"resource_changes\":", "\"resource\\u005fchanges\":")
        .replace(",\"errored\":false}", ",\"pad\":\"" + "x".repeat(3 << 20) + "\",\"configuration\":{\"resource_changes\":"
            + decoy + "},\"errored\":false}"));

    Read one = sequential(p);
    for (int i = 0; i < 5; i++) {
      Read two = parallel(p);

      assertThat(one.changes()).extracting(ResourceChange::address).containsExactly("aws_s3_bucket.a", "aws_s3_bucket.b");
      if (two.refusal() == null) {
        assertSameRead(one, two);
      } else {
        assertThat(two.refusal()).isInstanceOf(ParallelPlanRead.Fallback.class);
      }
    }
  }

  @Test
  void theBytesOfTheKeyInsideAnotherKeyAreNeverTakenForTheList() throws IOException {
    Path p = plan(planWith("{\"x\\\"resource_changes\":[\"not a change\"]}", "{}", CHANGES));

    Read one = sequential(p);

    assertThat(one.changes()).hasSize(2);
    assertThat(parallel(p).refusal()).isInstanceOf(ParallelPlanRead.Fallback.class);
  }

  @Test
  void aKeyWrittenWithAnEscapeOrAPlanWithoutTheListIsReadByTheCallerAlone() throws IOException {
    Path escaped = plan(planWith("{}", "{}", CHANGES).replace("\"resource_changes\":", "\"resource\\u005fchanges\":"));
    Path none = plan("{\"format_version\":\"1.2\",\"planned_values\":{}}");
    Path nullList = plan(planWith("{}", "{}", "null"));

    assertThat(sequential(escaped).changes()).hasSize(2);
    assertSameRead(sequential(escaped), parallel(escaped));
    assertSameRead(sequential(none), parallel(none));
    assertSameRead(sequential(nullList), parallel(nullList));
  }

  @Test
  void whereverAChunkOfTheSearchEndsTheListIsFound() throws IOException {
    // The search reads a megabyte at a time: put the key across every position near the end of one.
    for (int pad = (1 << 20) - 120; pad < (1 << 20) + 20; pad += 7) {
      Path p = plan(planWith("{\"pad\":{\"value\":\"" + "x".repeat(pad) + "\"}}", "{}", CHANGES));

      Read two = parallel(p);

      assertThat(two.refusal()).as("padding %d", pad).isNull();
      assertThat(two.changes()).hasSize(2);
    }
  }

  @Test
  void aPlanRefusedOnOneThreadIsNeverAcceptedOnTwo() throws IOException {
    List<String> broken = List.of(
        // a duplicate key inside a change, inside planned_values, at the top
        planWith("{}", "{}", CHANGES.replace("\"name\":\"b\",", "\"name\":\"b\",\"name\":\"c\",")),
        planWith("{}", "{\"root_module\":{},\"root_module\":{}}", CHANGES),
        planWith("{}", "{}", CHANGES).replace("\"errored\":false", "\"errored\":false,\"errored\":false"),
        // a change of the wrong shape, an errored plan, no planned_values, trailing data, truncation
        planWith("{}", "{}", "[{\"address\":\"x\"}]"),
        planWith("{}", "{}", CHANGES).replace("\"errored\":false", "\"errored\":true"),
        planWith("{}", "{}", CHANGES).replace(",\"planned_values\":{}", ""),
        planWith("{}", "{}", CHANGES) + "{}",
        planWith("{}", "{}", CHANGES).substring(0, 300),
        planWith("{}", "{}", CHANGES.substring(0, CHANGES.length() - 1)) + "]");
    for (String json : broken) {
      Path p = plan(json);

      Read one = sequential(p);

      assertThat(one.refusal()).as(json).isInstanceOf(InvalidInputException.class);
      assertThat(parallel(p).refusal()).as(json).isInstanceOf(ParallelPlanRead.Fallback.class);
    }
  }

  @Test
  void listsNestedToTheParsersLimitAreAcceptedOrRefusedAlikeOnEitherThread() throws IOException {
    int max = StreamReadConstraints.defaults().getMaxNestingDepth();
    // Depth of the innermost list: plan object 1, resource_changes 2, change 3, change.change 4, after 5, then lists.
    for (int depth = max - 1; depth <= max + 1; depth++) {
      int lists = depth - 5;
      String deep = "[".repeat(lists) + "]".repeat(lists);
      Path p = plan(planWith("{}", "{}", "[" + change("aws_s3_bucket.deep", "[\"create\"]", "{\"v\":" + deep + "}") + "]"));

      Read one = sequential(p);
      Read two = parallel(p);

      if (one.refusal() == null) {
        assertSameRead(one, two);
      } else {
        assertThat(two.refusal()).as("depth %d", depth).isInstanceOf(ParallelPlanRead.Fallback.class);
      }
    }
    assertThat(sequential(plan(planWith("{}", "{}", "[" + change("aws_s3_bucket.deep", "[\"create\"]",
        "{\"v\":" + "[".repeat(max) + "]".repeat(max) + "}") + "]"))).refusal()).as("the limit is real").isNotNull();
  }

  @Test
  void aConsumerThatFailsMakesTheReadFallBack() throws IOException {
    Path p = plan(planWith("{}", "{}", CHANGES));

    Throwable thrown = catchThrowable(() -> ParallelPlanRead.stream(p, c -> {
      throw new IllegalStateException("judging failed");
    }));

    assertThat(thrown).isInstanceOf(ParallelPlanRead.Fallback.class);
    assertThatThrownBy(() -> PlanJson.stream(p, c -> {
      throw new IllegalStateException("judging failed");
    })).isInstanceOf(IllegalStateException.class);
  }
}
