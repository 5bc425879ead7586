package dev.safeops.core.rules;

import static dev.safeops.core.rules.RuleFixtures.DEV;
import static dev.safeops.core.rules.RuleFixtures.PROD;
import static dev.safeops.core.rules.RuleFixtures.STAGING;
import static dev.safeops.core.rules.RuleFixtures.attrs;
import static dev.safeops.core.rules.RuleFixtures.delete;
import static dev.safeops.core.rules.RuleFixtures.findings;
import static dev.safeops.core.rules.RuleFixtures.replace;
import static dev.safeops.core.rules.RuleFixtures.update;
import static dev.safeops.core.rules.RuleFixtures.updateUnknown;
import static org.assertj.core.api.Assertions.assertThat;

import dev.safeops.core.ChangeAction;
import dev.safeops.core.Finding;
import dev.safeops.core.Level;
import dev.safeops.core.ResourceChange;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** protection.removed: protections switched off by an update, a settings delete, or missing on a production delete. */
class ProtectionRemovedRuleTest {
  private static final String RULE = "protection.removed";

  @Test
  void switchingDeletionProtectionOffIsHigh() {
    List<Finding> found = findings(RULE, DEV, update("aws_db_instance.main", "aws_db_instance",
        attrs("deletion_protection", true), attrs("deletion_protection", false)));

    assertThat(found).singleElement().satisfies(f -> {
      assertThat(f.level()).isEqualTo(Level.HIGH);
      assertThat(f.message()).isEqualTo("aws_db_instance.main would switch off deletion protection "
          + "(deletion_protection: true -> false), leaving it open to deletion or loss");
    });
  }

  @Test
  void aRetentionWithAHugeExponentIsShownWithoutExpandingIt() {
    // Expanded, 1e2000000000 is two billion digits: more memory than the test has.
    List<Finding> found = findings(RULE, DEV, update("aws_db_instance.main", "aws_db_instance",
        attrs("backup_retention_period", new java.math.BigDecimal("1e2000000000")), attrs("backup_retention_period", 0)));

    assertThat(found).singleElement().satisfies(f -> assertThat(f.message()).contains("backup_retention_period: 1E+2000000000 -> 0"));
  }

  @Test
  void keepingOrSwitchingOnAProtectionIsNotAFinding() {
    assertThat(findings(RULE, PROD,
        update("aws_db_instance.a", "aws_db_instance", attrs("deletion_protection", true), attrs("deletion_protection", true)),
        update("aws_db_instance.b", "aws_db_instance", attrs("deletion_protection", false), attrs("deletion_protection", true)),
        update("aws_instance.c", "aws_instance", attrs("disable_api_termination", false), attrs("disable_api_termination", true))))
        .isEmpty();
  }

  @Test
  void aProtectionAbsentAfterTheUpdateTakesTheProviderDefault() {
    assertThat(findings(RULE, DEV, update("aws_db_instance.main", "aws_db_instance",
        attrs("deletion_protection", true), attrs("instance_class", "db.t3.small"))))
        .singleElement().satisfies(f -> assertThat(f.message()).contains("true -> false (default)"));
    // The Google provider protects a Cloud SQL instance by default: absent after stays protected.
    assertThat(findings(RULE, DEV, update("google_sql_database_instance.db", "google_sql_database_instance",
        attrs("deletion_protection", true), attrs("tier", "db-custom-2")))).isEmpty();
  }

  @Test
  void aProtectionUnknownUntilApplyCountsAsSwitchedOff() {
    assertThat(findings(RULE, DEV, updateUnknown("aws_dynamodb_table.t", "aws_dynamodb_table",
        attrs("deletion_protection_enabled", true), attrs(), Set.of("deletion_protection_enabled"))))
        .singleElement().satisfies(f -> assertThat(f.message()).contains("true -> unknown until apply"));
  }

  @Test
  void switchingOffVersioningPitrAndTerminationProtectionIsHigh() {
    List<Finding> found = findings(RULE, DEV,
        update("aws_s3_bucket_versioning.v", "aws_s3_bucket_versioning",
            attrs("versioning_configuration", List.of(attrs("status", "Enabled"))),
            attrs("versioning_configuration", List.of(attrs("status", "Suspended")))),
        update("aws_dynamodb_table.t", "aws_dynamodb_table",
            attrs("point_in_time_recovery", List.of(attrs("enabled", true))),
            attrs("point_in_time_recovery", List.of(attrs("enabled", false)))),
        update("aws_instance.bastion", "aws_instance",
            attrs("disable_api_termination", true), attrs("disable_api_termination", false)),
        update("aws_lb.app", "aws_lb", attrs("enable_deletion_protection", "true"), attrs("enable_deletion_protection", "false")),
        update("aws_kms_key.k", "aws_kms_key", attrs("is_enabled", true), attrs("is_enabled", false)));

    assertThat(found).extracting(Finding::address).containsExactly(
        "aws_s3_bucket_versioning.v", "aws_dynamodb_table.t", "aws_instance.bastion", "aws_lb.app", "aws_kms_key.k");
    assertThat(found).allSatisfy(f -> assertThat(f.level()).isEqualTo(Level.HIGH));
    assertThat(found.get(0).message()).contains("versioning (versioning_configuration.0.status: Enabled -> Suspended)");
    assertThat(found.get(1).message()).contains("point-in-time recovery");
    assertThat(found.get(2).message()).contains("termination protection");
  }

