package dev.safeops.terraform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.safeops.core.ChangeAction;
import dev.safeops.core.InvalidInputException;
import dev.safeops.core.Plan;
import dev.safeops.core.ResourceChange;
import dev.safeops.core.internal.LegacyPlanDigest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every real plan in the shared corpus reads, with the action counts its SOURCES.md lists. */
class PlanReaderCorpusTest {
  private final PlanReader reader = PlanReader.create();

  static Stream<Arguments> corpus() {
    return Stream.of(
        plan("ailz__azure-102rc-tf1.13.3.plan.json", "create:85 read:17"),
        plan("borchero__create-300rc-tf1.13.5.plan.json", "create:300"),
        plan("borchero__forget-tf1.13.5.plan.json", "forget:1"),
        plan("cdssnc__aws-import-tf1.7.1.plan.json", "create:1 no_op:2"),
        plan("checkov__create-before-destroy-tf1.2.4.plan.json", "replace:1"),
        plan("checkov__for-each-tf1.9.5.plan.json", "create:5"),
        plan("checkov__no-resource-changes-key-tf1.10.5.plan.json", ""),
        plan("infracost__aws-tf0.14.11.plan.json", "create:12 no_op:13 update:1"),
        plan("infracost__instance-attachment-drift-tf1.0.11.plan.json", "no_op:4"),
        plan("opentofu__cloud-import-config-gen-tf1.5.0.plan.json", "no_op:1"),
        plan("opentofu__equiv-drift-refresh-only.plan.json", ""),
        plan("opentofu__equiv-local-provider-update-replace.plan.json", "replace:1"),
        plan("policyengine__s3-mixed-actions-drift-tf1.2.2.plan.json", "create:1 delete:1 no_op:1 update:1"),
        plan("snykcli__aws-destroy-tf0.15.0.plan.json", "delete:8"),
        plan("tfcompliance__aws-66rc-tf0.12.5.plan.json", "create:2 no_op:64"),
        plan("tfcompliance__drift-no-address-delete-tf1.0.0.plan.json", "create:5 delete:2 no_op:7 update:1"),
        plan("tfjson-deb050__basic-tf0.12.6.plan.json", "create:7 read:1"),
        plan("tfjson-deb050__config-resource-depends-on-tf0.12.6.plan.json", "replace:1 no_op:1"),
        plan("tfjson__action-reason-tf1.15.0.plan.json", "replace:1"),
        plan("tfjson__basic-tf1.2.0rc1.plan.json", "create:7"),
        plan("tfjson__has-checks-tf1.5.4.plan.json", "create:2"),
        plan("tfjson__identity-tf1.13.0dev.plan.json", "update:1"),
        plan("tfjson__module-depends-on-tf0.13.1.plan.json", "create:2 read:1"),
        plan("tfjson__moved-block-tf1.5.3.plan.json", "no_op:1"),
        plan("tfjson__sensitive-values-tf1.1.0dev.plan.json", "create:7"),
        plan("tfplan2md__azuredevops-mixed-tf1.14.2.plan.json", "create:2 delete:1 replace:1 no_op:1 read:1 update:1"),
        plan("tfplanformat__sensitive-replace-tf1.7.5.plan.json", "replace:1"),
        plan("tfsummarize__drift-tf1.1.4.plan.json", "create:7 no_op:1"),
        plan("tirith__aws-destroy-modules-tf1.2.6.plan.json", "delete:5"));
  }

  private static Arguments plan(String file, String counts) {
    Map<ChangeAction, Integer> expected = new EnumMap<>(ChangeAction.class);
    for (String part : counts.split(" ")) {
      if (!part.isEmpty()) {
        String[] kv = part.split(":");
        expected.put(ChangeAction.valueOf(kv[0].toUpperCase()), Integer.parseInt(kv[1]));
      }
    }
    return Arguments.of(file, expected);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("corpus")
  void everyCorpusPlanReadsWithTheCountsItsSourcesList(String file, Map<ChangeAction, Integer> expected) {
    Plan plan = reader.read(Corpus.file(file));

    Map<ChangeAction, Integer> counts = new EnumMap<>(ChangeAction.class);
    plan.changes().forEach(c -> counts.merge(c.action(), 1, Integer::sum));
    assertThat(counts).isEqualTo(expected);
    assertThat(plan.priorResourceCount()).isPresent();
    assertThat(plan.digest()).hasSize(64);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("corpus")
  void everyCorpusPlansDigestIsTheOneApprovalsWereMadeUnder(String file) {
    Plan plan = reader.read(Corpus.file(file));

    assertThat(plan.digest()).isEqualTo(LegacyPlanDigest.of(plan.changes(), plan.bindings()));
  }

  @Test
  void everyPlanFileInTheCorpusIsCovered() throws IOException {
    List<String> covered = corpus().map(a -> (String) a.get()[0]).toList();
    try (Stream<Path> files = Files.list(Corpus.terraform())) {
      List<String> plans = files.map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".plan.json") && !n.contains("MALFORMED")).toList();
      assertThat(covered).containsExactlyInAnyOrderElementsOf(plans);
    }
  }

