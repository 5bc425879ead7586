package dev.safeops.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.safeops.core.ChangeAction;
import dev.safeops.core.ResourceChange;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PlanGeneratorTest {

  private static byte[] plan(long seed, int n) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PlanGenerator.seeded(seed).write(out, n);
    return out.toByteArray();
  }

  @Test
  void theSameSeedWritesTheSameBytes() throws IOException {
    assertThat(plan(7, 300)).isEqualTo(plan(7, 300)).isNotEqualTo(plan(8, 300));
  }

  @Test
  void writesOneResourceChangePerRequestedChangeWithUniqueAddressesSortedAsTerraformSortsThem() throws IOException {
    List<String> addresses = new ArrayList<>();
    try (JsonParser p = new JsonFactory().createParser(plan(42, 500))) {
      p.nextToken();
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        p.nextToken();
        if (!field.equals("resource_changes")) {
          p.skipChildren();
          continue;
        }
        while (p.nextToken() == JsonToken.START_OBJECT) {
          while (p.nextToken() == JsonToken.FIELD_NAME) {
            String f = p.currentName();
            p.nextToken();
            if (f.equals("address")) {
              addresses.add(p.getText());
            } else {
              p.skipChildren();
            }
          }
        }
      }
    }
    assertThat(addresses).hasSize(500).doesNotHaveDuplicates().isSorted();
  }

  @Test
  void weighsAboutOneAndAHalfKilobytesPerChange() throws IOException {
    assertThat(plan(42, 2_000).length / 2_000).isBetween(1_300, 1_900);
  }

  @Test
  void mixesEveryKindOfChangeAReaderMeets() {
    List<ResourceChange> changes = PlanGenerator.seeded(42).resourceChanges(1_000);
    assertThat(changes).extracting(ResourceChange::action)
        .contains(ChangeAction.CREATE, ChangeAction.UPDATE, ChangeAction.DELETE, ChangeAction.REPLACE, ChangeAction.NO_OP);
    assertThat(changes).extracting(ResourceChange::type)
        .contains("aws_instance", "aws_s3_bucket", "aws_db_instance", "aws_security_group", "aws_iam_role",
            "aws_route53_record", "aws_iam_role_policy_attachment", "aws_security_group_rule");
    assertThat(changes).filteredOn(c -> c.action() == ChangeAction.CREATE)
        .allSatisfy(c -> assertThat(c.before()).isEmpty())
        .allSatisfy(c -> assertThat(c.unknownAfter()).contains("id", "arn"));
    assertThat(changes).filteredOn(c -> c.action() == ChangeAction.REPLACE)
        .allSatisfy(c -> assertThat(c.actionReason()).contains("replace_because_cannot_update"));
  }

  @Test
  void aGeneratedPlanIsJudgedAsItIsReadExactlyAsWhole(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp) throws IOException {
    java.nio.file.Path file = tmp.resolve("plan.json");
    PlanGenerator.seeded(42).write(file, 3_000);
    dev.safeops.core.Operation op = dev.safeops.core.Operation.builder().name("terraform apply")
        .requester(dev.safeops.core.Principal.agent("ci"))
        .environment(dev.safeops.core.Environment.of("production", dev.safeops.core.Tier.PRODUCTION)).build();

    assertThat(PlanCheckerAgreement.agree(file, op)).isTrue();
    // The digest this plan had before plans were judged as they are read: approvals made then name it.
    assertThat(dev.safeops.terraform.PlanChecker.ofDefaults().check(file, op).digest())
        .isEqualTo("9f6d56f1ba2d04151c556f6da30a280f88541a2f18cbc8e779df37cabfc3048a");
  }
}
