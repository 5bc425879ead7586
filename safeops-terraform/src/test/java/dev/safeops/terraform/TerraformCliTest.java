package dev.safeops.terraform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.safeops.terraform.testing.FakeTerraform;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TerraformCliTest {
  @TempDir Path tmp;

  @Test
  void aMissingBinaryIsOneClearSentence() {
    TerraformCli cli = TerraformCli.builder().binary("tofu-that-is-not-installed").workingDirectory(tmp).build();

    assertThatThrownBy(cli::version).isInstanceOf(TerraformException.class)
        .hasMessageContaining("'tofu-that-is-not-installed' was not found on the PATH");
  }

  @Test
  void aCommandThatHangsIsKilledAtItsTimeout() {
    FakeTerraform fake = FakeTerraform.create(tmp.resolve("bin")).hangOn("plan");
    TerraformCli cli = fake.cli(tmp).withTimeout(Duration.ofMillis(300));

    assertThatThrownBy(() -> cli.plan(tmp.resolve("p.tfplan"), false)).isInstanceOf(TerraformException.class)
        .hasMessageContaining("did not finish within PT0.3S");
  }

  @Test
  void environmentWorkingDirectoryAndOutputAreThoseConfigured() throws IOException {
    Path script = tmp.resolve("echo-env");
    Files.writeString(script, "#!/usr/bin/env bash\necho \"$1 $SAFEOPS_TEST_VAR $TF_IN_AUTOMATION $PWD\"\necho warn >&2\n");
    script.toFile().setExecutable(true);
    TerraformCli cli = TerraformCli.builder().binary(script.toString()).workingDirectory(tmp)
        .environment("SAFEOPS_TEST_VAR", "hello").build();

    CliResult result = cli.version();

    assertThat(result.stdout().strip()).isEqualTo("-chdir=" + tmp.toAbsolutePath() + " hello 1 " + tmp.toRealPath());
    assertThat(result.stderr()).isEqualTo("warn\n");
    assertThat(result.exitCode()).isZero();
  }

  @Test
  void aNonZeroExitThrowsWithTerraformsFirstError() {
    FakeTerraform fake = FakeTerraform.create(tmp.resolve("bin")).failOn("init", "\n\u2577\n\u2502 Error: Backend initialization required\n");

    assertThatThrownBy(() -> fake.cli(tmp).init()).isInstanceOf(TerraformException.class)
        .hasMessage("terraform init failed with exit code 1: Error: Backend initialization required".replace("terraform", fake.binary().toString()));
  }

  @Test
  void applyRefusesAnythingButASavedPlanFile() {
    FakeTerraform fake = FakeTerraform.create(tmp.resolve("bin"));

    assertThatThrownBy(() -> fake.cli(tmp).apply(tmp.resolve("missing.tfplan")))
        .isInstanceOf(TerraformException.class).hasMessageContaining("needs a saved plan file");
    assertThat(fake.invocations()).isEmpty();
  }

  @Test
  void theFakeRecordsEveryInvocationWithItsWorkingDirectory() {
    FakeTerraform fake = FakeTerraform.create(tmp.resolve("bin")).state(FakeTerraform.stateJson("l", 3, 1));

    fake.cli(tmp).version();
    fake.cli(tmp).statePull(tmp.resolve("s.json"));

    assertThat(fake.invocations()).extracting(FakeTerraform.Invocation::subcommand).containsExactly("version", "state");
    assertThat(fake.invocations().get(1).command()).containsExactly("state", "pull");
    assertThat(StateReader.create().read(tmp.resolve("s.json")).serial()).hasValue(3);
  }
}
