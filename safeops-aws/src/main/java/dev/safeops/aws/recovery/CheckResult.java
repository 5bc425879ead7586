package dev.safeops.aws.recovery;

import java.util.Objects;

/**
 * What a {@link DrillCheck} found, with a sentence saying honestly what was checked (for
 * example {@code SELECT COUNT(*) FROM submissions returned 1943200, at least 1000000 expected}).
 */
public record CheckResult(boolean passed, String description) {
  public CheckResult {
    Objects.requireNonNull(description, "description");
  }

  public static CheckResult passed(String description) {
    return new CheckResult(true, description);
  }

  public static CheckResult failed(String description) {
    return new CheckResult(false, description);
  }
}
