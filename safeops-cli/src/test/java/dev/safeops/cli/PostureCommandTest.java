package dev.safeops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PostureCommandTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    return Main.run(args, new ByteArrayInputStream(new byte[0]),
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void postureOfTheIncidentAccountShowsTheDatabaseCritical() {
    int code = run("posture");

    assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
    assertThat(out()).contains("the fake endpoint, seeded with the incident's production stack")
        .containsPattern("CRITICAL\\s+aws_db_instance\\s+courses-prod\\s+posture.irrecoverable-on-delete")
        .contains("posture.deletion-protection-off")
        .contains("worst CRITICAL");
  }

  @Test
  void postureAsJsonCarriesTheSameVerdict() throws Exception {
    int code = run("posture", "--json");

    assertThat(code).isZero();
    JsonNode json = new ObjectMapper().readTree(out());
    assertThat(json.path("level").asText()).isEqualTo("CRITICAL");
    assertThat(json.path("resources")).anySatisfy(r -> {
      assertThat(r.path("identifier").asText()).isEqualTo("courses-prod");
      assertThat(r.path("level").asText()).isEqualTo("CRITICAL");
      assertThat(r.path("deletionProtection").asBoolean()).isFalse();
      assertThat(r.path("newestIndependentBackup").isNull()).isTrue();
    });
    assertThat(json.path("findings")).anySatisfy(f ->
        assertThat(f.path("ruleId").asText()).isEqualTo("posture.irrecoverable-on-delete"));
  }

  @Test
  void anUnknownOptionIsOneSentenceAndExitTwo() {
    int code = run("posture", "--frobnicate");

    assertThat(code).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("safeops posture: unknown option: '--frobnicate'. See `safeops posture --help`.\n");
    assertThat(out()).isEmpty();
  }

  @Test
  void aProfileWithoutItsValueIsRefused() {
    assertThat(run("posture", "--profile")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("missing required parameter for option '--profile'");
  }
}
