package dev.safeops.core.rules;

import static dev.safeops.core.rules.RuleFixtures.DEV;
import static dev.safeops.core.rules.RuleFixtures.PROD;
import static dev.safeops.core.rules.RuleFixtures.attrs;
import static dev.safeops.core.rules.RuleFixtures.change;
import static dev.safeops.core.rules.RuleFixtures.delete;
import static dev.safeops.core.rules.RuleFixtures.findings;
import static dev.safeops.core.rules.RuleFixtures.replace;
import static dev.safeops.core.rules.RuleFixtures.update;
import static org.assertj.core.api.Assertions.assertThat;

import dev.safeops.core.ChangeAction;
import dev.safeops.core.Finding;
import dev.safeops.core.Level;
import dev.safeops.core.ResourceChange;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** data.irrecoverable-loss: a store deleted while its backups go with it, judged on before values. */
class IrrecoverableLossRuleTest {
  private static final String RULE = "data.irrecoverable-loss";

  @Test
  void rdsDeletedWithoutFinalSnapshotAndWithDefaultBackupDeletionIsCritical() {
    List<Finding> found = findings(RULE, DEV, delete("aws_db_instance.main", "aws_db_instance",
        attrs("identifier", "courses", "skip_final_snapshot", true, "deletion_protection", false)));

    assertThat(found).singleElement().satisfies(f -> {
      assertThat(f.level()).isEqualTo(Level.CRITICAL);
      assertThat(f.address()).isEqualTo("aws_db_instance.main");
      assertThat(f.message()).isEqualTo("aws_db_instance.main would be deleted with skip_final_snapshot=true and "
          + "delete_automated_backups=true (default): no final snapshot is taken and every automated backup is "
          + "deleted with it, so its data would be lost for good");
    });
  }

  @Test
  void booleansStoredAsStringsAreJudgedLikeBooleans() {
    List<Finding> found = findings(RULE, DEV, delete("aws_db_instance.main", "aws_db_instance",
        attrs("skip_final_snapshot", "true", "delete_automated_backups", "TRUE")));

    assertThat(found).singleElement().extracting(Finding::level).isEqualTo(Level.CRITICAL);
  }

  @Test
  void aFinalSnapshotKeepsTheDataRecoverable() {
    assertThat(findings(RULE, PROD, delete("aws_db_instance.main", "aws_db_instance",
        attrs("skip_final_snapshot", false, "final_snapshot_identifier", "courses-final")))).isEmpty();
  }

  @Test
  void keptAutomatedBackupsKeepTheDataRecoverable() {
    assertThat(findings(RULE, PROD, delete("aws_db_instance.main", "aws_db_instance",
        attrs("skip_final_snapshot", true, "delete_automated_backups", false)))).isEmpty();
  }

  @Test
  void anAbsentSkipFinalSnapshotTakesTheProviderDefaultOfTakingOne() {
    assertThat(findings(RULE, PROD, delete("aws_db_instance.main", "aws_db_instance", attrs()))).isEmpty();
  }

  @Test
  void aReplacementLosesTheDataLikeADelete() {
    List<Finding> found = findings(RULE, DEV, replace("aws_rds_cluster.aurora", "aws_rds_cluster",
        attrs("skip_final_snapshot", true, "delete_automated_backups", null)));

    assertThat(found).singleElement().satisfies(f -> {
      assertThat(f.level()).isEqualTo(Level.CRITICAL);
      assertThat(f.message()).startsWith("aws_rds_cluster.aurora would be replaced")
          .contains("delete_automated_backups=true (default)");
    });
  }

  @Test
  void aReplacementIsJudgedOnTheResourceAsItExistsNotOnThePlannedEndState() {
    ResourceChange c = ResourceChange.builder().address("aws_db_instance.main").type("aws_db_instance")
        .action(ChangeAction.REPLACE)
        .before(attrs("skip_final_snapshot", true))
        .after(attrs("skip_final_snapshot", false, "delete_automated_backups", false)).build();

    assertThat(findings(RULE, DEV, c)).singleElement().extracting(Finding::level).isEqualTo(Level.CRITICAL);
  }

