package dev.safeops.aws.recovery;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Sent to {@link DrillListener}s when a drill fails: the backups may not restore, and a
 * human should look. Immutable.
 *
 * @param at when, on the drill's clock
 * @param source the database whose backups were drilled
 * @param step the step that failed
 * @param copy the copy kept for investigation, when one was created
 * @param message one sentence saying what failed
 */
public record DrillAlert(Instant at, DrillSource source, DrillStep step, Optional<String> copy, String message) {
  public DrillAlert {
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(step, "step");
    Objects.requireNonNull(copy, "copy");
    Objects.requireNonNull(message, "message");
  }
}