  @Test
  void theMalformedPlanWithTrailingGarbageIsRejectedNamingThePosition() {
    assertThatThrownBy(() -> reader.read(Corpus.file("tfjson__invalid-MALFORMED-tf1.2.0rc1.plan.json")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("tfjson__invalid-MALFORMED-tf1.2.0rc1.plan.json")
        .hasMessageContaining("line 676, column 29");
  }

  @Test
  void pureDeletesAreJudgedOnTheirBeforeValues() {
    Plan plan = reader.read(Corpus.file("snykcli__aws-destroy-tf0.15.0.plan.json"));

    assertThat(plan.changes()).allSatisfy(c -> {
      assertThat(c.action()).isEqualTo(ChangeAction.DELETE);
      assertThat(c.before()).isNotEmpty();
      assertThat(c.after()).isEmpty();
    });
    assertThat(plan.changes()).extracting(ResourceChange::type).contains("aws_s3_bucket");
    assertThat(plan.priorResourceCount()).hasValueSatisfying(n -> assertThat(n).isGreaterThanOrEqualTo(8));
  }

  @Test
  void bothReplacementOrdersAreReplacementsWithBeforeAndAfter() {
    ResourceChange createFirst = reader.read(Corpus.file("checkov__create-before-destroy-tf1.2.4.plan.json")).changes().get(0);
    ResourceChange deleteFirst = reader.read(Corpus.file("tfjson__action-reason-tf1.15.0.plan.json")).changes().get(0);

    assertThat(createFirst.action()).isEqualTo(ChangeAction.REPLACE);
    assertThat(createFirst.after()).containsEntry("name", "test");
    assertThat(deleteFirst.action()).isEqualTo(ChangeAction.REPLACE);
    assertThat(deleteFirst.actionReason()).contains("replace_because_tainted");
  }

  @Test
  void stringAndNumberIndexesAndModuleKeysKeepTerraformsAddresses() {
    Plan forEach = reader.read(Corpus.file("checkov__for-each-tf1.9.5.plan.json"));
    Plan count = reader.read(Corpus.file("tirith__aws-destroy-modules-tf1.2.6.plan.json"));

    assertThat(forEach.changes()).extracting(ResourceChange::address).anyMatch(a -> a.contains("[\""));
    assertThat(forEach.changes()).extracting(ResourceChange::address).anyMatch(a -> a.startsWith("module.") && a.contains("[\""));
    assertThat(count.changes()).extracting(ResourceChange::address).anyMatch(a -> a.matches(".*\\[\\d+\\]$"));
  }

  @Test
  void sensitiveValuesNeverLeaveTheReader() {
    Plan plan = reader.read(Corpus.file("tfplanformat__sensitive-replace-tf1.7.5.plan.json"));

    assertThat(plan.changes().get(0).before().toString() + plan.changes().get(0).after())
        .contains("(sensitive)");
  }

  @Test
  void unknownAttributesAndTheProviderAreRead() {
    Plan plan = reader.read(Corpus.file("tfjson__sensitive-values-tf1.1.0dev.plan.json"));

    ResourceChange aliased = plan.changes().stream().filter(c -> c.address().equals("module.foo.null_resource.aliased")).findFirst().orElseThrow();
    assertThat(aliased.unknownAfter()).contains("id");
    assertThat(aliased.provider()).isEqualTo("null");
    assertThat(aliased.type()).isEqualTo("null_resource");
  }

  @Test
  void aPlanWithoutPriorStateHadAnEmptyPriorState() {
    Plan plan = reader.read(Corpus.file("borchero__create-300rc-tf1.13.5.plan.json"));

    assertThat(plan.priorResourceCount()).contains(0);
  }

  @Test
  void importingAndForgetAreTolerated() {
    Plan imports = reader.read(Corpus.file("cdssnc__aws-import-tf1.7.1.plan.json"));
    Plan forget = reader.read(Corpus.file("borchero__forget-tf1.13.5.plan.json"));

    assertThat(imports.changes()).hasSize(3);
    assertThat(forget.changes().get(0).action()).isEqualTo(ChangeAction.FORGET);
    assertThat(forget.changes().get(0).actionReason()).contains("delete_because_no_resource_config");
  }
}
