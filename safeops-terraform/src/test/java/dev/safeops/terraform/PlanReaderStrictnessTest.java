package dev.safeops.terraform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.safeops.core.ChangeAction;
import dev.safeops.core.InvalidInputException;
import dev.safeops.core.Plan;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.List;
import java.util.zip.ZipOutputStream;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Input that must never be judged: duplicate keys (another tool reading the first one sees
 * another plan), numbers whose exponent explodes, paths that are not regular files, values
 * of the wrong JSON type, unknown major formats, and saved plan files where their JSON
 * belongs. Each is refused with one sentence.
 */
class PlanReaderStrictnessTest {
  @TempDir Path tmp;
  private final PlanReader plans = PlanReader.create();
  private final StateReader states = StateReader.create();

  private Plan read(String json) {
    return plans.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), "plan.json");
  }

  private AbstractThrowableAssert<?, ? extends Throwable> refused(String json) {
    return assertThatThrownBy(() -> read(json)).isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith("plan.json ")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }

  private static String plan(String change) {
    return "{\"format_version\":\"1.2\",\"planned_values\":{},\"resource_changes\":[" + change + "]}";
  }

  private static String change(String changeBody) {
    return "{\"address\":\"aws_db_instance.main\",\"mode\":\"managed\",\"type\":\"aws_db_instance\",\"name\":\"main\","
        + "\"provider_name\":\"registry.terraform.io/hashicorp/aws\",\"change\":{" + changeBody + "}}";
  }

  // --- duplicate keys

  @Test
  void aSecondActionsKeyThatTurnsADeleteIntoANoOpIsRefusedNamingTheKeyAndPosition() {
    refused(plan(change("\"actions\":[\"delete\"],\"before\":{\"id\":\"db\"},\"after\":null,\"actions\":[\"no-op\"]")))
        .hasMessageContaining("\"actions\"")
        .hasMessageContaining("line 1, column 274")
        .hasMessageContaining("twice");
  }

  @Test
  void aSecondErroredKeyThatHidesAnErroredPlanIsRefused() {
    refused("{\"format_version\":\"1.2\",\"planned_values\":{},\"errored\":true,\"errored\":false}")
        .hasMessageContaining("\"errored\"");
  }

  @Test
  void keysWithTheSameHashCodeAreDistinctKeysButEitherOneTwiceIsADuplicate() {
    // "Aa" and "BB" share String.hashCode(): the duplicate check compares hashes first.
    assertThat(read(plan(change("\"actions\":[\"delete\"],\"before\":{\"Aa\":1,\"BB\":2},\"after\":null"))).changes())
        .singleElement().satisfies(c -> assertThat(c.before()).containsOnlyKeys("Aa", "BB"));
    refused(plan(change("\"actions\":[\"delete\"],\"before\":{\"Aa\":1,\"BB\":2,\"Aa\":3},\"after\":null")))
        .hasMessageContaining("\"Aa\"");
    // Beyond a dozen keys the check moves to a hash table: a duplicate there is found too.
    StringBuilder many = new StringBuilder();
    for (int i = 0; i < 40; i++) {
      many.append("\"k").append(i).append("\":").append(i).append(',');
    }
    refused(plan(change("\"actions\":[\"delete\"],\"before\":{" + many + "\"k3\":0},\"after\":null")))
        .hasMessageContaining("\"k3\"");
  }

  @Test
  void aDuplicateKeyIsRefusedInsideAttributesAndInsidePartsTheReaderSkips() {
    refused(plan(change("\"actions\":[\"delete\"],\"before\":{\"deletion_protection\":true,\"deletion_protection\":false},\"after\":null")))
        .hasMessageContaining("\"deletion_protection\"");
    refused("{\"format_version\":\"1.2\",\"planned_values\":{\"root_module\":{\"resources\":[{\"values\":{\"a\":1,\"b\":2,\"a\":3}}]}}}")
        .hasMessageContaining("\"a\"");
    refused("{\"format_version\":\"1.2\",\"planned_values\":{},\"configuration\":{\"x\":{},\"y\":1,\"z\":2,\"x\":[]}}")
        .hasMessageContaining("\"x\"");
  }

  @Test
  void aDuplicateKeyInAStateIsRefused() {
    String state = "{\"version\":4,\"lineage\":\"a\",\"serial\":3,\"lineage\":\"b\",\"resources\":[]}";

    assertThatThrownBy(() -> states.read(new ByteArrayInputStream(state.getBytes(StandardCharsets.UTF_8)), "terraform.tfstate"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("terraform.tfstate")
        .hasMessageContaining("\"lineage\"")
        .hasMessageContaining("line 1, column 39");
  }

  // --- numbers

  @Test
  void numbersThatWouldExplodeWrittenInFullAreBadInputInOneSentence() {
    // In full, 1e2000000000 is two billion digits (gigabytes, on a 96 MB test heap); 1e2147483648 has no exact form at all.
    for (String n : new String[] {"1e2000000000", "1e2147483647", "-1e2147483647", "1e-2147483647", "1e2147483648", "1e1000"}) {
      refused(plan(change("\"actions\":[\"delete\"],\"before\":{\"a\":" + n + "},\"after\":null")))
          .as(n)
          .hasMessageContaining(n)
          .hasMessageContaining("line 1, column")
          .hasMessageContaining("over 1000 digits written in full");
    }
  }

  @Test
  void aNumberOfAThousandDigitsInFullIsReadAsItIs() {
    Plan plan = read(plan(change("\"actions\":[\"delete\"],\"before\":{\"a\":1e999,\"b\":-1.5e-2},\"after\":null")));

    assertThat((BigDecimal) plan.changes().get(0).before().get("a")).isEqualByComparingTo("1e999");
    assertThat(plan.digest()).hasSize(64);
  }

  // --- paths that are not regular files

  @Test
  @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a read that blocks would hang here for ever
  void aFifoIsRefusedAtOnceInsteadOfWaitingForAWriter() throws Exception {
    Path fifo = tmp.resolve("plan.fifo");
    Process mkfifo;
    try {
      mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
    } catch (IOException e) {
      assumeTrue(false, "skipped: mkfifo is not available on this machine");
      return;
    }
    assumeTrue(mkfifo.waitFor(30, TimeUnit.SECONDS) && mkfifo.exitValue() == 0, "skipped: mkfifo failed");

    assertThatThrownBy(() -> plans.read(fifo)).isInstanceOf(InvalidInputException.class).hasMessageContaining("not a regular file");
    assertThatThrownBy(() -> states.read(fifo)).isInstanceOf(InvalidInputException.class).hasMessageContaining("not a regular file");
  }

  @Test
  void aDeviceOrADirectoryIsRefusedAsNotARegularFile() {
    Path zero = Path.of("/dev/zero");
    assumeTrue(Files.exists(zero), "skipped: no /dev/zero on this machine");

    assertThatThrownBy(() -> plans.read(zero)).isInstanceOf(InvalidInputException.class).hasMessageContaining("not a regular file");
    assertThatThrownBy(() -> plans.read(tmp)).isInstanceOf(InvalidInputException.class).hasMessageContaining("is a directory");
    assertThatThrownBy(() -> states.read(zero)).isInstanceOf(InvalidInputException.class).hasMessageContaining("not a regular file");
  }

  // --- shapes and formats

  @Test
  void thePartsOfAnAddressOfTheWrongKindAreRefusedThoughTheAddressIsGiven() {
    // With an address, its parts are only checked, never used: still a string or null each.
    for (String field : List.of("mode", "name", "module_address")) {
      refused(plan("{\"address\":\"aws_db_instance.main\",\"" + field + "\":7,\"type\":\"aws_db_instance\","
          + "\"change\":{\"actions\":[\"delete\"],\"before\":{},\"after\":null}}"))
          .hasMessageContaining(field)
          .hasMessageContaining("a number where a string or null belongs");
    }
    refused(plan("{\"address\":\"aws_db_instance.main\",\"index\":{},\"type\":\"aws_db_instance\","
        + "\"change\":{\"actions\":[\"delete\"],\"before\":{},\"after\":null}}"))
        .hasMessageContaining("index")
        .hasMessageContaining("an object where a number, a string or null belongs");
  }

  @Test
  void aChangeWithoutAnAddressIsNamedFromItsPartsAsTerraformWould() {
    Plan plan = read(plan("{\"module_address\":\"module.a\",\"mode\":\"data\",\"type\":\"aws_s3_bucket\",\"name\":\"b\","
        + "\"index\":\"k\",\"change\":{\"actions\":[\"read\"],\"before\":null,\"after\":{}}},"
        + "{\"type\":\"aws_s3_bucket\",\"name\":\"c\",\"index\":2,\"change\":{\"actions\":[\"delete\"],\"before\":{},\"after\":null}}"));

    assertThat(plan.changes()).extracting(c -> c.address())
        .containsExactly("module.a.data.aws_s3_bucket.b[\"k\"]", "aws_s3_bucket.c[2]");
  }

  @Test
  void actionsGivenAsAnObjectAreRefusedNotReadAsItsValues() {
    refused(plan(change("\"actions\":{\"x\":\"no-op\"},\"before\":{\"id\":\"db\"},\"after\":null")))
        .hasMessageContaining("actions")
        .hasMessageContaining("an object where a list of strings belongs");
  }

  @Test
  void valuesOfTheWrongTypeAreRefused() {
    refused(plan(change("\"actions\":[\"delete\"],\"before\":\"everything\",\"after\":null"))).hasMessageContaining("before");
    refused(plan(change("\"actions\":[\"delete\",7],\"before\":{},\"after\":null"))).hasMessageContaining("actions");
    refused("{\"format_version\":\"1.2\",\"planned_values\":{},\"errored\":\"true\"}").hasMessageContaining("errored");
    refused("{\"format_version\":\"1.2\",\"planned_values\":[]}").hasMessageContaining("planned_values");
    refused(plan("{\"address\":{\"a\":1},\"type\":\"aws_vpc\",\"change\":{\"actions\":[\"delete\"]}}")).hasMessageContaining("address");
    refused("{\"format_version\":\"1.2\",\"planned_values\":{},\"prior_state\":{\"values\":{\"root_module\":{\"resources\":{}}}}}")
        .hasMessageContaining("resources");
  }

  @Test
  void anUnknownMajorFormatVersionIsRefused() {
    refused("{\"format_version\":\"99.0\",\"planned_values\":{}}").hasMessageContaining("99.0").hasMessageContaining("major");
    refused("{\"format_version\":\"2.0\",\"planned_values\":{}}").hasMessageContaining("2.0");
    refused("{\"format_version\":\"one\",\"planned_values\":{}}").hasMessageContaining("format_version");
  }

  @Test
  void aNewerMinorFormatVersionIsReadWithAWarning() {
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream err = System.err;
    Plan plan;
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      plan = read("{\"format_version\":\"1.9\",\"planned_values\":{},\"resource_changes\":[" + change("\"actions\":[\"create\"],\"before\":null,\"after\":{}") + "]}");
    } finally {
      System.setErr(err);
    }

    assertThat(plan.changes()).extracting(c -> c.action()).containsExactly(ChangeAction.CREATE);
    assertThat(captured.toString(StandardCharsets.UTF_8)).contains("WARN").contains("plan.json").contains("1.9").contains("newer");
  }

  @Test
  void aStateWithASerialOfTheWrongTypeIsRefused() {
    for (String serial : new String[] {"\"7\"", "7.5", "-1", "99999999999999999999"}) {
      String state = "{\"version\":4,\"lineage\":\"a\",\"serial\":" + serial + ",\"resources\":[]}";
      assertThatThrownBy(() -> states.read(new ByteArrayInputStream(state.getBytes(StandardCharsets.UTF_8)), "s.tfstate"))
          .as(serial).isInstanceOf(InvalidInputException.class).hasMessageContaining("serial");
    }
  }

  // --- a saved plan where its JSON belongs

  @Test
  void aSavedPlanFileGetsTheShowJsonHintInsteadOfAnEncodingError() throws IOException {
    ByteArrayOutputStream zip = new ByteArrayOutputStream();
    try (ZipOutputStream z = new ZipOutputStream(zip)) {
      z.putNextEntry(new ZipEntry("tfplan"));
      z.write(new byte[] {(byte) 0x82, 1, 2, 3});
      z.closeEntry();
    }
    Path saved = Files.write(tmp.resolve("tfplan"), zip.toByteArray());

    assertThatThrownBy(() -> plans.read(saved)).isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("saved plan file")
        .hasMessageContaining("terraform show -json " + saved + " > plan.json");
    assertThatThrownBy(() -> plans.read(new ByteArrayInputStream(zip.toByteArray()), "stdin")).isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("saved plan file")
        .hasMessageContaining("terraform show -json FILE > plan.json");
  }
}
