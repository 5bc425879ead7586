package dev.safeops.core;

import static dev.safeops.core.Fixtures.AGENT;
import static dev.safeops.core.Fixtures.PROD;
import static dev.safeops.core.Fixtures.op;
import static org.assertj.core.api.Assertions.assertThat;

import dev.safeops.core.testing.CountingAction;
import dev.safeops.core.testing.FakeApprovals;
import dev.safeops.core.testing.RecordingAuditSink;
import dev.safeops.core.testing.SettableClock;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code build()} freezes the configuration: what is done to a builder afterwards reaches no executor already built. */
class ExecutorConfigurationTest {
  private final SettableClock clock = SettableClock.create();
  private final RecordingAuditSink audit = new RecordingAuditSink();

  private static Plan productionVpcDelete() {
    return Plan.of(List.of(ResourceChange.builder().address("aws_vpc.main").type("aws_vpc").action(ChangeAction.DELETE)
        .before(Map.of("id", "vpc-0a1b2c")).build()));
  }

  @Test
  void aPolicyOrCallbackSetOnTheBuilderAfterBuildNeverReachesTheBuiltExecutor() {
    GuardedExecutor.Builder builder = GuardedExecutor.builder().clock(clock).auditSink(audit);
    GuardedExecutor executor = builder.build();
    List<AuditEvent> heardLate = new ArrayList<>();

    builder.policy((operation, radius) -> Decision.allow("anything goes"))
        .approvalCallback(FakeApprovals.approveAs(clock, Principal.human("mallory"), Principal.human("trudy")))
        .auditSink(new RecordingAuditSink())
        .addListener(new GuardListener() {
          @Override
          public void onEvent(AuditEvent event) {
            heardLate.add(event);
          }
        });
    CountingAction<String> delete = CountingAction.returning("deleted", productionVpcDelete());
    Outcome<String> outcome = executor.execute(op(AGENT, PROD), delete);

    assertThat(outcome.status()).isEqualTo(Outcome.Status.NOT_APPROVED);
    assertThat(delete.executions()).isZero();
    assertThat(audit.verdicts()).contains("REQUIRE_APPROVALS").doesNotContain("ALLOW");
    assertThat(heardLate).isEmpty();
    assertThat(builder.build().execute(op(AGENT, PROD), CountingAction.returning("x", productionVpcDelete())).executed())
        .as("the builder itself did change").isTrue();
  }

  @Test
  void theBuilderExposesNoGettersOnlySettersAndBuild() {
    List<String> getters = Arrays.stream(GuardedExecutor.Builder.class.getMethods())
        .filter(m -> m.getDeclaringClass() == GuardedExecutor.Builder.class && Modifier.isPublic(m.getModifiers()))
        .filter(m -> m.getParameterCount() == 0 && !m.getName().equals("build"))
        .map(Method::getName)
        .toList();

    assertThat(getters).isEmpty();
  }
}
