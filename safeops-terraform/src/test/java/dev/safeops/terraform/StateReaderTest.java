package dev.safeops.terraform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.safeops.core.InvalidInputException;
import dev.safeops.core.StateRecord;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StateReaderTest {
  private final StateReader reader = StateReader.create();

  private TerraformState read(String json) {
    return reader.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), "state.json");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
      "driftctl__aws-db-instance-tf0.12.28.tfstate, bb54c6d5-e17e-32af-f929-762d81156285, 125, 1",
      "driftctl__aws-rds-cluster-tf0.15.5.tfstate, 1c65afa7-0a8c-09c0-7ebb-c1368ebad0ee, 5, 1",
      "driftctl__aws-vpc-tf0.14.2.tfstate, 0a405b90-f526-2004-0d4b-f5fd84ca6664, 72, 2",
      "snykcli__aws-s3-tf1.2.2.tfstate, 050cea66-5a5e-8563-fb9d-886a6e61fd16, 20, 26",
      "tfjson-deb050__has-changes-tf0.12.0.tfstate, 491fd8f4-81b5-9890-520c-8a173c36e483, 8, 7",
      "tfjson__sensitive-values-tf1.1.0.tfstate, fa0debfe-854c-b885-a355-bbb09fa86dde, 8, 7",
      "tfplan2md__azuredevops-tf1.14.2.tfstate, 6dcf942f-241a-66f7-a78a-aa4ac9a54a34, 5, 4"})
  void everyCorpusStateFileReadsWithItsLineageSerialAndInstances(String file, String lineage, long serial, int instances) {
    TerraformState state = reader.read(Corpus.file(file));

    assertThat(state.format()).isEqualTo(TerraformState.Format.STATE_V4);
    assertThat(state.record()).contains(new StateRecord(lineage, serial));
    assertThat(state.resources()).hasSize(instances);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
      "infracost__aws-tf0.14.11.state.json, 18",
      "tfjson-deb050__no-changes-tf0.12.0.state.json, 7",
      "tfjson__has-checks-tf1.5.4.state.json, 2",
      "tfjson__sensitive-values-tf1.1.0.state.json, 7"})
  void showJsonStateReadsButCarriesNoLineageOrSerial(String file, int resources) {
    TerraformState state = reader.read(Corpus.file(file));

    assertThat(state.format()).isEqualTo(TerraformState.Format.SHOW_JSON);
    assertThat(state.resources()).hasSize(resources);
    assertThat(state.lineage()).isEmpty();
    assertThat(state.serial()).isEmpty();
    assertThat(state.record()).isEmpty();
  }

  @Test
  void instanceAddressesCarryModulesAndIndexKeys() {
    TerraformState state = reader.read(Corpus.file("snykcli__aws-s3-tf1.2.2.tfstate"));

    assertThat(state.resources()).extracting(StateResource::address).contains(
        "aws_s3_bucket.count[0]", "aws_s3_bucket.for_each[\"bar\"]",
        "module.module_s3_bucket_for_each[\"foo\"].data.aws_caller_identity.current");
    assertThat(state.managedCount()).isLessThan(state.resources().size());
  }

  @Test
  void blankInputIsNoState() {
    TerraformState state = read("  \n");

    assertThat(state.format()).isEqualTo(TerraformState.Format.NONE);
    assertThat(state.isEmpty()).isTrue();
    assertThat(state.record()).isEmpty();
  }

  @Test
  void anOlderStateVersionIsRefused() {
    assertThatThrownBy(() -> read("{\"version\":3,\"serial\":1,\"lineage\":\"x\",\"modules\":[]}"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("version 3");
  }

  @Test
  void trailingGarbageIsRefusedWithItsPosition() {
    assertThatThrownBy(() -> read("{\"version\":4,\"serial\":1,\"lineage\":\"x\",\"resources\":[]}\n}"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("line 2, column 1");
  }

  @Test
  void jsonThatIsNoStateIsRefused() {
    assertThatThrownBy(() -> read("{\"hello\":1}")).isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("not a terraform state");
  }

  @Test
  void aShowJsonModuleEntryThatIsNotAnObjectIsRefusedSayingWhichList() {
    assertThatThrownBy(() -> read("{\"format_version\":\"1.0\",\"values\":{\"root_module\":{\"resources\":[{\"address\":\"a.b\","
        + "\"type\":\"a\",\"mode\":\"managed\"}],\"child_modules\":[7]}}}"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("an entry of child_modules")
        .hasMessageContaining("is a number where an object belongs");
  }
}
