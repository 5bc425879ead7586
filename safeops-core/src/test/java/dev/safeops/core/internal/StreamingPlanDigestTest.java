package dev.safeops.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.safeops.core.Plan;
import dev.safeops.core.ResourceChange;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The digest of a plan given one change at a time is the digest of the whole plan, byte for byte. */
class StreamingPlanDigestTest {
  private static final Map<String, String> BINDINGS = Map.of("terraform.lineage", "abc", "terraform.serial", "7");

  private static StreamingPlanDigest.Result stream(List<ResourceChange> changes, int runBytes, long memory) {
    try (StreamingPlanDigest d = new StreamingPlanDigest(runBytes, memory, BINDINGS)) {
      changes.forEach(d::add);
      return d.finish();
    }
  }

  @ParameterizedTest(name = "run of {0} bytes, {1} bytes in memory")
  @CsvSource({"1, 0", "700, 0", "20000, 1000000", "8388608, 8388608"})
  void theStreamingDigestIsTheDigestOfTheWholePlanWhateverTheRunsAndSpills(int runBytes, long memory) {
    for (long seed = 1; seed <= 20; seed++) {
      List<ResourceChange> changes = new RandomPlans(seed).changes((int) (seed * 13));
      String whole = Plan.builder().changes(changes).binding("terraform.lineage", "abc").binding("terraform.serial", "7").build().digest();

      StreamingPlanDigest.Result streamed = stream(changes, runBytes, memory);

      assertThat(streamed.digest()).as("seed %d", seed).isEqualTo(whole)
          .as("seed %d: the digest approvals were made under before streaming", seed)
          .isEqualTo(LegacyPlanDigest.of(changes, BINDINGS));
      assertThat(streamed.duplicateAddress()).isEmpty();
    }
  }

  @Test
  void changesWithOneAddressKeepTheirArrivalOrderAcrossRunsAsTheWholePlanSortDoes() {
    for (long seed = 1; seed <= 10; seed++) {
      List<ResourceChange> changes = new RandomPlans(seed).changes(60, true);
      String whole = Plan.builder().changes(changes).binding("terraform.lineage", "abc").binding("terraform.serial", "7").build().digest();

      assertThat(stream(changes, 1, 0).digest()).isEqualTo(whole);
      assertThat(stream(changes, 1 << 20, 1 << 20).digest()).isEqualTo(whole);
    }
  }

  @Test
  void anAddressThatComesTwiceIsReported() {
    RandomPlans random = new RandomPlans(3);
    List<ResourceChange> changes = new ArrayList<>(random.changes(30));
    changes.add(random.change(changes.get(7).address()));

    assertThat(stream(changes, 1, 0).duplicateAddress()).contains(changes.get(7).address());
    assertThat(stream(changes, 1 << 20, 1 << 20).duplicateAddress()).contains(changes.get(7).address());
  }

  @Test
  void anEmptyPlanHasTheEmptyPlansDigest() {
    assertThat(stream(List.of(), 1, 0).digest())
        .isEqualTo(Plan.builder().binding("terraform.lineage", "abc").binding("terraform.serial", "7").build().digest());
  }

  private static String whole(List<ResourceChange> changes) {
    return Plan.builder().changes(changes).binding("terraform.lineage", "abc").binding("terraform.serial", "7").build().digest();
  }

  @ParameterizedTest(name = "run of {0} bytes, {1} bytes in memory")
  @CsvSource({"1, 0", "700, 0", "8388608, 8388608"})
  void changesInDigestOrderAsTerraformWritesThemGiveTheWholePlansDigest(int runBytes, long memory) {
    for (long seed = 1; seed <= 10; seed++) {
      List<ResourceChange> changes = new ArrayList<>(new RandomPlans(seed).changes((int) (seed * 17)));
      changes.sort(PlanDigest.ORDER);

      assertThat(stream(changes, runBytes, memory).digest()).as("seed %d", seed).isEqualTo(whole(changes))
          .isEqualTo(LegacyPlanDigest.of(changes, BINDINGS));
    }
  }

