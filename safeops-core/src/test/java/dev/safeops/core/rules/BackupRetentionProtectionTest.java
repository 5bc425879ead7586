package dev.safeops.core.rules;

import static dev.safeops.core.rules.RuleFixtures.DEV;
import static dev.safeops.core.rules.RuleFixtures.PROD;
import static dev.safeops.core.rules.RuleFixtures.attrs;
import static dev.safeops.core.rules.RuleFixtures.delete;
import static dev.safeops.core.rules.RuleFixtures.findings;
import static dev.safeops.core.rules.RuleFixtures.update;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.safeops.core.InvalidInputException;
import dev.safeops.core.Level;
import dev.safeops.core.ResourceCatalog;
import dev.safeops.core.ResourceType.AttributeCondition;
import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** A backup retention period of 0 deletes every automated backup: protection.removed flags it through a negated condition. */
class BackupRetentionProtectionTest {
  private static final String RULE = "protection.removed";

  @Test
  void settingTheRetentionPeriodOfAnRdsInstanceToZeroSwitchesOffItsAutomatedBackups() {
    assertThat(findings(RULE, DEV, update("aws_db_instance.main", "aws_db_instance",
        attrs("identifier", "courses", "backup_retention_period", 7),
        attrs("identifier", "courses", "backup_retention_period", 0))))
        .singleElement().satisfies(f -> {
          assertThat(f.level()).isEqualTo(Level.HIGH);
          assertThat(f.message()).isEqualTo("aws_db_instance.main would switch off automated backups (a retention "
              + "period of 0 deletes them all) (backup_retention_period: 7 -> 0), leaving it open to deletion or loss");
        });
  }

  @Test
  void settingTheRetentionPeriodOfAnAuroraClusterToZeroIsFlaggedToo() {
    assertThat(findings(RULE, DEV, update("aws_rds_cluster.main", "aws_rds_cluster",
        attrs("backup_retention_period", "14"), attrs("backup_retention_period", "0"))))
        .singleElement().satisfies(f -> assertThat(f.message()).contains("backup_retention_period: 14 -> 0"));
  }

  @Test
  void changingTheRetentionPeriodToAnotherNonZeroValueOrLeavingItOutIsNotAFinding() {
    assertThat(findings(RULE, PROD,
        update("aws_db_instance.a", "aws_db_instance", attrs("backup_retention_period", 7), attrs("backup_retention_period", 1)),
        update("aws_db_instance.b", "aws_db_instance", attrs("backup_retention_period", 0), attrs("backup_retention_period", 3)),
        update("aws_db_instance.c", "aws_db_instance", attrs("backup_retention_period", 7), attrs("instance_class", "db.t3.small"))))
        .isEmpty();
  }

  @Test
  void aProductionDatabaseDeletedWithoutAutomatedBackupsSaysSo() {
    assertThat(findings(RULE, PROD, delete("aws_db_instance.main", "aws_db_instance", attrs("deletion_protection", true,
        "skip_final_snapshot", false, "delete_automated_backups", false, "backup_retention_period", 0))))
        .singleElement().satisfies(f -> assertThat(f.message()).contains("automated backups", "backup_retention_period=0"));
  }

  @Test
  void theCatalogReadsANegatedConditionAndRefusesANonBooleanOne() {
    ResourceCatalog own = ResourceCatalog.load(json("""
        {"types": {"mycorp_db": {"category": "DATA_STORE", "protections": [
          {"path": "retention", "value": 0, "negated": true, "default": 1, "description": "backups"}]}}}
        """));
    assertThat(own.find("mycorp_db").orElseThrow().protections())
        .containsExactly(new AttributeCondition("retention", BigDecimal.ZERO, BigDecimal.ONE, "backups", true));
    assertThat(new AttributeCondition("p", true, false, "d").negated()).isFalse();

    assertThatThrownBy(() -> ResourceCatalog.load(json("""
        {"types": {"mycorp_db": {"category": "DATA_STORE", "protections": [
          {"path": "retention", "value": 0, "negated": "yes", "default": 1, "description": "backups"}]}}}
        """))).isInstanceOf(InvalidInputException.class).hasMessageContaining("\"negated\" that is not true or false");
  }

  private static ByteArrayInputStream json(String s) {
    return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
  }
}
