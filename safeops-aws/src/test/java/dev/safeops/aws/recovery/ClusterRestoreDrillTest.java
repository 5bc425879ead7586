package dev.safeops.aws.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.safeops.aws.MotoServer;
import dev.safeops.core.Environment;
import dev.safeops.core.Outcome;
import dev.safeops.core.Tier;
import dev.safeops.core.testing.RecordingAuditSink;
import dev.safeops.core.testing.SettableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBCluster;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.rds.model.DbClusterNotFoundException;
import software.amazon.awssdk.services.rds.model.DbInstanceNotFoundException;
import software.amazon.awssdk.services.rds.model.Tag;

class ClusterRestoreDrillTest {
  private static final String COPY = "drill-courses-aurora-20261123";

  private static final Region REGION = Region.EU_WEST_1;
  private static MotoServer moto;
  private RdsClient rds;
  private SettableClock clock;

  @BeforeAll
  static void startMoto() throws Exception {
    moto = MotoServer.startIfInstalled();
  }

  @AfterAll
  static void stopMoto() throws Exception {
    if (moto != null) {
      moto.close();
    }
  }

  @BeforeEach
  void seed() {
    MotoServer.assumePresent(moto);
    moto.reset();
    rds = moto.client(RdsClient.builder(), REGION);
    clock = SettableClock.at(Instant.parse("2026-11-23T03:00:00Z"));
    cluster("courses-aurora", Map.of());
    rds.createDBClusterSnapshot(r -> r.dbClusterIdentifier("courses-aurora").dbClusterSnapshotIdentifier("courses-aurora-nightly"));
  }

  private void cluster(String id, Map<String, String> tags) {
    rds.createDBCluster(r -> r.dbClusterIdentifier(id).engine("aurora-postgresql").masterUsername("app")
        .masterUserPassword("not-a-secret")
        .tags(tags.entrySet().stream().map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList()));
  }

  private RestoreDrill drill() {
    return RestoreDrill.builder()
        .rds(rds)
        .source(DrillSource.cluster("courses-aurora"))
        .check(copy -> CheckResult.passed("cluster endpoint " + copy.address() + " answered"))
        .auditSink(new RecordingAuditSink())
        .environment(Environment.aws("production", Tier.PRODUCTION, MotoServer.ACCOUNT, REGION.id()))
        .clock(clock)
        .instanceClass("db.t4g.medium")
        .waitFor(5, Duration.ZERO, Duration.ofMinutes(5))
        .build();
  }

  private Optional<DBCluster> findCluster(String id) {
    try {
      return rds.describeDBClusters(r -> r.dbClusterIdentifier(id)).dbClusters().stream().findFirst();
    } catch (DbClusterNotFoundException e) {
      return Optional.empty();
    }
  }

  private Optional<DBInstance> findInstance(String id) {
    try {
      return rds.describeDBInstances(r -> r.dbInstanceIdentifier(id)).dbInstances().stream().findFirst();
    } catch (DbInstanceNotFoundException e) {
      return Optional.empty();
    }
  }

  @Test
  void aClusterDrillRestoresTheClusterAddsAWriterChecksTheEndpointAndStopsIt() {
    DrillResult result = drill().run();

    assertThat(result.status()).as(result.summary()).isEqualTo(DrillResult.Status.PASSED);
    assertThat(result.summary()).startsWith("restore drill: restored courses-aurora from ")
        .endsWith(" as " + COPY + ", check passed, copy stopped, 0 old copies deleted");
    assertThat(findCluster(COPY)).hasValueSatisfying(c -> {
      assertThat(c.status()).isEqualTo("stopped");
      assertThat(c.dbClusterMembers()).extracting(m -> m.dbInstanceIdentifier()).containsExactly(COPY);
    });
    assertThat(findInstance(COPY)).hasValueSatisfying(db -> assertThat(db.dbClusterIdentifier()).isEqualTo(COPY));
    assertThat(result.auditIds()).hasSize(4);
  }

  @Test
  void theNextDayDeletesYesterdaysClusterWithItsWriter() {
    drill().run();
    clock.advance(Duration.ofDays(1));

    DrillResult next = drill().run();

    assertThat(next.passed()).as(next.summary()).isTrue();
    assertThat(next.deletedCopies()).containsExactly(COPY);
    assertThat(findInstance(COPY)).isEmpty();
    assertThat(findCluster(COPY).map(DBCluster::status)).satisfiesAnyOf(
        s -> assertThat(s).isEmpty(), s -> assertThat(s).contains("deleting"));
    assertThat(findCluster("courses-aurora")).isPresent();
  }

  @Test
  void aDrillClusterHoldingAnInstanceThatIsNotACopyCannotBeDeleted() {
    cluster("drill-courses-aurora-20261101", Map.of("safeops:restore-drill", "courses-aurora", "safeops:drill-status", "passed"));
    rds.createDBInstance(r -> r.dbInstanceIdentifier("reporting-reader").dbClusterIdentifier("drill-courses-aurora-20261101")
        .engine("aurora-postgresql").dbInstanceClass("db.t4g.medium"));

    Outcome<Void> outcome = drill().deleteCopy("drill-courses-aurora-20261101");

    assertThat(outcome.status()).isEqualTo(Outcome.Status.DENIED);
    assertThat(outcome.reasons()).anyMatch(r -> r.contains("reporting-reader"));
    assertThat(findInstance("reporting-reader")).isPresent();
    assertThat(findCluster("drill-courses-aurora-20261101")).isPresent();
  }

  @Test
  void theSourceClusterCannotBeDeletedByTheDrill() {
    Outcome<Void> outcome = drill().deleteCopy("courses-aurora");

    assertThat(outcome.status()).isEqualTo(Outcome.Status.DENIED);
    assertThat(findCluster("courses-aurora")).isPresent();
    assertThat(List.of(outcome.reasons())).isNotEmpty();
  }
}