  @ParameterizedTest(name = "run of {0} bytes, {1} bytes in memory")
  @CsvSource({"1, 0", "700, 0", "8388608, 8388608"})
  void oneChangeOutOfOrderAnywhereAfterAnOrderedStartStillGivesTheWholePlansDigest(int runBytes, long memory) {
    List<ResourceChange> sorted = new ArrayList<>(new RandomPlans(5).changes(40));
    sorted.sort(PlanDigest.ORDER);
    String expected = whole(sorted);
    for (int k = 0; k < sorted.size() - 1; k++) {
      // The k-th change arrives last: everything from k on is in order except the very last.
      List<ResourceChange> changes = new ArrayList<>(sorted);
      changes.add(changes.remove(k));

      StreamingPlanDigest.Result streamed = stream(changes, runBytes, memory);

      assertThat(streamed.digest()).as("change %d moved to the end", k).isEqualTo(expected);
      assertThat(streamed.duplicateAddress()).isEmpty();
    }
  }

  @Test
  void aDigestThatKeepsNothingGivesTheSameDigestInOrderAndRefusesTheFirstChangeOutOfOrder() {
    List<ResourceChange> sorted = new ArrayList<>(new RandomPlans(6).changes(40));
    sorted.sort(PlanDigest.ORDER);
    try (StreamingPlanDigest d = new StreamingPlanDigest(1, 0, BINDINGS, false)) {
      sorted.forEach(d::add);
      assertThat(d.finish().digest()).isEqualTo(whole(sorted));
    }
    List<ResourceChange> changes = new ArrayList<>(sorted);
    changes.add(changes.remove(10));
    try (StreamingPlanDigest d = new StreamingPlanDigest(1, 0, BINDINGS, false)) {
      for (int i = 0; i < changes.size() - 1; i++) {
        d.add(changes.get(i));
      }
      ResourceChange last = changes.get(changes.size() - 1);
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> d.add(last))
          .isInstanceOf(StreamingPlanDigest.OutOfOrder.class).hasMessageContaining(last.address());
    }
  }

  @Test
  void aDuplicateInOrderIsReportedByADigestThatKeepsNothing() {
    List<ResourceChange> changes = new ArrayList<>(new RandomPlans(4).changes(30));
    changes.sort(PlanDigest.ORDER);
    changes.add(12, changes.get(11));
    try (StreamingPlanDigest d = new StreamingPlanDigest(1, 0, BINDINGS, false)) {
      changes.forEach(d::add);
      assertThat(d.finish().duplicateAddress()).contains(changes.get(11).address());
    }
  }

  @Test
  void anAddressThatComesTwiceInARowInOrderIsReported() {
    List<ResourceChange> changes = new ArrayList<>(new RandomPlans(4).changes(30));
    changes.sort(PlanDigest.ORDER);
    changes.add(12, changes.get(11));

    assertThat(stream(changes, 1, 0).duplicateAddress()).contains(changes.get(11).address());
    assertThat(stream(changes, 1 << 20, 1 << 20).duplicateAddress()).contains(changes.get(11).address());
  }

  @Test
  void addressesWithUnpairedSurrogatesOutOfOrderGiveTheWholePlansDigestAndNoFalseDuplicate() {
    // A JSON escape such as \ud800 makes such an address; UTF-8 would turn both into "?".
    RandomPlans random = new RandomPlans(9);
    List<ResourceChange> changes = List.of(random.change("aws_sqs_queue.q\ud800"), random.change("aws_sqs_queue.qA"),
        random.change("aws_sqs_queue.q\udc01"), random.change("aws_sqs_queue.a"), random.change("aws_sqs_queue.q\ud83d\ude00"));
    String expected = whole(changes);

    for (int[] sizes : new int[][] {{1, 0}, {700, 0}, {1 << 20, 1 << 20}}) {
      StreamingPlanDigest.Result streamed = stream(changes, sizes[0], sizes[1]);

      assertThat(streamed.digest()).as("runs of %d", sizes[0]).isEqualTo(expected);
      assertThat(streamed.duplicateAddress()).isEmpty();
    }
  }

  @Test
  void stringsAreReadBackFromASpillExactlyEvenWhereUtf8CannotCarryThem() throws java.io.IOException {
    List<String> strings = List.of("", "plain", "caf\u00e9", "\ud83d\ude00", "\ud800", "a\udc00b", "\ud800\ud800", "x".repeat(70_000));
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    java.io.DataOutputStream out = new java.io.DataOutputStream(bytes);
    for (String s : strings) {
      SpillFile.writeString(out, s);
    }
    java.io.DataInputStream in = new java.io.DataInputStream(new java.io.ByteArrayInputStream(bytes.toByteArray()));
    for (String s : strings) {
      assertThat(SpillFile.readString(in)).isEqualTo(s);
    }
  }
}
