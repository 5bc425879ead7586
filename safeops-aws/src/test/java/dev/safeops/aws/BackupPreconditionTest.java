package dev.safeops.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.safeops.core.ChangeAction;
import dev.safeops.core.Environment;
import dev.safeops.core.Finding;
import dev.safeops.core.Level;
import dev.safeops.core.Operation;
import dev.safeops.core.Plan;
import dev.safeops.core.Principal;
import dev.safeops.core.ResourceChange;
import dev.safeops.core.Tier;
import dev.safeops.core.testing.SettableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The backup precondition on a Terraform-shaped plan, with a scripted lookup. */
class BackupPreconditionTest {
  final SettableClock clock = SettableClock.at(Instant.parse("2026-11-23T04:00:00Z"));
  final Operation destroy = Operation.builder().name("terraform destroy").requester(Principal.agent("agent"))
      .environment(Environment.of("prod", Tier.PRODUCTION)).build();
  final List<String> askedFor = new ArrayList<>();

  BackupLookup lookup(BackupLookup.Backup... backups) {
    return change -> {
      askedFor.add(String.valueOf(change.before().get("identifier")));
      return List.of(backups);
    };
  }

  static ResourceChange terraformDelete(String address, String type, Map<String, ?> before) {
    return ResourceChange.builder().address(address).type(type).provider("registry.terraform.io/hashicorp/aws")
        .action(ChangeAction.DELETE).before(before).build();
  }

  final ResourceChange db = terraformDelete("module.db.aws_db_instance.main", "aws_db_instance",
      Map.of("identifier", "courses-prod", "skip_final_snapshot", true));

  @Test
  void aTerraformDestroyOfADatabaseWithoutARecentBackupIsCritical() {
    BackupPrecondition rule = BackupPrecondition.builder(lookup(new BackupLookup.Backup("courses-prod-weekly",
        "manual DB snapshot", clock.instant().minus(Duration.ofDays(3))))).clock(clock).build();

    List<Finding> findings = rule.evaluate(Plan.of(List.of(db)), destroy);

    assertThat(askedFor).containsExactly("courses-prod");
    assertThat(findings).singleElement().satisfies(f -> {
      assertThat(f.level()).isEqualTo(Level.CRITICAL);
      assertThat(f.address()).isEqualTo("module.db.aws_db_instance.main");
      assertThat(f.message()).endsWith("the newest is manual DB snapshot courses-prod-weekly from 2026-11-20T04:00:00Z, 72 h old");
    });
  }

  @Test
  void aRecentIndependentBackupSatisfiesItAndTheAgeIsConfigurable() {
    BackupLookup.Backup recent = new BackupLookup.Backup("arn:aws:backup:us-east-1:123456789012:recovery-point:1",
        "AWS Backup recovery point", clock.instant().minus(Duration.ofHours(3)));
    assertThat(BackupPrecondition.builder(lookup(recent)).clock(clock).build()
        .evaluate(Plan.of(List.of(db)), destroy)).isEmpty();
    assertThat(BackupPrecondition.builder(lookup(recent)).clock(clock).maxAge(Duration.ofHours(1)).build()
        .evaluate(Plan.of(List.of(db)), destroy)).singleElement()
        .satisfies(f -> assertThat(f.message()).contains("newer than 1 h"));
  }

  @Test
  void aBackupThePlanAlsoDeletesDoesNotCount() {
    BackupLookup.Backup snapshot = new BackupLookup.Backup("courses-prod-manual", "manual DB snapshot",
        clock.instant().minus(Duration.ofHours(1)));
    Plan both = Plan.of(List.of(db, terraformDelete("aws_db_snapshot.manual", "aws_db_snapshot",
        Map.of("db_snapshot_identifier", "courses-prod-manual"))));
    assertThat(BackupPrecondition.builder(lookup(snapshot)).clock(clock).build().evaluate(both, destroy))
        .singleElement().satisfies(f -> assertThat(f.message()).endsWith("none was found that this plan does not also delete"));
  }

  @Test
  void onlyDeletedOrReplacedDataStoresAreAskedAbout() {
    Plan plan = Plan.of(List.of(
        ResourceChange.builder().address("aws_db_instance.main").type("aws_db_instance").action(ChangeAction.UPDATE)
            .before(Map.of("identifier", "courses-prod")).after(Map.of("identifier", "courses-prod")).build(),
        terraformDelete("aws_vpc.main", "aws_vpc", Map.of("id", "vpc-1"))));
    assertThat(BackupPrecondition.builder(lookup()).clock(clock).build().evaluate(plan, destroy)).isEmpty();
    assertThat(askedFor).isEmpty();
  }

  @Test
  void aLookupThatFailsFailsTheRule() {
    BackupPrecondition rule = BackupPrecondition.builder(change -> {
      throw new IllegalStateException("AccessDenied on rds:DescribeDBSnapshots");
    }).build();
    assertThatThrownBy(() -> rule.evaluate(Plan.of(List.of(db)), destroy)).hasMessageContaining("AccessDenied");
  }
}
