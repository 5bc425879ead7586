package dev.safeops.aws;

import dev.safeops.core.ChangeAction;
import dev.safeops.core.Finding;
import dev.safeops.core.Level;
import dev.safeops.core.Operation;
import dev.safeops.core.Plan;
import dev.safeops.core.ResourceChange;
import dev.safeops.core.Rule;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The rule {@value #RULE_ID}: deleting or replacing a data store ({@code aws_db_instance},
 * {@code aws_rds_cluster}, {@code aws_dynamodb_table}) requires a recent independent
 * backup: a manual snapshot, on-demand backup or AWS Backup recovery point that this same
 * plan does not delete, not older than the maximum age (default 24 hours). Missing: a
 * CRITICAL finding naming the store and the newest backup it did find.
 *
 * <p>Works on any plan, SDK dry run or Terraform: it reads the store's identifier from
 * the change ({@code identifier}, {@code cluster_identifier}, {@code name}, {@code arn}, or
 * the address) and asks a {@link BackupLookup}. Add it with {@code
 * BlastRadiusEvaluator.builder().addRule(BackupPrecondition.builder(lookup).build())}. If
 * the lookup throws, the rule throws and nothing executes. Stateless and thread-safe.
 */
public final class BackupPrecondition implements Rule {
  public static final String RULE_ID = "backup.independent-recent";
  static final Set<String> DATA_STORES = Set.of("aws_db_instance", "aws_rds_cluster", "aws_dynamodb_table");

  private final BackupLookup lookup;
  private final Duration maxAge;
  private final Clock clock;

  private BackupPrecondition(Builder b) {
    this.lookup = b.lookup;
    this.maxAge = b.maxAge;
    this.clock = b.clock;
  }

  public static Builder builder(BackupLookup lookup) {
    return new Builder(lookup);
  }

  @Override
  public String id() {
    return RULE_ID;
  }

  @Override
  public List<Finding> evaluate(Plan plan, Operation operation) {
    Set<String> deletedHere = deletedIdentifiers(plan);
    Instant oldestAcceptable = clock.instant().minus(maxAge);
    List<Finding> out = new ArrayList<>();
    for (ResourceChange c : plan.changes()) {
      if (!c.action().destroys() || !DATA_STORES.contains(c.type())) {
        continue;
      }
      List<BackupLookup.Backup> backups = Objects.requireNonNull(lookup.backups(c),
          "BackupLookup returned null for " + c.address());
      Optional<BackupLookup.Backup> newest = backups.stream()
          .filter(b -> !deletedHere.contains(b.id()))
          .max(Comparator.comparing(BackupLookup.Backup::created));
      if (newest.isPresent() && !newest.get().created().isBefore(oldestAcceptable)) {
        continue;
      }
      String found = newest.map(b -> "the newest is " + b.kind() + " " + b.id() + " from " + b.created() + ", "
              + Duration.between(b.created(), clock.instant()).toHours() + " h old")
          .orElse("none was found" + (backups.isEmpty() ? "" : " that this plan does not also delete"));
      out.add(new Finding(RULE_ID, Level.CRITICAL, c.address(), c.address() + " is " + verb(c.action())
          + " without an independent backup newer than " + human(maxAge)
          + " (a manual snapshot or AWS Backup recovery point this operation does not delete): " + found));
    }
    return out;
  }

  private static String verb(ChangeAction a) {
    return a == ChangeAction.REPLACE ? "replaced" : "deleted";
  }

  private static String human(Duration d) {
    return d.toMinutes() % 60 == 0 ? d.toHours() + " h" : d.toMinutes() + " min";
  }

  /** Identifiers of everything the plan deletes: the ids a backup must not share to count. */
  private static Set<String> deletedIdentifiers(Plan plan) {
    Set<String> out = new HashSet<>();
    for (ResourceChange c : plan.changes()) {
      if (!c.action().destroys()) {
        continue;
      }
      out.add(c.address());
      int dot = c.address().indexOf('.');
      if (dot >= 0) {
        out.add(c.address().substring(dot + 1));
      }
      for (Map.Entry<String, Object> e : c.before().entrySet()) {
        if (e.getValue() instanceof String s) {
          out.add(s);
        }
      }
    }
    return out;
  }

  /** Configures {@link BackupPrecondition}. */
  public static final class Builder {
    private final BackupLookup lookup;
    private Duration maxAge = Duration.ofHours(24);
    private Clock clock = Clock.systemUTC();

    private Builder(BackupLookup lookup) {
      this.lookup = Objects.requireNonNull(lookup, "lookup");
    }

    /** How old the newest independent backup may be; default 24 hours. */
    public Builder maxAge(Duration maxAge) {
      Objects.requireNonNull(maxAge, "maxAge");
      if (maxAge.isNegative() || maxAge.isZero()) {
        throw new IllegalArgumentException("maxAge must be positive, was " + maxAge);
      }
      this.maxAge = maxAge;
      return this;
    }

    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    public BackupPrecondition build() {
      return new BackupPrecondition(this);
    }
  }
}
