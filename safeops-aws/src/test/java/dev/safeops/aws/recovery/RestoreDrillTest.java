package dev.safeops.aws.recovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.safeops.aws.SafeOpsInterceptor;
import dev.safeops.aws.UnguardedMutationException;
import dev.safeops.aws.testing.FakeAws;
import dev.safeops.aws.testing.FakeAwsClients;
import dev.safeops.core.AuditEvent;
import dev.safeops.core.Environment;
import dev.safeops.core.Outcome;
import dev.safeops.core.Step;
import dev.safeops.core.Tier;
import dev.safeops.core.testing.RecordingAuditSink;
import dev.safeops.core.testing.SettableClock;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.rds.model.DbInstanceNotFoundException;
import software.amazon.awssdk.services.rds.model.Tag;

/** The drill of an RDS instance end to end, against safeops' fake AWS endpoint. */
class RestoreDrillTest {
  private static final Instant DAY_ONE = Instant.parse("2026-11-23T04:00:00Z");
  private static final String COPY_DAY_ONE = "drill-incident-db-20261123";
  private static final String COPY_DAY_TWO = "drill-incident-db-20261124";

  private final SettableClock clock = SettableClock.at(DAY_ONE);
  private final List<DrillAlert> alerts = new CopyOnWriteArrayList<>();
  private final List<RestoredCopy> checked = new CopyOnWriteArrayList<>();
  private RecordingAuditSink audit;
  private FakeAws aws;
  private RdsClient rds;

  @BeforeEach
  void seed() {
    start(1);
  }

  /** A fresh fake whose restored instances stay {@code creating} for {@code polls} describes. */
  private void start(int polls) {
    close();
    aws = FakeAws.builder().clock(clock).pollsUntilAvailable(polls).build().start();
    rds = FakeAwsClients.rds(aws);
    audit = new RecordingAuditSink();
    aws.seed().dbInstance("incident-db", db -> db.tag("app", "courses")
        .manualSnapshot("incident-db-manual", DAY_ONE.minus(Duration.ofHours(2))));
  }

  @AfterEach
  void close() {
    if (aws != null) {
      aws.close();
    }
  }

  private void instance(String id, Map<String, String> tags) {
    aws.seed().dbInstance(id, db -> tags.forEach(db::tag));
  }

  private DrillCheck passing() {
    return copy -> {
      checked.add(copy);
      return CheckResult.passed("the restored instance " + copy.identifier() + " answered");
    };
  }

  private RestoreDrill.Builder drill(DrillCheck check) {
    return RestoreDrill.builder()
        .rds(rds)
        .source(DrillSource.instance("incident-db"))
        .check(check)
        .auditSink(audit)
        .environment(Environment.aws("production", Tier.PRODUCTION, aws.accountId(), aws.region()))
        .clock(clock)
        .instanceClass("db.t3.micro")
        .waitFor(5, Duration.ZERO, Duration.ofMinutes(5))
        .addListener(alerts::add);
  }

  private Optional<DBInstance> find(String id) {
    try {
      return rds.describeDBInstances(r -> r.dbInstanceIdentifier(id)).dbInstances().stream().findFirst();
    } catch (DbInstanceNotFoundException e) {
      return Optional.empty();
    }
  }

  private Map<String, String> tags(String id) {
    String arn = find(id).orElseThrow().dbInstanceArn();
    return rds.listTagsForResource(r -> r.resourceName(arn)).tagList().stream().collect(Collectors.toMap(Tag::key, Tag::value));
  }

  private List<String> executed() {
    return audit.events().stream().filter(e -> e.step() == Step.RESULT && e.verdict().equals("EXECUTED"))
        .map(AuditEvent::operationName).toList();
  }

