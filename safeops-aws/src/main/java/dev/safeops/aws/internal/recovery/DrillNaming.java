package dev.safeops.aws.internal.recovery;

import dev.safeops.aws.recovery.DrillSource;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/** How a drill copy is named and tagged, and the one test that says a resource is one. */
public final class DrillNaming {
  public static final String TAG_DRILL = "safeops:restore-drill";
  public static final String TAG_STATUS = "safeops:drill-status";
  public static final String TAG_DATE = "safeops:drill-date";
  public static final String RUNNING = "running";
  public static final String PASSED = "passed";
  public static final String FAILED = "failed";

  private static final DateTimeFormatter DAY = DateTimeFormatter.BASIC_ISO_DATE;

  private final DrillSource drillSource;
  private final String source;
  private final Pattern copyName;

  public DrillNaming(DrillSource source) {
    this.drillSource = source;
    // RDS stores identifiers in lower case, whatever case they were created with.
    this.source = source.identifier().toLowerCase(Locale.ROOT);
    this.copyName = Pattern.compile("drill-" + Pattern.quote(this.source) + "-\\d{8}");
  }

  public DrillSource drillSource() {
    return drillSource;
  }

  /** The source identifier as RDS stores it, and as the drill tag carries it. */
  public String source() {
    return source;
  }

  public String copyName(LocalDate day) {
    return "drill-" + source + "-" + DAY.format(day);
  }

  public Map<String, String> tags(LocalDate day, String status) {
    return Map.of(TAG_DRILL, source, TAG_STATUS, status, TAG_DATE, DAY.format(day));
  }

  /** The name alone: a candidate worth reading the tags of, never enough to change it. */
  public boolean hasCopyName(String identifier) {
    return identifier != null && copyName.matcher(identifier.toLowerCase(Locale.ROOT)).matches();
  }

  /** Name and tag both say this drill made it: the only resources the drill may change. */
  public boolean isCopy(String identifier, Map<String, ?> tags) {
    return hasCopyName(identifier) && tags != null && source.equals(tags.get(TAG_DRILL));
  }
}
