package dev.safeops.cli;

import dev.safeops.aws.SafeOpsInterceptor;
import dev.safeops.aws.recovery.CheckResult;
import dev.safeops.aws.recovery.DrillCheck;
import dev.safeops.aws.recovery.DrillResult;
import dev.safeops.aws.recovery.DrillSource;
import dev.safeops.aws.recovery.RestoreDrill;
import dev.safeops.aws.testing.FakeAws;
import dev.safeops.aws.testing.FakeAwsClients;
import dev.safeops.core.AuditLog;
import dev.safeops.core.Environment;
import dev.safeops.core.Tier;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Objects;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBInstance;

/**
 * {@code restore-drill}: the nightly drill against the fake endpoint, seeded with a database,
 * its snapshots and the copies of two earlier passed drills. The fake has no database engine
 * behind it, so the check this example supplies reads the restored instance through the SDK
 * instead of running SQL, and says so.
 */
@Command(name = "restore-drill", mixinStandardHelpOptions = true,
    description = "Restore the newest independent backup of a database on the fake endpoint, check it, stop it, delete old drill copies.")
final class RestoreDrillCommand implements Callable<Integer> {
  @ParentCommand Main main;

  private static final String SOURCE = "courses-prod";
  private static final DateTimeFormatter DAY = DateTimeFormatter.BASIC_ISO_DATE;

  @Override
  public Integer call() throws Exception {
    PrintStream out = main.out;
    PrintStream err = main.err;
    Clock clock = Clock.systemUTC();
    Instant now = clock.instant();
    LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
    try (FakeAws aws = FakeAws.builder().clock(clock).pollsUntilAvailable(2).build().start()) {
      String yesterdays = SOURCE + "-manual-" + DAY.format(today.minusDays(1));
      String todays = SOURCE + "-manual-" + DAY.format(today);
      aws.seed().dbInstance(SOURCE, db -> db.deletionProtection(true).dbName("courses")
          .manualSnapshot(yesterdays, now.minus(Duration.ofHours(25)))
          .manualSnapshot(todays, now.minus(Duration.ofMinutes(50))));
      for (int daysAgo = 1; daysAgo <= 2; daysAgo++) {
        String day = DAY.format(today.minusDays(daysAgo));
        aws.seed().dbInstance("drill-" + SOURCE + "-" + day, db -> db.status("stopped").backupRetentionDays(0)
            .tag("safeops:restore-drill", SOURCE).tag("safeops:drill-status", "passed").tag("safeops:drill-date", day));
      }
      // The SDK guard on the client: any mutation outside the drill's approved steps is refused.
      RdsClient rds = FakeAwsClients.pointAt(RdsClient.builder(), aws)
          .overrideConfiguration(o -> o.addExecutionInterceptor(new SafeOpsInterceptor()))
          .build();
      AuditLog audit = AuditLog.inMemory();
      out.println("restore drill of " + SOURCE + " on the fake endpoint " + aws.endpoint() + " (account " + aws.accountId() + ", " + aws.region() + ")");
      out.println("  snapshots:  " + yesterdays + ", " + todays + " (independent of the instance), plus its automated backups");
      out.println("  old copies: drill-" + SOURCE + "-" + DAY.format(today.minusDays(1)) + ", drill-" + SOURCE + "-" + DAY.format(today.minusDays(2)));

      DrillResult result = RestoreDrill.builder()
          .rds(rds)
          .source(DrillSource.instance(SOURCE))
          .independentBackupsOnly(true)
          .check(describedLikeTheSource(rds))
          .auditSink(audit)
          .environment(Environment.aws("production", Tier.PRODUCTION, aws.accountId(), aws.region()))
          .clock(clock)
          .instanceClass("db.t3.micro")
          .waitFor(10, Duration.ofMillis(100), Duration.ofMinutes(1))
          .addListener(alert -> err.println("ALERT: restore drill of " + alert.source() + " failed at " + alert.step() + ": " + alert.message()))
          .build()
          .run();

      result.check().ifPresent(c -> out.println("  check:      " + c.description()));
      if (!result.keptCopies().isEmpty()) {
        out.println("  kept:       " + String.join(", ", result.keptCopies()) + " (for investigation)");
      }
      out.println("  guarded:    " + result.auditIds().size() + " mutating steps, each dry-run, judged and audited first;"
          + " the RDS client's SDK guard refuses anything else");
      out.println(result.summary());
      return result.passed() ? 0 : 1;
    }
  }

  /**
   * What can honestly be checked without a database engine: the copy answers the RDS API as
   * available, at an endpoint, with the source's engine and storage.
   */
  private static DrillCheck describedLikeTheSource(RdsClient rds) {
    return copy -> {
      DBInstance restored = rds.describeDBInstances(r -> r.dbInstanceIdentifier(copy.identifier())).dbInstances().get(0);
      DBInstance source = rds.describeDBInstances(r -> r.dbInstanceIdentifier(SOURCE)).dbInstances().get(0);
      boolean ok = "available".equals(restored.dbInstanceStatus())
          && !copy.address().isEmpty()
          && Objects.equals(restored.engine(), source.engine())
          && (restored.allocatedStorage() == null || Objects.equals(restored.allocatedStorage(), source.allocatedStorage()));
      return new CheckResult(ok, "no database runs behind the fake endpoint, so no SQL ran; checked instead that "
          + copy.identifier() + " is " + restored.dbInstanceStatus() + " at " + copy.address() + ":" + copy.port()
          + " with the source's engine (" + restored.engine() + ")"
          + (restored.allocatedStorage() == null ? "" : " and storage (" + restored.allocatedStorage() + " GB)"));
    };
  }
}