  @Test
  void updatingADatabaseIsNotALoss() {
    assertThat(findings(RULE, PROD, update("aws_db_instance.main", "aws_db_instance",
        attrs("skip_final_snapshot", true, "instance_class", "db.t3.micro"),
        attrs("skip_final_snapshot", true, "instance_class", "db.t3.small")))).isEmpty();
  }

  @Test
  void forgettingOrReadingADatabaseIsNotALoss() {
    assertThat(findings(RULE, PROD,
        change("aws_db_instance.a", "aws_db_instance", ChangeAction.FORGET),
        change("aws_db_instance.b", "aws_db_instance", ChangeAction.READ),
        change("aws_db_instance.c", "aws_db_instance", ChangeAction.NO_OP))).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"aws_efs_file_system", "aws_opensearch_domain", "azurerm_postgresql_flexible_server",
      "azurerm_mssql_server", "azurerm_cosmosdb_account", "azurerm_storage_account", "google_bigtable_instance"})
  void typesThatKeepNoBackupOfTheirOwnAreAlwaysCritical(String type) {
    List<Finding> found = findings(RULE, DEV, delete(type + ".x", type));

    assertThat(found).singleElement().satisfies(f -> {
      assertThat(f.level()).isEqualTo(Level.CRITICAL);
      assertThat(f.message()).startsWith(type + ".x would be deleted").contains("keeps no backup that outlives it");
    });
  }

  @Test
  void aDynamoTableWithoutPointInTimeRecoveryLosesEverything() {
    assertThat(findings(RULE, DEV, delete("aws_dynamodb_table.t", "aws_dynamodb_table", attrs("name", "t"))))
        .singleElement().satisfies(f -> assertThat(f.message()).contains("point_in_time_recovery.0.enabled=false (default)"));
    assertThat(findings(RULE, DEV, delete("aws_dynamodb_table.t", "aws_dynamodb_table",
        attrs("point_in_time_recovery", List.of(attrs("enabled", true)))))).isEmpty();
  }

  @Test
  void aForceDestroyedBucketLosesEveryObject() {
    assertThat(findings(RULE, DEV, delete("aws_s3_bucket.b", "aws_s3_bucket", attrs("force_destroy", true))))
        .singleElement().extracting(Finding::level).isEqualTo(Level.CRITICAL);
    assertThat(findings(RULE, DEV, delete("aws_s3_bucket.b", "aws_s3_bucket", attrs("force_destroy", false)))).isEmpty();
    assertThat(findings(RULE, DEV, delete("google_storage_bucket.b", "google_storage_bucket", attrs("force_destroy", true))))
        .hasSize(1);
  }

  @Test
  void aCacheWithoutANamedFinalSnapshotLosesItsBackups() {
    assertThat(findings(RULE, DEV, delete("aws_elasticache_replication_group.r", "aws_elasticache_replication_group",
        attrs("final_snapshot_identifier", "")))).hasSize(1);
    assertThat(findings(RULE, DEV, delete("aws_elasticache_replication_group.r", "aws_elasticache_replication_group",
        attrs("final_snapshot_identifier", "sessions-final")))).isEmpty();
  }

  @Test
  void aCloudSqlInstanceLosesItsBackupsUnlessTheyAreRetained() {
    assertThat(findings(RULE, DEV, delete("google_sql_database_instance.db", "google_sql_database_instance",
        attrs("deletion_protection", false)))).hasSize(1);
    assertThat(findings(RULE, DEV, delete("google_sql_database_instance.db", "google_sql_database_instance",
        attrs("settings", List.of(attrs("retain_backups_on_delete", true)))))).isEmpty();
  }

  @Test
  void aStoreWhoseBackupsOutliveItIsNotIrrecoverable() {
    assertThat(findings(RULE, PROD, delete("azurerm_mssql_database.db", "azurerm_mssql_database"),
        delete("aws_instance.web", "aws_instance"), delete("mycorp_thing.x", "mycorp_thing"))).isEmpty();
  }
}