  @Test
  void aDrillRestoresTheNewestBackupChecksItAndStopsTheCopy() {
    DrillResult result = drill(passing()).build().run();

    assertThat(result.status()).isEqualTo(DrillResult.Status.PASSED);
    assertThat(result.copy()).contains(COPY_DAY_ONE);
    assertThat(result.stopped()).isTrue();
    assertThat(result.check()).hasValueSatisfying(c -> assertThat(c.passed()).isTrue());
    assertThat(result.summary()).isEqualTo("restore drill: restored incident-db from " + result.restoredFrom()
        + " as " + COPY_DAY_ONE + ", check passed, copy stopped, 0 old copies deleted");
    assertThat(checked).singleElement().satisfies(c -> {
      assertThat(c.identifier()).isEqualTo(COPY_DAY_ONE);
      assertThat(c.address()).contains(COPY_DAY_ONE);
      assertThat(c.port()).isPositive();
    });
    assertThat(find(COPY_DAY_ONE)).hasValueSatisfying(db -> assertThat(db.dbInstanceStatus()).isEqualTo("stopped"));
    assertThat(tags(COPY_DAY_ONE)).containsEntry("safeops:restore-drill", "incident-db")
        .containsEntry("safeops:drill-status", "passed").containsEntry("safeops:drill-date", "20261123");
    assertThat(find("incident-db")).hasValueSatisfying(db -> assertThat(db.dbInstanceStatus()).isEqualTo("available"));
    assertThat(alerts).isEmpty();
  }

  @Test
  void everyMutatingStepRanThroughTheGuardAndWasAudited() {
    DrillResult result = drill(passing()).build().run();

    assertThat(result.passed()).isTrue();
    assertThat(executed()).hasSize(3).contains("rds:AddTagsToResource", "rds:StopDBInstance")
        .anyMatch(n -> n.startsWith("rds:RestoreDBInstance"));
    assertThat(result.auditIds()).hasSize(3);
    assertThat(audit.events()).filteredOn(e -> e.step() == Step.AUDIT && e.verdict().equals("EXECUTING"))
        .extracting(AuditEvent::scope).containsOnly("rds:restore-drill/incident-db");
  }

  @Test
  void theSnapshotIsUsedWhenItIsTheNewestBackup() {
    // A source whose automated backups are off has only its manual snapshot to offer.
    aws.seed().dbInstance("orders-db", db -> db.backupRetentionDays(0)
        .manualSnapshot("orders-db-nightly", DAY_ONE.minus(Duration.ofHours(1))));

    DrillResult result = drill(passing()).source(DrillSource.instance("orders-db")).build().run();

    assertThat(result.passed()).isTrue();
    assertThat(result.restoredFrom()).isEqualTo("orders-db-nightly");
    assertThat(result.summary()).isEqualTo(
        "restore drill: restored orders-db from orders-db-nightly as drill-orders-db-20261123, check passed, copy stopped, 0 old copies deleted");
  }

  @Test
  void independentBackupsOnlyRestoresTheManualSnapshotRatherThanAPointInTime() {
    DrillResult newest = drill(passing()).build().run();
    assertThat(newest.restoredFrom()).startsWith("automated backup at ");
    clock.advance(Duration.ofDays(1));

    DrillResult independent = drill(passing()).independentBackupsOnly(true).build().run();

    assertThat(independent.passed()).isTrue();
    assertThat(independent.restoredFrom()).isEqualTo("incident-db-manual");
    assertThat(independent.summary()).startsWith("restore drill: restored incident-db from incident-db-manual as " + COPY_DAY_TWO);
  }

  @Test
  void aSecondRunTheSameDayChangesNothing() {
    RestoreDrill drill = drill(passing()).build();
    drill.run();
    int events = audit.events().size();

    DrillResult second = drill.run();

    assertThat(second.status()).isEqualTo(DrillResult.Status.SKIPPED);
    assertThat(second.copy()).contains(COPY_DAY_ONE);
    assertThat(audit.events()).hasSize(events);
    assertThat(rds.describeDBInstancesPaginator().dbInstances().stream().map(DBInstance::dbInstanceIdentifier))
        .containsExactlyInAnyOrder("incident-db", COPY_DAY_ONE);
  }

