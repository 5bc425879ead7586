package dev.safeops.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The request value: what it keeps of a big blast radius, how it expires, and that every shape survives the store. */
class RequestRecordTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  @TempDir Path dir;

  private static RequestRecord.Builder request(List<Finding> findings) {
    Plan plan = Fixtures.deletePlan("aws_instance.a");
    return RequestRecord.builder().id("r1")
        .operation(Operation.builder().name("aws ec2 terminate-instances").requester(Principal.human("alice"))
            .environment(Fixtures.DEV).build())
        .scope("dev/ec2").planDigest(plan.digest()).blastRadius(BlastRadius.of(plan, findings))
        .createdAt(T0).expiresAt(T0.plusSeconds(3600).plusMillis(999));
  }

  @Test
  void aHugeBlastRadiusKeepsTheWorstFindingsAndCountsTheRest() {
    List<Finding> findings = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      findings.add(new Finding("resource.deleted", Level.LOW, "aws_instance.i" + i, "deleted"));
    }
    findings.add(new Finding("data.irrecoverable-loss", Level.CRITICAL, "aws_db_instance.main", "backups go too"));

    RequestRecord r = request(findings).build();

    assertThat(r.blastRadius().findings()).hasSize(RequestRecord.MAX_FINDINGS);
    assertThat(r.blastRadius().findings().get(0).address()).isEqualTo("aws_db_instance.main");
    assertThat(r.findingsOmitted()).isEqualTo(1001 - RequestRecord.MAX_FINDINGS);
    assertThat(r.blastRadius().level()).isEqualTo(Level.CRITICAL);
  }

  @Test
  void anOpenRequestIsExpiredFromItsWholeSecondExpiryOn() {
    RequestRecord r = request(List.of()).build();

    assertThat(r.expiresAt()).isEqualTo(T0.plusSeconds(3600));
    assertThat(r.statusAt(T0.plusSeconds(3599))).isEqualTo(RequestStatus.PENDING);
    assertThat(r.statusAt(T0.plusSeconds(3600))).isEqualTo(RequestStatus.EXPIRED);
    assertThat(r.toBuilder().status(RequestStatus.DENIED).build().statusAt(T0.plusSeconds(7200))).isEqualTo(RequestStatus.DENIED);
  }

  @Test
  void everyRerunShapeAndAnswerSurvivesTheStore() {
    RequestLedger ledger = RequestLedger.files(dir);
    RequestRecord command = request(List.of()).rerun(Rerun.command(List.of("aws", "ec2", "terminate-instances", "--instance-ids", "i-1")))
        .bindings(Map.of("aws.operations", "ec2:TerminateInstances"))
        .addAnswer(new RequestRecord.Answer(RequestRecord.Answer.Kind.DENY, Principal.human("bob"), "SHA256:abc", "sig", T0,
            "not on a Friday"))
        .status(RequestStatus.DENIED).statusReason("denied by bob: not on a Friday").build();
    ledger.create(command);

    assertThat(ledger.find("r1")).contains(command.toBuilder().version(1).build());
    RequestRecord nothing = request(List.of()).id("r2").build();
    ledger.create(nothing);
    assertThat(ledger.find("r2").orElseThrow().rerun()).isEqualTo(Rerun.nothing());
  }

  @Test
  void anExecutedRequestNamesItsRunAndIdsAndDigestsKeepTheirShape() {
    assertThatThrownBy(() -> request(List.of()).status(RequestStatus.EXECUTED).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("names the operation that claimed it");
    assertThatThrownBy(() -> request(List.of()).id("R1/../x").build()).isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> request(List.of()).planDigest("ABC").build()).isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> Rerun.terraformPlan(dir, dir.resolve("p"), "nothex")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aTerraformRequestWrittenBeforePlanArgumentsExistedReadsAsAPlainPlan() throws Exception {
    RequestLedger ledger = RequestLedger.files(dir);
    Rerun destroy = Rerun.terraformPlan(dir, dir.resolve("destroy.tfplan"), "c".repeat(64), List.of("-destroy", "-target=a.b"));
    ledger.create(request(List.of()).rerun(destroy).build());
    assertThat(ledger.find("r1").orElseThrow().rerun()).isEqualTo(destroy);

    ObjectMapper json = new ObjectMapper();
    ObjectNode stored = (ObjectNode) json.readTree(dir.resolve("r1.json").toFile());
    ((ObjectNode) stored.get("rerun")).remove("planArguments");
    Files.write(dir.resolve("r1.json"), json.writeValueAsBytes(stored));

    assertThat(ledger.find("r1").orElseThrow().rerun())
        .isEqualTo(Rerun.terraformPlan(dir, dir.resolve("destroy.tfplan"), "c".repeat(64)));
  }
}
