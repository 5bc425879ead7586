package dev.safeops.core;

import static dev.safeops.core.Fixtures.ALICE;
import static dev.safeops.core.Fixtures.BOB;
import static dev.safeops.core.Fixtures.CAROL;
import static dev.safeops.core.Fixtures.PROD;
import static dev.safeops.core.Fixtures.deletePlan;
import static dev.safeops.core.Fixtures.fixedLevel;
import static dev.safeops.core.Fixtures.op;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.safeops.core.Decision.Verdict;
import dev.safeops.core.testing.CountingAction;
import dev.safeops.core.testing.FakeApprovals;
import dev.safeops.core.testing.RecordingAuditSink;
import dev.safeops.core.testing.SettableClock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The default policy table of the design, cell by cell, and break-glass. */
class PolicyTest {
  private final SettableClock clock = SettableClock.create();

  @ParameterizedTest(name = "{0} {1} -> {2} {3}")
  @CsvSource({
      "DEVELOPMENT, NONE, ALLOW, 0", "DEVELOPMENT, LOW, ALLOW, 0", "DEVELOPMENT, MEDIUM, ALLOW, 0",
      "DEVELOPMENT, HIGH, REQUIRE_APPROVALS, 1", "DEVELOPMENT, CRITICAL, REQUIRE_APPROVALS, 1",
      "STAGING, NONE, ALLOW, 0", "STAGING, LOW, ALLOW, 0", "STAGING, MEDIUM, REQUIRE_APPROVALS, 1",
      "STAGING, HIGH, REQUIRE_APPROVALS, 1", "STAGING, CRITICAL, REQUIRE_APPROVALS, 2",
      "PRODUCTION, NONE, ALLOW, 0", "PRODUCTION, LOW, REQUIRE_APPROVALS, 1", "PRODUCTION, MEDIUM, REQUIRE_APPROVALS, 1",
      "PRODUCTION, HIGH, REQUIRE_APPROVALS, 2", "PRODUCTION, CRITICAL, DENY, 0"})
  void theDefaultPolicyFollowsTheDesignTable(Tier tier, Level level, Verdict verdict, int approvals) {
    Operation operation = op(ALICE, Environment.of("env", tier));
    BlastRadius br = fixedLevel(level).evaluate(deletePlan("x.y"), operation);
    Decision d = Policy.defaults().decide(operation, br);
    assertThat(d.verdict()).isEqualTo(verdict);
    assertThat(d.approvalsRequired()).isEqualTo(approvals);
    assertThat(d.reasons()).isNotEmpty();
  }

  @Test
  void breakGlassLiftsACriticalDenyToTwoApprovalsAndIsAudited() {
    RecordingAuditSink audit = new RecordingAuditSink();
    BreakGlass grant = new BreakGlass("prod", "INC-4711", Principal.human("cto"), clock.instant().plus(Duration.ofHours(1)), 2);
    GuardedExecutor executor = GuardedExecutor.builder().clock(clock).auditSink(audit).evaluator(fixedLevel(Level.CRITICAL))
        .policy(Policy.breakGlass(Policy.defaults(), grant, clock))
        .approvalCallback(FakeApprovals.approveAs(clock, BOB, CAROL)).build();
    Outcome<String> outcome = executor.execute(op(ALICE, PROD), CountingAction.returning("x", deletePlan("a.b")));
    assertThat(outcome.executed()).isTrue();
    assertThat(outcome.decision()).hasValueSatisfying(d -> assertThat(d.breakGlass()).isTrue());
    assertThat(audit.verdicts()).contains("REQUIRE_APPROVALS (BREAK-GLASS)");
    assertThat(audit.events()).anySatisfy(e -> assertThat(e.detail()).contains("INC-4711"));
  }

  @Test
  void anExpiredBreakGlassGrantDeniesAgain() {
    BreakGlass grant = new BreakGlass("prod", "INC-4711", Principal.human("cto"), clock.instant().plus(Duration.ofHours(1)), 2);
    Policy policy = Policy.breakGlass(Policy.defaults(), grant, clock);
    Operation operation = op(ALICE, PROD);
    BlastRadius critical = fixedLevel(Level.CRITICAL).evaluate(deletePlan("a.b"), operation);
    assertThat(policy.decide(operation, critical).verdict()).isEqualTo(Verdict.REQUIRE_APPROVALS);
    clock.advance(Duration.ofHours(2));
    assertThat(policy.decide(operation, critical).verdict()).isEqualTo(Verdict.DENY);
  }

  @Test
  void breakGlassForOneEnvironmentDoesNotLiftAnother() {
    BreakGlass grant = new BreakGlass("prod-eu", "INC-1", Principal.human("cto"), clock.instant().plus(Duration.ofHours(1)), 2);
    Operation operation = op(ALICE, PROD);
    BlastRadius critical = fixedLevel(Level.CRITICAL).evaluate(deletePlan("a.b"), operation);
    assertThat(Policy.breakGlass(Policy.defaults(), grant, clock).decide(operation, critical).verdict()).isEqualTo(Verdict.DENY);
  }

  @Test
  void breakGlassCannotBeGrantedByAnAgentOrWithFewerThanTwoApprovals() {
    assertThatThrownBy(() -> new BreakGlass("prod", "T-1", Principal.agent("bot"), clock.instant(), 2))
        .hasMessageContaining("human");
    assertThatThrownBy(() -> new BreakGlass("prod", "T-1", Principal.human("cto"), clock.instant(), 1))
        .hasMessageContaining("at least 2");
  }

  @Test
  void decisionsAlwaysCarryReasons() {
    assertThatThrownBy(() -> new Decision(Verdict.ALLOW, 0, List.of(), false)).hasMessageContaining("reason");
  }
}