  @Test
  void theNextDayDeletesYesterdaysPassedCopy() {
    RestoreDrill drill = drill(passing()).build();
    drill.run();
    clock.advance(Duration.ofDays(1));

    DrillResult next = drill.run();

    assertThat(next.passed()).isTrue();
    assertThat(next.copy()).contains(COPY_DAY_TWO);
    assertThat(next.deletedCopies()).containsExactly(COPY_DAY_ONE);
    assertThat(next.summary()).endsWith("as " + COPY_DAY_TWO + ", check passed, copy stopped, 1 old copies deleted");
    assertThat(find(COPY_DAY_ONE)).isEmpty();
    assertThat(find(COPY_DAY_TWO)).isPresent();
  }

  @Test
  void aRefusedRestoreFailsAlertsAndLeavesNoCopy() {
    aws.deny("rds", "RestoreDBInstanceToPointInTime").deny("rds", "RestoreDBInstanceFromDBSnapshot");

    DrillResult result = drill(passing()).build().run();

    assertThat(result.status()).isEqualTo(DrillResult.Status.FAILED);
    assertThat(result.failedAt()).contains(DrillStep.RESTORE);
    assertThat(result.reasons()).singleElement().asString().contains("was FAILED at EXECUTE");
    assertThat(alerts).singleElement().satisfies(a -> {
      assertThat(a.step()).isEqualTo(DrillStep.RESTORE);
      assertThat(a.source().identifier()).isEqualTo("incident-db");
    });
    assertThat(find(COPY_DAY_ONE)).isEmpty();
    assertThat(checked).isEmpty();
  }

  @Test
  void anUntaggedInstanceUnderTodaysCopyNameIsNeitherClaimedNorMarked() {
    instance(COPY_DAY_ONE, Map.of("owner", "someone-else"));

    DrillResult result = drill(passing()).build().run();

    assertThat(result.failedAt()).contains(DrillStep.RESTORE);
    assertThat(result.copy()).isEmpty();
    assertThat(result.keptCopies()).isEmpty();
    assertThat(result.reasons()).singleElement().asString().contains("already exists");
    assertThat(tags(COPY_DAY_ONE)).containsOnly(Map.entry("owner", "someone-else"));
    assertThat(executed()).isEmpty();
  }

  @Test
  void aCopyThatBecomesAvailableAfterSomePollsIsWaitedFor() {
    start(3);

    DrillResult result = drill(passing()).build().run();

    assertThat(result.passed()).isTrue();
    assertThat(aws.requests()).filteredOn(r -> r.operation().equals("DescribeDBInstances")
        && r.parameter("DBInstanceIdentifier").filter(COPY_DAY_ONE::equals).isPresent()).hasSizeGreaterThan(3);
  }

  @Test
  void aCopyThatNeverBecomesAvailableBeforeTheDeadlineIsKeptAndAlerted() {
    start(1000);

    DrillResult result = drill(passing()).waitFor(3, Duration.ZERO, Duration.ofMinutes(5)).build().run();

    assertThat(result.status()).isEqualTo(DrillResult.Status.FAILED);
    assertThat(result.failedAt()).contains(DrillStep.WAIT);
    assertThat(result.keptCopies()).containsExactly(COPY_DAY_ONE);
    assertThat(alerts).singleElement().satisfies(a -> assertThat(a.copy()).contains(COPY_DAY_ONE));
    assertThat(checked).isEmpty();
    assertThat(find(COPY_DAY_ONE)).isPresent();
    assertThat(tags(COPY_DAY_ONE)).containsEntry("safeops:drill-status", "failed");
  }

