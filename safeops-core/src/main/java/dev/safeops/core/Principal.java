package dev.safeops.core;

import java.util.Locale;
import java.util.Objects;

/**
 * Who asks or approves: an id and a kind. Only {@link Kind#HUMAN} principals ever count
 * towards the two-person rule; agents and services never approve. The two-person rule compares
 * ids case-insensitively, so {@code alice} and {@code Alice} are one person.
 *
 * @param id stable identifier, for example an e-mail address or an agent name
 * @param kind human, agent or service
 */
public record Principal(String id, Kind kind) {

  /** What kind of actor a principal is. */
  public enum Kind { HUMAN, AGENT, SERVICE }

  public Principal {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(kind, "kind");
    if (id.isBlank()) {
      throw new IllegalArgumentException("principal id must not be blank");
    }
    // Surrounding blanks never make a different person.
    id = id.strip();
  }

  public static Principal human(String id) {
    return new Principal(id, Kind.HUMAN);
  }

  public static Principal agent(String id) {
    return new Principal(id, Kind.AGENT);
  }

  public static Principal service(String id) {
    return new Principal(id, Kind.SERVICE);
  }

  /**
   * Parses {@code human:alice}, {@code agent:claude} or {@code service:ci}.
   *
   * @throws InvalidInputException when the text is not of that form
   */
  public static Principal parse(String text) {
    Objects.requireNonNull(text, "text");
    int colon = text.indexOf(':');
    if (colon <= 0 || text.substring(colon + 1).isBlank()) {
      throw new InvalidInputException(
          "A principal is written kind:id (human:alice, agent:claude, service:ci), not '" + text + "'.");
    }
    String kind = text.substring(0, colon).toUpperCase(Locale.ROOT);
    for (Kind k : Kind.values()) {
      if (k.name().equals(kind)) {
        return new Principal(text.substring(colon + 1), k);
      }
    }
    throw new InvalidInputException(
        "Unknown principal kind '" + text.substring(0, colon) + "': use human, agent or service.");
  }

  public boolean isHuman() {
    return kind == Kind.HUMAN;
  }

  @Override
  public String toString() {
    return kind.name().toLowerCase(Locale.ROOT) + ":" + id;
  }
}
