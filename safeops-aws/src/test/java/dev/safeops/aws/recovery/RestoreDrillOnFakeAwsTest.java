package dev.safeops.aws.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.safeops.aws.testing.FakeAws;
import dev.safeops.aws.testing.FakeAwsClients;
import dev.safeops.core.Environment;
import dev.safeops.core.Outcome;
import dev.safeops.core.Tier;
import dev.safeops.core.testing.RecordingAuditSink;
import dev.safeops.core.testing.SettableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The drill against safeops' own fake AWS endpoint, whose restored instances take polls to become available. */
class RestoreDrillOnFakeAwsTest {
  private static final Instant NOW = Instant.parse("2026-11-23T04:00:00Z");
  private static final String COPY = "drill-courses-prod-20261123";

  private final SettableClock clock = SettableClock.at(NOW);
  private final List<DrillAlert> alerts = new CopyOnWriteArrayList<>();
  private FakeAws aws;

  private FakeAws fake(int pollsUntilAvailable) {
    aws = FakeAws.builder().clock(clock).pollsUntilAvailable(pollsUntilAvailable).build().start();
    aws.seed().dbInstance("courses-prod", db -> db.deletionProtection(true)
        .manualSnapshot("courses-prod-manual-20261122", NOW.minus(Duration.ofHours(26))));
    return aws;
  }

  @AfterEach
  void close() {
    if (aws != null) {
      aws.close();
    }
  }

  private RestoreDrill.Builder drill(int maxPolls) {
    return RestoreDrill.builder()
        .rds(FakeAwsClients.rds(aws))
        .source(DrillSource.instance("courses-prod"))
        .check(copy -> CheckResult.passed(copy.identifier() + " answered at " + copy.address()))
        .auditSink(new RecordingAuditSink())
        .environment(Environment.aws("production", Tier.PRODUCTION, aws.accountId(), aws.region()))
        .clock(clock)
        .waitFor(maxPolls, Duration.ZERO, Duration.ofMinutes(5))
        .addListener(alerts::add);
  }

  @Test
  void theDrillWaitsThroughTheFakesPollsAndPasses() {
    fake(3);

    DrillResult result = drill(5).build().run();

    assertThat(result.passed()).as(result.summary()).isTrue();
    assertThat(aws.state().dbInstanceStatus(COPY)).contains("stopped");
    assertThat(aws.state().dbInstanceTags(COPY)).containsEntry("safeops:restore-drill", "courses-prod")
        .containsEntry("safeops:drill-status", "passed");
    assertThat(aws.state().dbInstanceExists("courses-prod")).isTrue();
  }

  @Test
  void aCopyStillCreatingAtTheDeadlineIsKeptAndAlerted() {
    fake(10);

    DrillResult result = drill(3).build().run();

    assertThat(result.failedAt()).contains(DrillStep.WAIT);
    assertThat(result.keptCopies()).containsExactly(COPY);
    assertThat(alerts).singleElement().satisfies(a -> assertThat(a.step()).isEqualTo(DrillStep.WAIT));
    assertThat(aws.state().dbInstanceExists(COPY)).isTrue();
    assertThat(aws.state().dbInstanceTags(COPY)).containsEntry("safeops:drill-status", "failed");
  }

  @Test
  void aRestoreAwsRefusesFailsAndAlerts() {
    fake(0).deny("rds", "RestoreDBInstanceToPointInTime");

    DrillResult result = drill(3).build().run();

    assertThat(result.failedAt()).contains(DrillStep.RESTORE);
    assertThat(alerts).hasSize(1);
    assertThat(aws.state().dbInstanceExists(COPY)).isFalse();
  }

  @Test
  void theIncidentsDeletedDatabaseIsRestoredFromTheSnapshotSupportFound() {
    aws = FakeAws.builder().clock(clock).pollsUntilAvailable(1).build().start();
    aws.seed().dbSnapshot("courses-prod-found-by-support", "courses-prod", NOW.minus(Duration.ofDays(3)));

    DrillResult result = drill(3).build().run();

    assertThat(result.summary()).isEqualTo("restore drill: restored courses-prod from courses-prod-found-by-support as "
        + COPY + ", check passed, copy stopped, 0 old copies deleted");
  }

  @Test
  void theDrillNeverDeletesTheSourceOnTheFakeEither() {
    fake(0);

    Outcome<Void> outcome = drill(3).build().deleteCopy("courses-prod");

    assertThat(outcome.status()).isEqualTo(Outcome.Status.DENIED);
    assertThat(aws.state().dbInstanceExists("courses-prod")).isTrue();
    assertThat(aws.mutatingRequests()).isEmpty();
  }
}