  @Test
  void aFailedCheckKeepsTheCopyRunningAndNoLaterRunDeletesIt() {
    DrillResult failed = drill(copy -> CheckResult.failed("SELECT COUNT(*) FROM submissions returned 0, at least 1 expected"))
        .build().run();

    assertThat(failed.failedAt()).contains(DrillStep.CHECK);
    assertThat(failed.summary()).contains("FAILED at CHECK").contains(COPY_DAY_ONE + " kept for investigation");
    assertThat(alerts).singleElement().satisfies(a -> assertThat(a.message()).contains("returned 0"));
    assertThat(aws.state().dbInstanceStatus(COPY_DAY_ONE)).contains("available");
    assertThat(aws.state().dbInstanceTags(COPY_DAY_ONE)).containsEntry("safeops:drill-status", "failed");

    clock.advance(Duration.ofDays(1));
    DrillResult next = drill(passing()).build().run();

    assertThat(next.passed()).isTrue();
    assertThat(next.deletedCopies()).isEmpty();
    assertThat(next.keptCopies()).containsExactly(COPY_DAY_ONE);
    assertThat(find(COPY_DAY_ONE)).isPresent();
  }

  @Test
  void aCheckThatThrowsCountsAsFailed() {
    DrillResult result = drill(copy -> {
      throw new java.sql.SQLException("connection refused");
    }).build().run();

    assertThat(result.failedAt()).contains(DrillStep.CHECK);
    assertThat(result.check()).hasValueSatisfying(c -> assertThat(c.description()).contains("connection refused"));
    assertThat(find(COPY_DAY_ONE)).isPresent();
  }

  @Test
  void noBackupAtAllFailsBeforeAnythingIsRestored() {
    DrillResult result = drill(passing()).source(DrillSource.instance("never-existed")).build().run();

    assertThat(result.failedAt()).contains(DrillStep.FIND_BACKUP);
    assertThat(alerts).hasSize(1);
    assertThat(audit.events()).isEmpty();
  }

  @Test
  void theJdbcCheckCountsRowsThroughTheConsumersDataSource() throws Exception {
    JdbcDataSource h2 = new JdbcDataSource();
    h2.setURL("jdbc:h2:mem:drill;DB_CLOSE_DELAY=-1");
    try (Connection c = h2.getConnection(); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE submissions(id INT)");
      s.execute("INSERT INTO submissions SELECT X FROM SYSTEM_RANGE(1, 25)");
    }
    List<String> endpoints = new CopyOnWriteArrayList<>();
    DrillCheck enough = DrillCheck.jdbcMinimum(copy -> {
      endpoints.add(copy.address() + ":" + copy.port());
      return h2;
    }, "SELECT COUNT(*) FROM submissions", 25);
    DrillCheck tooFew = DrillCheck.jdbcMinimum(copy -> h2, "SELECT COUNT(*) FROM submissions", 26);

    DrillResult passed = drill(enough).build().run();
    assertThat(passed.passed()).isTrue();
    assertThat(passed.check().orElseThrow().description())
        .isEqualTo("SELECT COUNT(*) FROM submissions on " + COPY_DAY_ONE + " returned 25, at least 25 expected");
    assertThat(endpoints).singleElement().asString().startsWith(COPY_DAY_ONE);

    clock.advance(Duration.ofDays(1));
    DrillResult failed = drill(tooFew).build().run();
    assertThat(failed.failedAt()).contains(DrillStep.CHECK);
    assertThat(failed.reasons()).singleElement().asString().contains("returned 25, at least 26 expected");
  }

  @Test
  void theDrillCannotDeleteTheSourceDatabase() {
    Outcome<Void> outcome = drill(passing()).build().deleteCopy("incident-db");

    assertThat(outcome.status()).isEqualTo(Outcome.Status.DENIED);
    assertThat(outcome.reasons()).anyMatch(r -> r.contains("is not a copy made by the restore drill"));
    assertThat(find("incident-db")).isPresent();
  }

