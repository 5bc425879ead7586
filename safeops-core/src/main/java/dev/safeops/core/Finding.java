package dev.safeops.core;

import java.util.Objects;

/**
 * One thing a rule found: which rule (a stable id such as {@code data.irrecoverable-loss}),
 * how bad, about which resource, and a message that says why in one sentence.
 */
public record Finding(String ruleId, Level level, String address, String message) {
  public Finding {
    Objects.requireNonNull(ruleId, "ruleId");
    Objects.requireNonNull(level, "level");
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(message, "message");
  }
}
