package dev.safeops.terraform.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.safeops.core.InvalidInputException;
import dev.safeops.core.ResourceChange;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A big plan's prior_state is read ahead on another thread and taken only where the reader
 * would have read the very same object: the facts are then what reading it in turn gives
 * (Jackson's reading, which never reads ahead, is the reference), and anything that misleads
 * the guess or fails in it leaves the reader to read prior_state itself.
 */
class PriorStateAheadTest {
  @TempDir Path tmp;

  private record Read(List<String> addresses, PlanJson.Facts facts) {}

  private static Read fast(Path file) {
    List<String> addresses = new ArrayList<>();
    PlanJson.Facts facts = PlanJson.streamFast(file, c -> addresses.add(c.address()));
    return new Read(addresses, facts);
  }

  private static Read full(Path file) {
    List<String> addresses = new ArrayList<>();
    PlanJson.Facts facts = PlanJson.stream(file, (ResourceChange c) -> addresses.add(c.address()));
    return new Read(addresses, facts);
  }

  /** A plan of about 1.5 MB (big enough to be read ahead), with its parts given as JSON text. */
  private Path plan(String priorState, String after) throws IOException {
    StringBuilder s = new StringBuilder("{\"format_version\":\"1.2\",\"planned_values\":{\"root_module\":{\"resources\":[");
    for (int i = 0; i < 4000; i++) {
      s.append(i == 0 ? "" : ",").append("{\"address\":\"aws_s3_bucket.b").append(i)
          .append("\",\"mode\":\"managed\",\"type\":\"aws_s3_bucket\",\"values\":{\"bucket\":\"b").append(i)
          .append("\",\"tags\":{\"Team\":\"data\",\"Padding\":\"").append("x".repeat(200)).append("\"}}}");
    }
    s.append("]}},\"resource_changes\":[");
    for (int i = 0; i < 300; i++) {
      s.append(i == 0 ? "" : ",").append("{\"address\":\"aws_s3_bucket.b").append(i)
          .append("\",\"mode\":\"managed\",\"type\":\"aws_s3_bucket\",\"name\":\"b").append(i)
          .append("\",\"provider_name\":\"registry.terraform.io/hashicorp/aws\",\"change\":{\"actions\":[\"")
          .append(i % 3 == 0 ? "delete" : "update").append("\"],\"before\":{\"bucket\":\"b").append(i)
          .append("\"},\"after\":{\"bucket\":\"b").append(i).append("\"},\"after_unknown\":{},\"before_sensitive\":{},"
              + "\"after_sensitive\":{}}}");
    }
    s.append("],\"prior_state\":").append(priorState).append(after).append('}');
    Path file = tmp.resolve("plan-" + System.nanoTime() + ".json");
    Files.writeString(file, s, StandardCharsets.UTF_8);
    assertThat(Files.size(file)).isGreaterThan(1 << 20);
    return file;
  }

  /** A show -json state: {@code managed} managed and {@code data} data resources, in the root and a child module. */
  private static String state(int managed, int data) {
    StringBuilder s = new StringBuilder("{\"format_version\":\"1.0\",\"terraform_version\":\"1.9.8\",\"values\":{\"root_module\":{"
        + "\"resources\":[");
    for (int i = 0; i < managed; i++) {
      s.append(i == 0 ? "" : ",").append("{\"address\":\"aws_s3_bucket.b").append(i)
          .append("\",\"mode\":\"managed\",\"type\":\"aws_s3_bucket\",\"values\":{\"bucket\":\"b").append(i)
          .append("\",\"nested\":[{\"a\":[1,2,{\"b\":null}]}]},\"sensitive_values\":{}}");
    }
    s.append("],\"child_modules\":[{\"address\":\"module.m\",\"resources\":[");
    for (int i = 0; i < data; i++) {
      s.append(i == 0 ? "" : ",").append("{\"address\":\"module.m.data.aws_caller_identity.c").append(i)
          .append("\",\"mode\":\"data\",\"type\":\"aws_caller_identity\",\"values\":{}}");
    }
    return s.append("]}]}}}").toString();
  }

  @Test
  void theKeySearchFindsTheLastKeyWhereverItStandsAsAByteByByteSearchWould() {
    byte[] key = "\"prior_state\":".getBytes(StandardCharsets.US_ASCII);
    // Text made of the key's own bytes, where a search that steps too far would miss a key.
    byte[] alphabet = "\"prior_state\": {}x".getBytes(StandardCharsets.US_ASCII);
    java.util.Random random = new java.util.Random(17);
    for (int round = 0; round < 20_000; round++) {
      byte[] b = new byte[random.nextInt(80)];
      for (int i = 0; i < b.length; i++) {
        b[i] = alphabet[random.nextInt(alphabet.length)];
      }
      for (int k = random.nextInt(3); k > 0 && b.length >= key.length; k--) {
        System.arraycopy(key, 0, b, random.nextInt(b.length - key.length + 1), key.length);
      }
      int n = b.length == 0 ? 0 : random.nextInt(b.length + 1);
      int expected = -1;
      for (int i = n - key.length; i >= 0 && expected < 0; i--) {
        if (java.util.Arrays.equals(b, i, i + key.length, key, 0, key.length)) {
          expected = i;
        }
      }
      assertThat(PriorStateAhead.lastKey(b, n)).as(new String(b, 0, n, StandardCharsets.US_ASCII)).isEqualTo(expected);
    }
  }

  @Test
  void aBigPlansPriorStateIsReadAheadAndCountsWhatReadingItInTurnCounts() throws IOException {
    // A prior_state within the reader's buffer, and one that goes far beyond it.
    for (int managed : new int[] {3, 2500}) {
      Path file = plan(state(managed, 7), ",\"configuration\":{\"root_module\":{}},\"errored\":false");
      int taken = PriorStateAhead.TAKEN.get();

      Read fast = fast(file);

      assertThat(PriorStateAhead.TAKEN.get()).as("the read-ahead was taken").isEqualTo(taken + 1);
      assertThat(fast).isEqualTo(full(file));
      assertThat(fast.facts()).isEqualTo(new PlanJson.Facts(managed, 300));
    }
  }

  @Test
  void theReadAheadMeetsTheNestingLimitAtTheDepthTheReaderWould() throws IOException {
    // prior_state's resources' values sit at depth 6 of the plan: 493 brackets reach depth 499,
    // the deepest the reader takes, and 494 reach its limit of 500.
    for (int brackets : new int[] {493, 494}) {
      String deep = "[".repeat(brackets) + "]".repeat(brackets);
      Path file = plan(state(3, 0).replace("\"nested\":[{\"a\":[1,2,{\"b\":null}]}]", "\"nested\":" + deep),
          "");
      int taken = PriorStateAhead.TAKEN.get();

      if (brackets == 493) {
        assertThat(fast(file)).isEqualTo(full(file));
        assertThat(PriorStateAhead.TAKEN.get()).isEqualTo(taken + 1);
      } else {
        assertThatThrownBy(() -> fast(file)).isInstanceOf(PlanJson.Reread.class);
        assertThat(PriorStateAhead.TAKEN.get()).isEqualTo(taken);
      }
    }
  }

  @Test
  void aDecoyPriorStateKeyFurtherOnIsReadAheadButNotTaken() throws IOException {
    // The search from the end finds the decoy first; the reader's own prior_state starts elsewhere.
    String decoy = ",\"configuration\":{\"root_module\":{\"prior_state\":" + state(5, 0) + "}}";
    Path file = plan(state(2500, 7), decoy);
    int taken = PriorStateAhead.TAKEN.get();

    Read fast = fast(file);

    assertThat(PriorStateAhead.TAKEN.get()).isEqualTo(taken);
    assertThat(fast).isEqualTo(full(file));
    assertThat(fast.facts().priorResourceCount()).isEqualTo(2500);
  }

  @Test
  void aTopLevelKeyRepeatedAfterAPriorStateReadAheadIsStillRefused() throws IOException {
    Path file = plan(state(2500, 0), ",\"format_version\":\"1.2\"");
    int taken = PriorStateAhead.TAKEN.get();

    assertThatThrownBy(() -> fast(file)).isInstanceOf(PlanJson.Reread.class);
    assertThat(PriorStateAhead.TAKEN.get()).as("refused after the jump, not for want of one").isEqualTo(taken + 1);
    assertThatThrownBy(() -> full(file)).isInstanceOf(InvalidInputException.class).hasMessageContaining("format_version");
  }

  @Test
  void aPriorStateAddressOrTypeOfTheWrongKindIsRefusedThoughOnlyCountsAreKept() throws IOException {
    // Counting builds no names, but still holds each one to a string or null, by both readers.
    for (String field : List.of("address", "type")) {
      Path file = plan(state(2500, 0).replaceFirst("\"" + field + "\":\"[^\"]*\"", "\"" + field + "\":7"), "");

      assertThatThrownBy(() -> fast(file)).as(field).isInstanceOf(PlanJson.Reread.class);
      assertThatThrownBy(() -> full(file)).as(field).isInstanceOf(InvalidInputException.class)
          .hasMessageContaining(field).hasMessageContaining("a string or null");
    }
  }

  @Test
  void aPriorStateTheReaderWouldDoubtIsDoubtedAsBefore() throws IOException {
    String twice = state(2500, 0).replaceFirst("\"terraform_version\":\"1.9.8\"", "\"terraform_version\":\"1.9.8\",\"terraform_version\":\"1.9.9\"");
    Path file = plan(twice, "");
    int taken = PriorStateAhead.TAKEN.get();

    assertThatThrownBy(() -> fast(file)).isInstanceOf(PlanJson.Reread.class);
    assertThat(PriorStateAhead.TAKEN.get()).isEqualTo(taken);
    assertThatThrownBy(() -> full(file)).isInstanceOf(InvalidInputException.class);
  }

  @Test
  void aPriorStateOfAnUnknownMajorFormatIsRefusedThoughItWasReadAhead() throws IOException {
    Path file = plan(state(2500, 0).replace("\"format_version\":\"1.0\"", "\"format_version\":\"2.0\""), "");
    int taken = PriorStateAhead.TAKEN.get();

    assertThatThrownBy(() -> fast(file)).isInstanceOf(PlanJson.Reread.class);
    assertThat(PriorStateAhead.TAKEN.get()).as("the reader's own check refused what was read ahead").isEqualTo(taken + 1);
    assertThatThrownBy(() -> full(file)).isInstanceOf(InvalidInputException.class).hasMessageContaining("2.0");
  }

  @Test
  void aPlanRefusedBeforeItsPriorStateLeavesNoReadAheadRunning() throws IOException {
    Path file = plan(state(2500, 0), "");
    String text = Files.readString(file).replaceFirst("\"actions\":\\[\"update\"\\]", "\"actions\":\"update\"");
    Files.writeString(file, text);

    assertThatThrownBy(() -> fast(file)).isInstanceOf(PlanJson.Reread.class);
    assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().equals("safeops-prior-state"));
  }

  @Test
  void aPriorStateFarFromItsKeyIsReadInTurn() throws IOException {
    // Legal JSON, but nothing Terraform writes: the read-ahead looks only so far for the object.
    Path file = plan(" ".repeat(5000) + state(2500, 0), "");
    int taken = PriorStateAhead.TAKEN.get();

    Read fast = fast(file);

    assertThat(PriorStateAhead.TAKEN.get()).isEqualTo(taken);
    assertThat(fast).isEqualTo(full(file));
    assertThat(fast.facts().priorResourceCount()).isEqualTo(2500);
  }
}