  @Test
  void theDrillCannotDeleteAnInstanceWhoseNameOrTagOnlyLooksLikeACopy() {
    instance("drill-incident-db-20261101", Map.of());                                    // name, no tag
    instance("restore-test-incident-db", Map.of("safeops:restore-drill", "incident-db")); // tag, wrong name
    instance("drill-other-db-20261101", Map.of("safeops:restore-drill", "other-db"));     // another drill's copy
    RestoreDrill drill = drill(passing()).build();

    for (String id : List.of("drill-incident-db-20261101", "restore-test-incident-db", "drill-other-db-20261101")) {
      Outcome<Void> outcome = drill.deleteCopy(id);
      assertThat(outcome.status()).as(id).isEqualTo(Outcome.Status.DENIED);
      assertThat(find(id)).as(id).isPresent();
    }
    assertThat(executed()).isEmpty();
  }

  @Test
  void theDrillCanDeleteItsOwnCopy() {
    instance(COPY_DAY_ONE, Map.of("safeops:restore-drill", "incident-db", "safeops:drill-status", "failed"));

    Outcome<Void> outcome = drill(passing()).build().deleteCopy(COPY_DAY_ONE);

    assertThat(outcome.status()).isEqualTo(Outcome.Status.EXECUTED);
    assertThat(find(COPY_DAY_ONE)).isEmpty();
  }

  @Test
  void aLookalikeOfAnOldCopyIsNeitherDeletedNorKeptByTheCleanup() {
    instance("drill-incident-db-20261120", Map.of("owner", "someone-else"));

    DrillResult result = drill(passing()).build().run();

    assertThat(result.passed()).isTrue();
    assertThat(result.deletedCopies()).isEmpty();
    assertThat(result.keptCopies()).isEmpty();
    assertThat(find("drill-incident-db-20261120")).isPresent();
  }

  @Test
  void theIncidentsDeletedDatabaseIsRestoredFromTheSnapshotSupportFound() {
    aws.seed().dbSnapshot("courses-prod-found-by-support", "courses-prod", DAY_ONE.minus(Duration.ofDays(3)));

    DrillResult result = drill(passing()).source(DrillSource.instance("courses-prod")).build().run();

    assertThat(result.summary()).isEqualTo("restore drill: restored courses-prod from courses-prod-found-by-support as "
        + "drill-courses-prod-20261123, check passed, copy stopped, 0 old copies deleted");
  }

  @Test
  void aDeniedDeleteNeverReachesTheWire() {
    aws.clearRequests();

    Outcome<Void> outcome = drill(passing()).build().deleteCopy("incident-db");

    assertThat(outcome.status()).isEqualTo(Outcome.Status.DENIED);
    assertThat(aws.mutatingRequests()).isEmpty();
    assertThat(aws.requests()).noneMatch(r -> r.operation().equals("DeleteDBInstance"));
  }

  @Test
  void theDrillPassesWithTheSdkGuardOnItsClientWhileTheSameClientRefusesAnUnguardedDelete() {
    aws.seed().dbInstance("drill-incident-db-20261122", db -> db.tag("safeops:restore-drill", "incident-db")
        .tag("safeops:drill-status", "passed"));
    RdsClient guarded = FakeAwsClients.pointAt(RdsClient.builder(), aws)
        .overrideConfiguration(o -> o.addExecutionInterceptor(new SafeOpsInterceptor()))
        .build();

    DrillResult result = drill(passing()).rds(guarded).build().run();

    assertThat(result.passed()).as(result.summary()).isTrue();
    assertThat(result.deletedCopies()).containsExactly("drill-incident-db-20261122");
    aws.clearRequests();
    assertThatThrownBy(() -> guarded.deleteDBInstance(r -> r.dbInstanceIdentifier(COPY_DAY_ONE).skipFinalSnapshot(true)))
        .isInstanceOf(UnguardedMutationException.class);
    assertThat(aws.requests()).isEmpty();
    assertThat(aws.state().dbInstanceExists(COPY_DAY_ONE)).isTrue();
  }
}
