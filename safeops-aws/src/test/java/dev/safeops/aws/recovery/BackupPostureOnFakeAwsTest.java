package dev.safeops.aws.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.safeops.aws.testing.FakeAws;
import dev.safeops.aws.testing.FakeAwsClients;
import dev.safeops.core.Finding;
import dev.safeops.core.Level;
import dev.safeops.core.testing.SettableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The posture against safeops' own fake AWS endpoint seeded with the incident's production stack. */
class BackupPostureOnFakeAwsTest {
  private static final Instant NOW = Instant.parse("2026-11-23T04:00:00Z");
  private final SettableClock clock = SettableClock.at(NOW);
  private FakeAws aws;

  @BeforeEach
  void start() {
    aws = FakeAws.builder().clock(clock).build().start();
    aws.seed().incidentProductionStack();
  }

  @AfterEach
  void close() {
    aws.close();
  }

  private PostureReport check() {
    return BackupPosture.builder()
        .rds(FakeAwsClients.rds(aws))
        .dynamoDb(FakeAwsClients.dynamoDb(aws))
        .s3(FakeAwsClients.s3(aws))
        .backup(FakeAwsClients.backup(aws))
        .clock(clock)
        .location(aws.accountId(), aws.region())
        .build()
        .check();
  }

  @Test
  void theIncidentDatabaseIsCritical() {
    PostureReport report = check();

    String arn = aws.state().dbInstanceArn("courses-prod");
    assertThat(report.levelOf(arn)).isEqualTo(Level.CRITICAL);
    assertThat(report.findingsFor(arn)).extracting(Finding::ruleId)
        .contains("posture.irrecoverable-on-delete", "posture.deletion-protection-off",
            "posture.backups-deleted-with-resource", "posture.no-independent-backup");
    assertThat(report.findings()).noneMatch(f -> f.ruleId().equals("posture.check-failed"));
  }

  @Test
  void anUnprotectedTableWithoutPointInTimeRecoveryIsCriticalAndEveryCheckAnswers() {
    aws.seed().dynamoTable("submissions", t -> t.pointInTimeRecovery(false).deletionProtection(false));

    PostureReport report = check();

    assertThat(report.findings()).noneMatch(f -> f.ruleId().equals("posture.check-failed"));
    assertThat(report.resource("aws_dynamodb_table", "submissions"))
        .hasValueSatisfying(p -> assertThat(report.levelOf(p.arn())).isEqualTo(Level.CRITICAL));
  }

  @Test
  void aProtectedDatabaseWithRecoveryPointsInTwoVaultsIsClean() {
    aws.seed().dbInstance("ledger-prod", db -> db.deletionProtection(true)
        .manualSnapshot("ledger-prod-manual", NOW.minus(Duration.ofHours(3))));
    String arn = aws.state().dbInstanceArn("ledger-prod");
    aws.seed().recoveryPoint("prod-vault", arn, NOW.minus(Duration.ofHours(2)))
        .recoveryPoint("isolated-vault", arn, NOW.minus(Duration.ofHours(2)));

    PostureReport report = check();

    assertThat(report.findingsFor(arn)).isEmpty();
    assertThat(report.resource("aws_db_instance", "ledger-prod")).hasValueSatisfying(p -> assertThat(p.offsiteCopy()).isTrue());
  }

  @Test
  void aRecoveryPointAloneMakesTheIncidentDatabaseRecoverableButNotProtected() {
    String arn = aws.state().dbInstanceArn("courses-prod");
    aws.seed().recoveryPoint("prod-vault", arn, NOW.minus(Duration.ofHours(5)));

    PostureReport report = check();

    assertThat(report.findingsFor(arn)).extracting(Finding::ruleId)
        .contains("posture.deletion-protection-off")
        .doesNotContain("posture.irrecoverable-on-delete", "posture.no-independent-backup");
    assertThat(report.levelOf(arn)).isEqualTo(Level.HIGH);
  }

  @Test
  void tablesAndBucketsAreJudgedOnTheFakeToo() {
    aws.seed().dynamoTable("submissions", t -> { })
        .dynamoTable("ledger", t -> t.deletionProtection(true).pointInTimeRecovery(true))
        .bucket("course-uploads", b -> { })
        .bucket("course-archive", b -> b.versioning("Enabled").mfaDelete(true));

    PostureReport report = check();

    String bare = report.resource("aws_dynamodb_table", "submissions").orElseThrow().arn();
    assertThat(report.levelOf(bare)).isEqualTo(Level.CRITICAL);
    assertThat(report.findingsFor(bare)).extracting(Finding::ruleId)
        .contains("posture.point-in-time-recovery-off", "posture.deletion-protection-off", "posture.irrecoverable-on-delete");
    String guarded = report.resource("aws_dynamodb_table", "ledger").orElseThrow().arn();
    assertThat(report.findingsFor(guarded)).extracting(Finding::ruleId)
        .contains("posture.no-independent-backup")
        .doesNotContain("posture.point-in-time-recovery-off", "posture.deletion-protection-off", "posture.irrecoverable-on-delete");
    assertThat(report.findingsFor("arn:aws:s3:::course-uploads")).extracting(Finding::ruleId)
        .contains("posture.versioning-off");
    assertThat(report.findingsFor("arn:aws:s3:::course-archive")).isEmpty();
  }
}