  @Test
  void numbersStoredAsStringsAreJudgedLikeNumbers() {
    assertThat(findings(RULE, DEV, update("aws_kms_key.k", "aws_kms_key",
        attrs("deletion_window_in_days", "30"), attrs("deletion_window_in_days", "7"))))
        .singleElement().satisfies(f -> assertThat(f.message()).contains("(deletion_window_in_days: 30 -> 7)"));
    assertThat(findings(RULE, DEV, update("aws_kms_key.k", "aws_kms_key",
        attrs("deletion_window_in_days", "30"), attrs("deletion_window_in_days", 30.0)))).isEmpty();
  }

  @Test
  void turningOnForceDestroyOrSkippingTheFinalSnapshotRemovesAProtection() {
    assertThat(findings(RULE, DEV,
        update("aws_s3_bucket.b", "aws_s3_bucket", attrs("force_destroy", false), attrs("force_destroy", true)),
        update("aws_db_instance.main", "aws_db_instance", attrs("skip_final_snapshot", false), attrs("skip_final_snapshot", true))))
        .extracting(Finding::address).containsExactly("aws_s3_bucket.b", "aws_db_instance.main");
  }

  @Test
  void deletingAVersioningResourceSwitchesVersioningOff() {
    assertThat(findings(RULE, DEV, delete("aws_s3_bucket_versioning.v", "aws_s3_bucket_versioning",
        attrs("versioning_configuration", List.of(attrs("status", "Enabled"))))))
        .singleElement().satisfies(f -> assertThat(f.message())
            .isEqualTo("aws_s3_bucket_versioning.v would be deleted, which switches off versioning "
                + "(versioning_configuration.0.status=Enabled until now)"));
    assertThat(findings(RULE, DEV, delete("aws_s3_bucket_versioning.v", "aws_s3_bucket_versioning",
        attrs("versioning_configuration", List.of(attrs("status", "Suspended")))))).isEmpty();
  }

  @Test
  void aReplacedVersioningResourceIsJudgedOnItsPlannedValues() {
    ResourceChange suspended = ResourceChange.builder().address("aws_s3_bucket_versioning.v")
        .type("aws_s3_bucket_versioning").action(ChangeAction.REPLACE)
        .before(attrs("versioning_configuration", List.of(attrs("status", "Enabled"))))
        .after(attrs("versioning_configuration", List.of(attrs("status", "Suspended")))).build();
    ResourceChange kept = suspended.toBuilder()
        .after(attrs("versioning_configuration", List.of(attrs("status", "Enabled")))).build();

    assertThat(findings(RULE, DEV, suspended)).hasSize(1);
    assertThat(findings(RULE, DEV, kept)).isEmpty();
  }

  @Test
  void deletingAnUnprotectedDataStoreInProductionIsAFindingOfItsOwn() {
    List<Finding> found = findings(RULE, PROD, delete("aws_db_instance.main", "aws_db_instance",
        attrs("deletion_protection", false, "skip_final_snapshot", false, "delete_automated_backups", false)));

    assertThat(found).singleElement().satisfies(f -> {
      assertThat(f.level()).isEqualTo(Level.HIGH);
      assertThat(f.message()).isEqualTo("aws_db_instance.main would be deleted in production although deletion "
          + "protection is off (deletion_protection=false): the protection it lacks would have stopped the delete "
          + "or kept its data");
    });
  }

  @Test
  void aFullyProtectedDataStoreOrOneOutsideProductionIsNotAnUnprotectedDelete() {
    assertThat(findings(RULE, PROD, delete("aws_db_instance.main", "aws_db_instance",
        attrs("deletion_protection", true, "skip_final_snapshot", false, "delete_automated_backups", false)))).isEmpty();
    assertThat(findings(RULE, STAGING, delete("aws_db_instance.main", "aws_db_instance",
        attrs("deletion_protection", false)))).isEmpty();
  }

  @Test
  void aReplacedUnprotectedDataStoreInProductionIsAFindingToo() {
    assertThat(findings(RULE, PROD, replace("aws_dynamodb_table.t", "aws_dynamodb_table", attrs("name", "t"))))
        .singleElement().satisfies(f -> assertThat(f.message()).contains("would be replaced")
            .contains("deletion_protection_enabled=false (default)").contains("point_in_time_recovery.0.enabled=false (default)"));
  }

  @Test
  void anUnprotectedLoadBalancerDeleteIsNotADataStoreFinding() {
    assertThat(findings(RULE, PROD, delete("aws_lb.app", "aws_lb", attrs("enable_deletion_protection", false)))).isEmpty();
  }
}
