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
    try (StreamingPlanDigest d = new StreamingPlanDigest(runBytes, memory)) {
      changes.forEach(d::add);
      return d.finish(BINDINGS);
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
}
