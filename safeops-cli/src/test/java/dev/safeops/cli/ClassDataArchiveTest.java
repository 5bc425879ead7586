package dev.safeops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ClassDataArchiveTest {

  @Test
  void classListsOfSeveralRunsBecomeOneLinePerClassWithoutTheRunsOwnIds() {
    List<String> hook = List.of("# NOTE: Do not modify this file.", "java/lang/Object id: 0", "dev/safeops/cli/Main id: 7",
        "@lambda-proxy dev/safeops/cli/Main run ()V", "Custom id: 9 super: 0 source: /tmp/x.jar");
    List<String> checkPlan = List.of("java/lang/Object id: 0", "dev/safeops/cli/CheckPlan id: 7", "dev/safeops/cli/Main id: 12",
        "@lambda-proxy dev/safeops/cli/Main run ()V");

    List<String> merged = ClassDataArchive.merge(concat(hook, checkPlan));

    assertThat(merged).containsExactly("java/lang/Object", "dev/safeops/cli/Main", "@lambda-proxy dev/safeops/cli/Main run ()V",
        "dev/safeops/cli/CheckPlan");
  }

  private static List<String> concat(List<String> a, List<String> b) {
    return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
  }
}
