package dev.safeops.core;

import static org.assertj.core.api.Assertions.assertThat;

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
}
