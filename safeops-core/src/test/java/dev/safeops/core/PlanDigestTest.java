package dev.safeops.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.safeops.core.internal.LegacyPlanDigest;
import dev.safeops.core.internal.PlanDigest;
import dev.safeops.core.internal.RandomPlans;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The digest approvals are bound to: canonical, order- and format-independent, and sensitive to every real difference. */
class PlanDigestTest {
  private static ResourceChange change(String address, ChangeAction action, Map<String, ?> before) {
    return ResourceChange.builder().address(address).type("aws_db_instance").action(action).before(before).build();
  }

  @Test
  void theOrderOfChangesDoesNotMatter() {
    ResourceChange a = change("a", ChangeAction.DELETE, Map.of("x", 1));
    ResourceChange b = change("b", ChangeAction.UPDATE, Map.of("y", "z"));
    assertThat(Plan.of(List.of(a, b)).digest()).isEqualTo(Plan.of(List.of(b, a)).digest());
  }

  @Test
  void mapKeyOrderAndNumberFormattingDoNotMatter() {
    Map<String, Object> one = new LinkedHashMap<>();
    one.put("allocated_storage", 20);
    one.put("skip_final_snapshot", true);
    Map<String, Object> other = new LinkedHashMap<>();
    other.put("skip_final_snapshot", true);
    other.put("allocated_storage", new BigDecimal("20.00"));
    assertThat(Plan.of(List.of(change("db", ChangeAction.DELETE, one))).digest())
        .isEqualTo(Plan.of(List.of(change("db", ChangeAction.DELETE, other))).digest());
  }

  @Test
  void anyAttributeActionOrAddressDifferenceChangesTheDigest() {
    String base = Plan.of(List.of(change("db", ChangeAction.DELETE, Map.of("skip_final_snapshot", false)))).digest();
    assertThat(Plan.of(List.of(change("db", ChangeAction.DELETE, Map.of("skip_final_snapshot", true)))).digest()).isNotEqualTo(base);
    assertThat(Plan.of(List.of(change("db", ChangeAction.REPLACE, Map.of("skip_final_snapshot", false)))).digest()).isNotEqualTo(base);
    assertThat(Plan.of(List.of(change("db2", ChangeAction.DELETE, Map.of("skip_final_snapshot", false)))).digest()).isNotEqualTo(base);
  }

  @Test
  void bindingsArePartOfTheDigestSoAnApprovalHoldsOnlyForTheSameState() {
    ResourceChange c = change("db", ChangeAction.DELETE, Map.of());
    Plan serial7 = Plan.builder().change(c).binding("terraform.serial", "7").build();
    Plan serial3 = Plan.builder().change(c).binding("terraform.serial", "3").build();
    assertThat(serial7.digest()).isNotEqualTo(serial3.digest()).hasSize(64);
  }

  @Test
  void aNullInsideAttributesIsDistinctFromAnAbsentAttribute() {
    Map<String, Object> withNull = new LinkedHashMap<>();
    withNull.put("final_snapshot_identifier", null);
    assertThat(Plan.of(List.of(change("db", ChangeAction.DELETE, withNull))).digest())
        .isNotEqualTo(Plan.of(List.of(change("db", ChangeAction.DELETE, Map.of()))).digest());
  }

  @Test
  void aNumberThatWouldBeOverAThousandDigitsInFullIsRefusedNotExpanded() {
    // 1e2000000000 in full is two billion digits, 1e2147483647 cannot even be written in full.
    for (String n : new String[] {"1e2000000000", "1e2147483647", "10e2147483647", "-4.5e-2147483646", "1e1000", "1e-1000"}) {
      Plan plan = Plan.of(List.of(change("db", ChangeAction.DELETE, Map.of("n", new BigDecimal(n)))));

      assertThatThrownBy(plan::digest).as(n).isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("over 1000 digits written in full");
    }
  }

  @Test
  void equalNumbersHaveOneCanonicalFormAtEveryScale() {
    String big = PlanDigest.canonicalNumber(new BigDecimal("1e900"));
    assertThat(PlanDigest.canonicalNumber(new BigDecimal("100e898"))).isEqualTo(big);
    assertThat(PlanDigest.canonicalNumber(new BigDecimal("1" + "0".repeat(900)))).isEqualTo(big);
    assertThat(PlanDigest.canonicalNumber(new BigDecimal("2E+1"))).isEqualTo("20");
    assertThat(PlanDigest.canonicalNumber(new BigDecimal("-0.0"))).isEqualTo("0");
  }

  @Test
  void everyNumberUpToAThousandDigitsInFullKeepsThePlainFormApprovalsWereMadeUnder() {
    String[] samples = {"20.00", "1E+5", "-0.000123000", "123456789012345678901234567890", "1e999", "-1e-998", "3.14159",
        "-9.99e-3", "1.2345e300"};
    for (String s : samples) {
      BigDecimal d = new BigDecimal(s);
      assertThat(PlanDigest.canonicalNumber(d)).as(s).isEqualTo(d.stripTrailingZeros().toPlainString());
    }
  }

  @Test
  void theDigestOfRealisticPlansIsTheDigestApprovalsWereMadeUnder() {
    for (long seed = 1; seed <= 40; seed++) {
      List<ResourceChange> changes = new RandomPlans(seed).changes(25);

      assertThat(Plan.of(changes).digest()).as("seed %d", seed).isEqualTo(LegacyPlanDigest.of(changes, Map.of()));
    }
    ResourceChange one = ResourceChange.builder().address("a").type("t").action(ChangeAction.DELETE).build();
    assertThat(Plan.of(List.of(one)).digest()).isEqualTo(LegacyPlanDigest.of(List.of(one), Map.of()));
  }

  @Test
  void objectsAndUnknownListsOfEverySizeAreSortedAsApprovalsWereMadeUnder() {
    java.util.Random random = new java.util.Random(7);
    for (int size : new int[] {0, 1, 2, 15, 16, 17, 18, 40, 63, 64, 65, 66, 150}) {
      List<String> keys = new java.util.ArrayList<>();
      for (int i = 0; i < size; i++) {
        keys.add("k" + random.nextInt(1_000_000) + "_" + i);
      }
      java.util.Collections.shuffle(keys, random);
      Map<String, Object> before = new LinkedHashMap<>();
      Map<String, Object> nested = new LinkedHashMap<>();
      for (String k : keys) {
        before.put(k, random.nextInt(3) == 0 ? k.toUpperCase(java.util.Locale.ROOT) : new BigDecimal(random.nextInt(1000)));
        nested.put(k, List.of(k));
      }
      before.put("nested", nested);
      ResourceChange c = ResourceChange.builder().address("a" + size).type("aws_instance").action(ChangeAction.UPDATE)
          .before(before).after(Map.of("tags", nested)).unknownAfter(new java.util.LinkedHashSet<>(keys)).build();

      assertThat(Plan.of(List.of(c)).digest()).as("%d keys", size).isEqualTo(LegacyPlanDigest.of(List.of(c), Map.of()));
    }
  }
}
