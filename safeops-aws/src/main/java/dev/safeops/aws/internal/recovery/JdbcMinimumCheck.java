package dev.safeops.aws.internal.recovery;

import dev.safeops.aws.recovery.CheckResult;
import dev.safeops.aws.recovery.DrillCheck;
import dev.safeops.aws.recovery.RestoredCopy;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Objects;
import java.util.function.Function;
import javax.sql.DataSource;

/** A JDBC query returning one number, which must reach a minimum. */
public final class JdbcMinimumCheck implements DrillCheck {
  private final Function<RestoredCopy, DataSource> dataSources;
  private final String query;
  private final long minimum;

  public JdbcMinimumCheck(Function<RestoredCopy, DataSource> dataSources, String query, long minimum) {
    this.dataSources = Objects.requireNonNull(dataSources, "dataSources");
    this.query = Objects.requireNonNull(query, "query");
    this.minimum = minimum;
    if (query.isBlank()) {
      throw new IllegalArgumentException("the check query must not be blank");
    }
  }

  @Override
  public CheckResult verify(RestoredCopy copy) throws Exception {
    DataSource ds = Objects.requireNonNull(dataSources.apply(copy), "the DataSource factory returned null");
    try (Connection c = ds.getConnection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(query)) {
      if (!rs.next()) {
        return CheckResult.failed(query + " on " + copy.identifier() + " returned no row; a number of at least " + minimum + " was expected");
      }
      long n = rs.getLong(1);
      String said = query + " on " + copy.identifier() + " returned " + n + ", at least " + minimum + " expected";
      return n >= minimum ? CheckResult.passed(said) : CheckResult.failed(said);
    }
  }
}
