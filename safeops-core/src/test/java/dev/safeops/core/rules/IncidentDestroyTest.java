package dev.safeops.core.rules;

import static dev.safeops.core.rules.RuleFixtures.PROD;
import static dev.safeops.core.rules.RuleFixtures.attrs;
import static dev.safeops.core.rules.RuleFixtures.delete;
import static dev.safeops.core.rules.RuleFixtures.op;
import static org.assertj.core.api.Assertions.assertThat;

import dev.safeops.core.BlastRadius;
import dev.safeops.core.BlastRadiusEvaluator;
import dev.safeops.core.Decision;
import dev.safeops.core.Decision.Verdict;
import dev.safeops.core.Finding;
import dev.safeops.core.GuardedExecutor;
import dev.safeops.core.Level;
import dev.safeops.core.Operation;
import dev.safeops.core.Outcome;
import dev.safeops.core.Plan;
import dev.safeops.core.Policy;
import dev.safeops.core.ResourceChange;
import dev.safeops.core.Step;
import dev.safeops.core.testing.CountingAction;
import dev.safeops.core.testing.RecordingAuditSink;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The destroy of the incident, judged by the default rules and policy: a production VPC, ECS
 * cluster, load balancers, bastion and an RDS database whose backups go with it.
 */
class IncidentDestroyTest {

  private static Plan destroy(Map<String, Object> database) {
    List<ResourceChange> changes = new ArrayList<>(List.of(
        delete("aws_vpc.main", "aws_vpc", attrs("cidr_block", "10.0.0.0/16")),
        delete("aws_subnet.public[0]", "aws_subnet"),
        delete("aws_subnet.public[1]", "aws_subnet"),
        delete("aws_subnet.private[0]", "aws_subnet"),
        delete("aws_subnet.private[1]", "aws_subnet"),
        delete("aws_internet_gateway.main", "aws_internet_gateway"),
        delete("aws_nat_gateway.main", "aws_nat_gateway"),
        delete("aws_route_table.private", "aws_route_table"),
        delete("aws_security_group.app", "aws_security_group"),
        delete("aws_security_group.db", "aws_security_group"),
        delete("aws_ecs_cluster.main", "aws_ecs_cluster"),
        delete("aws_ecs_service.app", "aws_ecs_service"),
        delete("aws_lb.app", "aws_lb", attrs("enable_deletion_protection", false)),
        delete("aws_lb.admin", "aws_lb", attrs("enable_deletion_protection", false)),
        delete("aws_lb_listener.https", "aws_lb_listener"),
        delete("aws_lb_target_group.app", "aws_lb_target_group"),
        delete("aws_instance.bastion", "aws_instance", attrs("disable_api_termination", false)),
        delete("aws_db_subnet_group.main", "aws_db_subnet_group"),
        delete("aws_db_instance.courses", "aws_db_instance", database)));
    return Plan.builder().changes(changes).priorResourceCount(changes.size()).source("terraform destroy").build();
  }

  private static Map<String, Object> database(boolean skipFinalSnapshot) {
    Map<String, Object> db = attrs("identifier", "courses", "engine", "postgres",
        "skip_final_snapshot", skipFinalSnapshot, "deletion_protection", false, "backup_retention_period", 7);
    if (!skipFinalSnapshot) {
      db.put("final_snapshot_identifier", "courses-final");
    }
    return db;
  }

  private final Operation destroyInProduction = op(PROD);

  @Test
  void theIncidentDestroyIsCriticalAndDenied() {
    BlastRadius radius = BlastRadiusEvaluator.ofDefaults().evaluate(destroy(database(true)), destroyInProduction);
    Decision decision = Policy.defaults().decide(destroyInProduction, radius);

    assertThat(radius.level()).isEqualTo(Level.CRITICAL);
    assertThat(decision.verdict()).isEqualTo(Verdict.DENY);
    assertThat(radius.findings()).filteredOn(f -> f.level() == Level.CRITICAL).singleElement().satisfies(f -> {
      assertThat(f.ruleId()).isEqualTo("data.irrecoverable-loss");
      assertThat(f.address()).isEqualTo("aws_db_instance.courses");
      assertThat(f.message()).contains("skip_final_snapshot=true").contains("delete_automated_backups=true (default)");
    });
    assertThat(radius.findings()).extracting(Finding::ruleId).contains("data.store-deleted", "protection.removed",
        "mass-deletion", "network.foundation-deleted", "resource.deleted");
    assertThat(radius.findings()).filteredOn(f -> f.ruleId().equals("network.foundation-deleted"))
        .extracting(Finding::address).contains("aws_vpc.main", "aws_lb.app", "aws_lb.admin");
  }

  @Test
  void anExplicitDeleteOfTheAutomatedBackupsIsJustAsCritical() {
    Map<String, Object> db = database(true);
    db.put("delete_automated_backups", true);

    assertThat(BlastRadiusEvaluator.ofDefaults().evaluate(destroy(db), destroyInProduction).level())
        .isEqualTo(Level.CRITICAL);
  }

  @Test
  void theSameDestroyWithAFinalSnapshotIsHighAndNeedsTwoApprovers() {
    BlastRadius radius = BlastRadiusEvaluator.ofDefaults().evaluate(destroy(database(false)), destroyInProduction);
    Decision decision = Policy.defaults().decide(destroyInProduction, radius);

    assertThat(radius.level()).isEqualTo(Level.HIGH);
    assertThat(radius.findings()).extracting(Finding::ruleId).doesNotContain("data.irrecoverable-loss");
    assertThat(decision.verdict()).isEqualTo(Verdict.REQUIRE_APPROVALS);
    assertThat(decision.approvalsRequired()).isEqualTo(2);
  }

  @Test
  void theGuardedExecutorNeverRunsTheIncidentDestroy() {
    CountingAction<String> action = CountingAction.returning("destroyed", destroy(database(true)));
    Outcome<String> outcome = GuardedExecutor.builder().auditSink(new RecordingAuditSink()).build()
        .execute(destroyInProduction, action);

    assertThat(action.executions()).isZero();
    assertThat(outcome.status()).isEqualTo(Outcome.Status.DENIED);
    assertThat(outcome.refusedAt()).contains(Step.POLICY);
    assertThat(outcome.blastRadius()).hasValueSatisfying(r -> assertThat(r.level()).isEqualTo(Level.CRITICAL));
  }
}
