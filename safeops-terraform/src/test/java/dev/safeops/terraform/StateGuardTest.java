package dev.safeops.terraform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.safeops.core.BlastRadius;
import dev.safeops.core.BlastRadiusEvaluator;
import dev.safeops.core.Environment;
import dev.safeops.core.Level;
import dev.safeops.core.Operation;
import dev.safeops.core.Plan;
import dev.safeops.core.Principal;
import dev.safeops.core.StateLedger;
import dev.safeops.core.StateRecord;
import dev.safeops.core.Step;
import dev.safeops.core.Tier;
import dev.safeops.terraform.testing.ScriptedPlan;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class StateGuardTest {
  private static final String A = "491fd8f4-81b5-9890-520c-8a173c36e483";
  private static final String B = "fa0debfe-854c-b885-a355-bbb09fa86dde";
  private final StateLedger ledger = StateLedger.inMemory();
  private final StateGuard guard = StateGuard.of(ledger);

  private static TerraformState state(String lineage, long serial, int resources) {
    List<StateResource> rs = java.util.stream.IntStream.range(0, resources)
        .mapToObj(i -> new StateResource("terraform_data.r" + i, "terraform_data", true)).toList();
    return new TerraformState(TerraformState.Format.STATE_V4, lineage, serial, "1.11.4", rs);
  }

  @Test
  void aNewWorkspaceIsTrustedAndRecordedAfterApply() {
    guard.check("prod/app", state(A, 1, 2), Step.DRY_RUN);
    guard.record("prod/app", state(A, 2, 3));

    assertThat(ledger.find("prod/app")).contains(new StateRecord(A, 2));
    guard.check("prod/app", state(A, 2, 3), Step.DRY_RUN);
    guard.check("prod/app", state(A, 7, 3), Step.DRY_RUN);
  }

  @Test
  void anotherLineageIsRefusedNamingBothAndSayingTheStateWasProbablyReplaced() {
    guard.record("prod/app", state(A, 5, 3));

    assertThatThrownBy(() -> guard.check("prod/app", state(B, 9, 3), Step.DRY_RUN))
        .isInstanceOf(StateGuardException.class)
        .hasMessageContaining(A).hasMessageContaining(B).hasMessageContaining("probably replaced")
        .satisfies(e -> assertThat(((StateGuardException) e).step()).isEqualTo(Step.DRY_RUN));
  }

  @Test
  void aLowerSerialIsRefusedNamingBoth() {
    guard.record("prod/app", state(A, 5, 3));

    assertThatThrownBy(() -> guard.check("prod/app", state(A, 4, 3), Step.EXECUTE))
        .isInstanceOf(StateGuardException.class)
        .hasMessageContaining("serial 4").hasMessageContaining("serial 5").hasMessageContaining("probably replaced");
  }

  @Test
  void anEmptyStateOrNoStateIsDistrustedWhereTheLedgerKnowsTheWorkspace() {
    guard.record("prod/app", state(A, 5, 3));

    assertThatThrownBy(() -> guard.check("prod/app", TerraformState.none(), Step.DRY_RUN))
        .isInstanceOf(StateGuardException.class).hasMessageContaining("empty").hasMessageContaining(A);
    assertThatThrownBy(() -> guard.check("prod/app", state(A, 6, 0), Step.DRY_RUN))
        .isInstanceOf(StateGuardException.class).hasMessageContaining("empty");
  }

  @Test
  void showJsonStateCannotBeGuarded() {
    TerraformState shown = new TerraformState(TerraformState.Format.SHOW_JSON, null, null, "", List.of());

    assertThatThrownBy(() -> guard.check("prod/app", shown, Step.DRY_RUN))
        .isInstanceOf(StateGuardException.class).hasMessageContaining("state pull");
  }

  @Test
  void aRemoteBackendsNotYetWrittenStateIsBoundAndCheckedAlike() {
    // `state pull` on an S3 backend with no state object yet prints serial 0 and an empty lineage.
    TerraformState unwritten = new TerraformState(TerraformState.Format.STATE_V4, null, 0L, "1.11.4", List.of());

    Plan bound = guard.bind(Plan.of(List.of()), "prod/app", unwritten);

    guard.requireBoundState(bound, unwritten);
    assertThatThrownBy(() -> guard.requireBoundState(bound, state(A, 1, 1))).isInstanceOf(StateGuardException.class);
  }

  @Test
  void theStateIsPartOfTheDigestSoAnApprovalHoldsForOneStateOnly() {
    Plan plan = Plan.of(List.of());

    Plan at5 = guard.bind(plan, "prod/app", state(A, 5, 3));
    Plan at6 = guard.bind(plan, "prod/app", state(A, 6, 3));
    Plan otherLineage = guard.bind(plan, "prod/app", state(B, 5, 3));

    assertThat(at5.digest()).isNotEqualTo(at6.digest()).isNotEqualTo(otherLineage.digest());
    guard.requireBoundState(at5, state(A, 5, 3));
    assertThatThrownBy(() -> guard.requireBoundState(at5, state(A, 6, 3))).isInstanceOf(StateGuardException.class);
    assertThatThrownBy(() -> guard.requireBoundState(plan, state(A, 5, 3)))
        .isInstanceOf(StateGuardException.class).hasMessageContaining("not bound");
  }

  @Test
  void aLedgerThatRefusesToMoveIsReported() {
    guard.record("prod/app", state(A, 5, 3));

    assertThatThrownBy(() -> guard.record("prod/app", state(B, 6, 3)))
        .isInstanceOf(StateGuardException.class).hasMessageContaining("refused to record");
  }

  /** The first step of the incident: a plan made without the state file proposes creating production again. */
  @Test
  void aMassCreateFromAnEmptyStateWhereTheLedgerKnowsTheWorkspaceIsHigh() {
    guard.record("dev/app", state(A, 40, 25));
    String json = ScriptedPlan.builder().creates("aws_instance", 25).build();
    Plan read = PlanReader.create().read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), "plan.json");
    Plan plan = guard.bind(read, "dev/app", TerraformState.none());
    Operation op = Operation.builder().name("terraform apply").requester(Principal.agent("coding-agent"))
        .environment(Environment.of("dev", Tier.DEVELOPMENT)).build();

    BlastRadius radius = BlastRadiusEvaluator.ofDefaults().evaluate(plan, op);

    assertThat(plan.knownToExist()).isTrue();
    assertThat(plan.priorResourceCount()).contains(0);
    assertThat(radius.level()).isEqualTo(Level.HIGH);
    assertThat(radius.findings()).anySatisfy(f -> assertThat(f.ruleId()).isEqualTo("state.empty-mass-create"));
  }
}
