package dev.safeops.terraform;

import static org.assertj.core.api.Assertions.assertThat;

import dev.safeops.core.Plan;
import dev.safeops.core.ResourceChange;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Terraform marks sensitive values in masks shaped like the attributes: mostly empty objects
 * and lists, with {@code true} where a value is secret. A mask with nothing marked keeps the
 * attributes as read; a true anywhere in it, however deep, hides that value. Read from a file
 * (the fast reader) and from a stream (Jackson), the same.
 */
class PlanReaderSensitiveValuesTest {
  @TempDir Path tmp;

  private static final String PLAN = "{\"format_version\":\"1.2\",\"planned_values\":{},\"resource_changes\":["
      + "{\"address\":\"aws_instance.web\",\"type\":\"aws_instance\",\"name\":\"web\","
      + "\"provider_name\":\"registry.terraform.io/hashicorp/aws\",\"change\":{\"actions\":[\"update\"],"
      + "\"before\":{\"ami\":\"ami-1\",\"tags\":{\"Name\":\"web\"},\"ebs\":[{\"size\":8,\"kms\":\"key-1\"}]},"
      + "\"after\":{\"ami\":\"ami-2\",\"tags\":{\"Name\":\"web\"},\"ebs\":[{\"size\":8,\"kms\":\"key-2\"}]},"
      + "\"before_sensitive\":{\"tags\":{},\"ebs\":[{}]},"
      + "\"after_sensitive\":{\"tags\":{},\"ebs\":[{\"kms\":true}]}}}]}";

  @Test
  void aMaskWithNothingMarkedKeepsEveryValueAndADeepTrueHidesItsValue() throws Exception {
    Path file = Files.writeString(tmp.resolve("plan.json"), PLAN);
    Plan fromFile = PlanReader.create().read(file);
    Plan fromStream = PlanReader.create().read(new java.io.ByteArrayInputStream(PLAN.getBytes(StandardCharsets.UTF_8)), "plan.json");

    for (Plan plan : List.of(fromFile, fromStream)) {
      ResourceChange c = plan.changes().get(0);
      assertThat(c.before()).isEqualTo(Map.of("ami", "ami-1", "tags", Map.of("Name", "web"),
          "ebs", List.of(Map.of("size", new java.math.BigDecimal("8"), "kms", "key-1"))));
      assertThat(c.after().get("ebs")).isEqualTo(List.of(Map.of("size", new java.math.BigDecimal("8"), "kms", "(sensitive)")));
      assertThat(c.after().get("ami")).isEqualTo("ami-2");
      assertThat(c.toString()).doesNotContain("key-2");
    }
    assertThat(fromFile.changes()).isEqualTo(fromStream.changes());
  }
}
