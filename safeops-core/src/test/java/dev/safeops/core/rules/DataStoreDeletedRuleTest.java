package dev.safeops.core.rules;

import static dev.safeops.core.rules.RuleFixtures.DEV;
import static dev.safeops.core.rules.RuleFixtures.PROD;
import static dev.safeops.core.rules.RuleFixtures.attrs;
import static dev.safeops.core.rules.RuleFixtures.create;
import static dev.safeops.core.rules.RuleFixtures.delete;
import static dev.safeops.core.rules.RuleFixtures.findings;
import static dev.safeops.core.rules.RuleFixtures.replace;
import static dev.safeops.core.rules.RuleFixtures.update;
import static org.assertj.core.api.Assertions.assertThat;

import dev.safeops.core.Finding;
import dev.safeops.core.Level;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** data.store-deleted: data stores, backups and keys deleted or replaced are HIGH. */
class DataStoreDeletedRuleTest {
  private static final String RULE = "data.store-deleted";

  @ParameterizedTest
  @ValueSource(strings = {"aws_db_instance", "aws_rds_cluster", "aws_s3_bucket", "aws_dynamodb_table", "aws_ebs_volume",
      "google_sql_database_instance", "google_storage_bucket", "google_bigquery_dataset", "google_spanner_instance",
      "azurerm_mssql_database", "azurerm_mssql_server", "azurerm_postgresql_flexible_server", "azurerm_storage_account",
      "azurerm_cosmosdb_account", "AWS::RDS::DBInstance"})
  void deletingADataStoreIsHigh(String type) {
    assertThat(findings(RULE, DEV, delete("store.main", type))).singleElement().satisfies(f -> {
      assertThat(f.level()).isEqualTo(Level.HIGH);
      assertThat(f.address()).isEqualTo("store.main");
      assertThat(f.message()).isEqualTo("store.main (" + type + ") would be deleted, and the data it holds goes with it");
    });
  }

  @Test
  void replacingADataStoreCountsAsDeletingIt() {
    assertThat(findings(RULE, DEV, replace("aws_db_instance.main", "aws_db_instance", attrs("engine", "postgres"))))
        .singleElement().satisfies(f -> assertThat(f.message()).contains("would be replaced (destroyed and created again)"));
  }

  @Test
  void deletingABackupOrAKeyIsHighToo() {
    assertThat(findings(RULE, DEV, delete("aws_backup_plan.daily", "aws_backup_plan"),
        delete("aws_kms_key.data", "aws_kms_key")))
        .extracting(Finding::address, Finding::level)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("aws_backup_plan.daily", Level.HIGH),
            org.assertj.core.groups.Tuple.tuple("aws_kms_key.data", Level.HIGH));
  }

  @Test
  void creatingOrUpdatingADataStoreIsNotADeletion() {
    assertThat(findings(RULE, PROD, create("aws_db_instance.new", "aws_db_instance"),
        update("aws_s3_bucket.b", "aws_s3_bucket", attrs("tags", attrs("a", "1")), attrs("tags", attrs("a", "2")))))
        .isEmpty();
  }

  @Test
  void deletingSomethingThatHoldsNoDataIsNotThisRule() {
    assertThat(findings(RULE, PROD, delete("aws_instance.web", "aws_instance"), delete("aws_vpc.main", "aws_vpc"),
        delete("aws_kms_alias.data", "aws_kms_alias"))).isEmpty();
  }
}
