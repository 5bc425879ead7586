package dev.safeops.aws.testing.internal;

import dev.safeops.aws.testing.internal.World.MetricDatum;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * CloudWatch's arithmetic over the fake's data points, whatever the wire: a series is a
 * namespace, a metric name and an exact set of dimensions (a query naming fewer dimensions
 * than were put does not match them, as on AWS); periods are counted from the start time, and
 * only periods holding data points yield a value.
 */
final class Metrics {
  static final List<String> STATISTICS = List.of("SampleCount", "Average", "Sum", "Minimum", "Maximum");

  private Metrics() {}

  /** What is asked of one series. */
  record Series(String namespace, String name, Map<String, String> dimensions, String unit) {
    boolean matches(MetricDatum d) {
      return d.namespace.equals(namespace) && d.name.equals(name) && d.dimensions.equals(dimensions)
          && (unit == null || unit.equals(d.unit));
    }
  }

  /** The data points of one period. */
  record Period(Instant start, List<MetricDatum> points) {
    double statistic(String stat) {
      double sum = 0;
      double min = Double.POSITIVE_INFINITY;
      double max = Double.NEGATIVE_INFINITY;
      for (MetricDatum d : points) {
        sum += d.value;
        min = Math.min(min, d.value);
        max = Math.max(max, d.value);
      }
      return switch (stat) {
        case "Sum" -> sum;
        case "Minimum" -> min;
        case "Maximum" -> max;
        case "Average" -> sum / points.size();
        case "SampleCount" -> points.size();
        default -> throw new AwsError(400, "InvalidParameterValue", "The statistic " + stat
            + " is not supported by the fake AWS endpoint (it knows " + STATISTICS + ").");
      };
    }

    String unit() {
      return points.get(0).unit;
    }
  }

  /** The periods of {@code series} between {@code start} (inclusive) and {@code end} (exclusive) that hold data, in time order. */
  static List<Period> periods(World w, Series series, Instant start, Instant end, int periodSeconds) {
    if (!(periodSeconds == 1 || periodSeconds == 5 || periodSeconds == 10 || periodSeconds == 30
        || (periodSeconds > 0 && periodSeconds % 60 == 0))) {
      throw new AwsError(400, "InvalidParameterValue", "The parameter Period must be 1, 5, 10, 30 or a multiple of 60, was "
          + periodSeconds + ".");
    }
    if (!end.isAfter(start)) {
      throw new AwsError(400, "InvalidParameterValue", "The parameter EndTime must be greater than StartTime.");
    }
    TreeMap<Long, List<MetricDatum>> byPeriod = new TreeMap<>();
    for (MetricDatum d : w.metrics) {
      if (series.matches(d) && !d.timestamp.isBefore(start) && d.timestamp.isBefore(end)) {
        long index = (d.timestamp.getEpochSecond() - start.getEpochSecond()) / periodSeconds;
        byPeriod.computeIfAbsent(index, i -> new ArrayList<>()).add(d);
      }
    }
    List<Period> out = new ArrayList<>();
    byPeriod.forEach((index, points) -> out.add(new Period(start.plusSeconds(index * periodSeconds), points)));
    return out;
  }
}
