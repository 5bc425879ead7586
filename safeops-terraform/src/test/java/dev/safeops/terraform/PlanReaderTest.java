package dev.safeops.terraform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.safeops.core.ChangeAction;
import dev.safeops.core.InvalidInputException;
import dev.safeops.core.Plan;
import dev.safeops.core.ResourceChange;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlanReaderTest {
  private final PlanReader reader = PlanReader.create();

  private Plan read(String json) {
    return reader.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), "plan.json");
  }

  private static String plan(String changes) {
    return "{\"format_version\":\"1.2\",\"planned_values\":{},\"resource_changes\":[" + changes + "]}";
  }

  private static String change(String address, String type, String actions, String before, String after) {
    return "{\"address\":\"" + address + "\",\"mode\":\"managed\",\"type\":\"" + type + "\",\"name\":\"x\","
        + "\"provider_name\":\"registry.terraform.io/hashicorp/aws\",\"change\":{\"actions\":" + actions
        + ",\"before\":" + before + ",\"after\":" + after + ",\"after_unknown\":{}}}";
  }

  @Test
  void aFutureActionIsJudgedAsAReplacementOfWhatExists() {
    Plan plan = read(plan(change("aws_db_instance.main", "aws_db_instance", "[\"transmogrify\"]",
        "{\"identifier\":\"prod\"}", "{\"identifier\":\"prod\"}")));

    ResourceChange c = plan.changes().get(0);
    assertThat(c.action()).isEqualTo(ChangeAction.REPLACE);
    assertThat(c.before()).containsEntry("identifier", "prod");
    assertThat(c.actionReason()).hasValueSatisfying(r -> assertThat(r).contains("transmogrify"));
  }

  @Test
  void anyActionListContainingDeleteIsADeletionOfTheBeforeValues() {
    Plan plan = read(plan(change("aws_s3_bucket.a", "aws_s3_bucket", "[\"delete\",\"forget\"]",
        "{\"bucket\":\"data\",\"force_destroy\":true}", "null")));

    ResourceChange c = plan.changes().get(0);
    assertThat(c.action()).isEqualTo(ChangeAction.DELETE);
    assertThat(c.before()).containsEntry("force_destroy", true);
    assertThat(c.after()).isEmpty();
  }

  @Test
  void unknownFutureFieldsAnywhereAreIgnored() {
    String json = "{\"format_version\":\"1.2\",\"future\":{\"a\":[1,2,{\"b\":null}]},\"planned_values\":{},"
        + "\"resource_changes\":[{\"address\":\"aws_vpc.main\",\"type\":\"aws_vpc\",\"future_field\":[true],"
        + "\"change\":{\"actions\":[\"delete\"],\"before\":{\"cidr_block\":\"10.0.0.0/16\",\"n\":1.50},\"after\":null,"
        + "\"something_new\":{}}}],\"also_new\":7}";

    ResourceChange c = read(json).changes().get(0);
    assertThat(c.type()).isEqualTo("aws_vpc");
    assertThat((BigDecimal) c.before().get("n")).isEqualByComparingTo("1.5");
  }

  @Test
  void addressesAreBuiltWhenAChangeCarriesNone() {
    String json = plan("{\"module_address\":\"module.db[\\\"eu\\\"]\",\"mode\":\"managed\",\"type\":\"aws_db_instance\","
        + "\"name\":\"main\",\"index\":\"a\",\"change\":{\"actions\":[\"no-op\"],\"before\":{},\"after\":{}}}");

    assertThat(read(json).changes().get(0).address()).isEqualTo("module.db[\"eu\"].aws_db_instance.main[\"a\"]");
  }

  @Test
  void trailingGarbageIsRejectedNamingLineAndColumn() {
    assertThatThrownBy(() -> read(plan("") + "\n  {\"x\":1}"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("plan.json")
        .hasMessageContaining("line 2, column 3");
  }

  @Test
  void truncatedJsonIsRejectedInOneSentence() {
    assertThatThrownBy(() -> read("{\"format_version\":\"1.2\",\"resource_changes\":[{\"address\""))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith("plan.json is not valid terraform plan JSON at line 1")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }

  @Test
  void jsonThatIsNotAPlanIsRejected() {
    assertThatThrownBy(() -> read("{\"format_version\":\"1.0\",\"values\":{}}"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("planned_values");
    assertThatThrownBy(() -> read("[1,2]")).isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> read("")).isInstanceOf(InvalidInputException.class);
  }

  @Test
  void anErroredPlanIsRejected() {
    assertThatThrownBy(() -> read("{\"format_version\":\"1.2\",\"planned_values\":{},\"errored\":true}"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("errored");
  }

  @Test
  void aMissingFileIsOneSentence(@TempDir Path dir) {
    assertThatThrownBy(() -> reader.read(dir.resolve("nope.json")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("does not exist");
  }

  @Test
  void priorResourceCountCountsManagedInstancesInEveryModule() {
    String json = "{\"format_version\":\"1.2\",\"planned_values\":{},\"prior_state\":{\"values\":{\"root_module\":{"
        + "\"resources\":[{\"mode\":\"managed\",\"values\":{}},{\"mode\":\"data\"}],"
        + "\"child_modules\":[{\"resources\":[{\"mode\":\"managed\"},{\"mode\":\"managed\"}],"
        + "\"child_modules\":[{\"resources\":[{\"mode\":\"managed\"}]}]}]}}}}";

    assertThat(read(json).priorResourceCount()).contains(4);
  }

  /**
   * A hundred megabytes, generated as it is read. The module's tests run with a 96 MB heap
   * (see the pom), so a reader that held the document, let alone twice, would fail here.
   */
  @Test
  void aHundredMegabytePlanReadsInBoundedMemory() {
    String resource = "{\"mode\":\"managed\",\"values\":{\"blob\":\"" + "x".repeat(1000) + "\"}}";
    int resources = 110_000;
    List<String> parts = new ArrayList<>();
    parts.add("{\"format_version\":\"1.2\",\"planned_values\":{},\"prior_state\":{\"values\":{\"root_module\":{\"resources\":[");
    parts.add("]}}},\"resource_changes\":[");
    parts.add(change("aws_vpc.main", "aws_vpc", "[\"delete\"]", "{\"id\":\"vpc-1\"}", "null") + "]}");
    InputStream big = new InputStream() {
      private int part;
      private int repeat;
      private byte[] current = parts.get(0).getBytes(StandardCharsets.UTF_8);
      private int pos;

      @Override
      public int read() {
        while (pos == current.length) {
          if (part == 0 && repeat < resources) {
            current = ((repeat++ > 0 ? "," : "") + resource).getBytes(StandardCharsets.UTF_8);
          } else if (++part < parts.size()) {
            current = parts.get(part).getBytes(StandardCharsets.UTF_8);
          } else {
            return -1;
          }
          pos = 0;
        }
        return current[pos++] & 0xff;
      }
    };

    Plan plan = reader.read(big, "big.json");

    assertThat(plan.priorResourceCount()).contains(resources);
    assertThat(plan.changes()).extracting(ResourceChange::address).containsExactly("aws_vpc.main");
    long documentBytes = (long) resources * (resource.length() + 1);
    assertThat(documentBytes).isGreaterThan(100L * 1024 * 1024);
    assertThat(Runtime.getRuntime().maxMemory()).isLessThan(documentBytes);
  }
}
