package dev.safeops.aws.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.backup.BackupClient;
import software.amazon.awssdk.services.backup.model.InvalidRequestException;
import software.amazon.awssdk.services.backup.model.RecoveryPointByBackupVault;
import software.amazon.awssdk.services.backup.model.ResourceNotFoundException;

class FakeAwsBackupTest {
  private static final Instant TAKEN = Instant.parse("2026-01-05T02:00:00Z");
  private static FakeAws aws;
  private static BackupClient backup;
  private String dbArn;

  @BeforeAll
  static void start() {
    aws = FakeAws.create().start();
    backup = FakeAwsClients.backup(aws);
  }

  @AfterAll
  static void stop() {
    backup.close();
    aws.close();
  }

  @BeforeEach
  void seed() {
    aws.reset();
    dbArn = aws.state().dbInstanceArn("orders");
    aws.seed().dbInstance("orders").recoveryPoint("central", dbArn, TAKEN).backupVault("empty");
  }

  @Test
  void vaultsAndRecoveryPointsAreListedByVaultAndByResource() {
    assertThat(backup.listBackupVaults().backupVaultList()).extracting(v -> v.backupVaultName() + ":" + v.numberOfRecoveryPoints())
        .containsExactly("central:1", "empty:0");

    RecoveryPointByBackupVault point = backup.listRecoveryPointsByBackupVault(b -> b.backupVaultName("central"))
        .recoveryPoints().get(0);
    assertThat(point.resourceArn()).isEqualTo(dbArn);
    assertThat(point.resourceType()).isEqualTo("RDS");
    assertThat(point.creationDate()).isEqualTo(TAKEN);
    assertThat(point.statusAsString()).isEqualTo("COMPLETED");

    assertThat(backup.listRecoveryPointsByResource(b -> b.resourceArn(dbArn)).recoveryPoints())
        .singleElement().satisfies(p -> {
          assertThat(p.recoveryPointArn()).isEqualTo(point.recoveryPointArn());
          assertThat(p.backupVaultName()).isEqualTo("central");
        });
  }

  @Test
  void aVaultWithRecoveryPointsIsNotDeletedUntilTheyAre() {
    String arn = aws.state().recoveryPointsOf(dbArn).get(0);

    assertThatThrownBy(() -> backup.deleteBackupVault(b -> b.backupVaultName("central"))).isInstanceOf(InvalidRequestException.class);
    backup.deleteRecoveryPoint(b -> b.backupVaultName("central").recoveryPointArn(arn));
    backup.deleteBackupVault(b -> b.backupVaultName("central"));

    assertThat(aws.state().recoveryPointsOf(dbArn)).isEmpty();
    assertThat(aws.state().backupVaultExists("central")).isFalse();
    assertThat(aws.mutatingRequests()).extracting(RecordedRequest::operation)
        .containsExactly("DeleteRecoveryPoint", "DeleteBackupVault");
    assertThat(aws.mutatingRequests().get(0).parameter("RecoveryPointArn")).contains(arn);
  }

  @Test
  void missingVaultsAndRecoveryPointsAreResourceNotFound() {
    assertThatThrownBy(() -> backup.listRecoveryPointsByBackupVault(b -> b.backupVaultName("nope")))
        .isInstanceOfSatisfying(ResourceNotFoundException.class, e -> assertThat(e.requestId()).isNotBlank());
    assertThatThrownBy(() -> backup.deleteRecoveryPoint(b -> b.backupVaultName("empty").recoveryPointArn("arn:aws:backup:x")))
        .isInstanceOf(ResourceNotFoundException.class);
  }
}
