package dev.safeops.aws.recovery;

import dev.safeops.aws.internal.recovery.JdbcMinimumCheck;
import java.util.function.Function;
import javax.sql.DataSource;

/**
 * The consumer's proof that a restored copy holds the data: a query, a checksum, anything.
 * An exception counts as a failed check; the copy is then kept for investigation.
 */
@FunctionalInterface
public interface DrillCheck {

  CheckResult verify(RestoredCopy copy) throws Exception;

  /**
   * Runs {@code query} (which must return one number in its first column, e.g. {@code SELECT
   * COUNT(*) FROM submissions}) on a connection from {@code dataSources} for the copy, and
   * passes when the number is at least {@code minimum}. The consumer's factory owns
   * credentials and drivers; the drill only hands it the copy's endpoint.
   */
  static DrillCheck jdbcMinimum(Function<RestoredCopy, DataSource> dataSources, String query, long minimum) {
    return new JdbcMinimumCheck(dataSources, query, minimum);
  }
}
