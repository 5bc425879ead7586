package dev.safeops.examples.guide;

import static org.assertj.core.api.Assertions.assertThat;

import dev.safeops.aws.AwsGuardedActions;
import dev.safeops.aws.SafeOpsInterceptor;
import dev.safeops.aws.testing.FakeAws;
import dev.safeops.aws.testing.FakeAwsClients;
import dev.safeops.core.ApprovalCallback;
import dev.safeops.core.Environment;
import dev.safeops.core.GuardedExecutor;
import dev.safeops.core.Outcome;
import dev.safeops.core.Principal;
import dev.safeops.core.Tier;
import dev.safeops.core.testing.FakeApprovals;
import dev.safeops.core.testing.RecordingAuditSink;
import dev.safeops.core.testing.SettableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.sts.StsClient;

/** How a consumer unit-tests its own code with safeops' fakes: a fake AWS, approvals, audit and clock. */
class SnapshotJanitorTest {
  private final SettableClock clock = SettableClock.at(Instant.parse("2026-06-01T12:00:00Z"));
  private final RecordingAuditSink audit = new RecordingAuditSink();
  private FakeAws aws;
  private RdsClient rds;
  private StsClient sts;
  private Environment production;

  @BeforeEach
  void aDatabaseWithSnapshotsOfEveryAge() {
    aws = FakeAws.builder().clock(clock).build().start();
    aws.seed().dbInstance("orders", db -> db
        .manualSnapshot("orders-40d", clock.instant().minus(Duration.ofDays(40)))
        .manualSnapshot("orders-35d", clock.instant().minus(Duration.ofDays(35)))
        .manualSnapshot("orders-2d", clock.instant().minus(Duration.ofDays(2))));
    aws.seed().dbInstance("archive", db -> db.manualSnapshot("archive-90d", clock.instant().minus(Duration.ofDays(90))));
    SafeOpsInterceptor guard = new SafeOpsInterceptor();
    rds = FakeAwsClients.pointAt(RdsClient.builder(), aws).overrideConfiguration(o -> o.addExecutionInterceptor(guard)).build();
    sts = FakeAwsClients.sts(aws);
    production = Environment.aws("production", Tier.PRODUCTION, aws.accountId(), aws.region());
  }

  @AfterEach
  void close() {
    rds.close();
    sts.close();
    aws.close();
  }

  private SnapshotJanitor janitor(ApprovalCallback approvals) {
    GuardedExecutor executor = GuardedExecutor.builder().clock(clock).approvalCallback(approvals).auditSink(audit).build();
    return new SnapshotJanitor(rds, AwsGuardedActions.builder(production, sts).rds(rds).build(), executor, production, clock);
  }

  @Test
  void deletesOnlySnapshotsOlderThanTheRetentionOnceTwoPeopleApprove() {
    List<Outcome<?>> outcomes = janitor(FakeApprovals.approveAs(clock, Principal.human("alice"), Principal.human("bob")))
        .clean("orders", Duration.ofDays(30));

    assertThat(outcomes).allMatch(Outcome::executed).hasSize(2);
    assertThat(aws.state().manualSnapshotsOf("orders")).containsExactly("orders-2d");
    assertThat(aws.mutatingRequests()).extracting(r -> r.parameter("DBSnapshotIdentifier").orElse(""))
        .containsExactlyInAnyOrder("orders-40d", "orders-35d");
  }

  @Test
  void keepsTheNewestSnapshotHoweverOldItIs() {
    List<Outcome<?>> outcomes = janitor(FakeApprovals.approveAs(clock, Principal.human("alice"), Principal.human("bob")))
        .clean("archive", Duration.ofDays(30));

    assertThat(outcomes).isEmpty();
    assertThat(aws.state().dbSnapshotExists("archive-90d")).isTrue();
    assertThat(aws.mutatingRequests()).isEmpty();
  }

  @Test
  void deletesNothingWhenNobodyApproves() {
    List<Outcome<?>> outcomes = janitor(FakeApprovals.deny()).clean("orders", Duration.ofDays(30));

    assertThat(outcomes).hasSize(2).noneMatch(Outcome::executed);
    assertThat(aws.state().manualSnapshotsOf("orders")).containsExactly("orders-40d", "orders-35d", "orders-2d");
    assertThat(aws.mutatingRequests()).isEmpty();
    assertThat(audit.contains("EXECUTING")).isFalse();
  }

  @Test
  void theJanitorsCallsAreAuditedAsTheJanitor() {
    janitor(FakeApprovals.approveAs(clock, Principal.human("alice"), Principal.human("bob"))).clean("orders", Duration.ofDays(30));

    assertThat(audit.events()).isNotEmpty()
        .filteredOn(e -> e.operationName().equals("rds:DeleteDBSnapshot"))
        .isNotEmpty()
        .allSatisfy(e -> assertThat(e.principal()).isEqualTo(Principal.service("snapshot-janitor")));
  }
}
