package dev.safeops.aws.recovery;

import java.util.Objects;

/**
 * The drill copy a {@link DrillCheck} verifies: where to connect, and what it was restored
 * from. Immutable.
 *
 * @param identifier the copy's DB instance (or cluster) identifier
 * @param arn the copy's ARN
 * @param address the endpoint host name
 * @param port the endpoint port
 * @param engine the engine, e.g. {@code postgres}
 * @param source the database the copy was restored from
 * @param restoredFrom the snapshot identifier, or a description of the point in time
 */
public record RestoredCopy(String identifier, String arn, String address, int port, String engine,
    DrillSource source, String restoredFrom) {
  public RestoredCopy {
    Objects.requireNonNull(identifier, "identifier");
    Objects.requireNonNull(arn, "arn");
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(engine, "engine");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(restoredFrom, "restoredFrom");
  }
}
