package dev.safeops.aws.testing.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.safeops.aws.testing.internal.Metrics.Period;
import dev.safeops.aws.testing.internal.World.MetricDatum;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * CloudWatch metrics ({@code PutMetricData}, {@code GetMetricData}, {@code
 * GetMetricStatistics}) over both wires the service model offers the Java SDK: the query
 * protocol with XML answers (what SDK 2.40 sends) and JSON 1.0 ({@code X-Amz-Target:
 * GraniteServiceVersion20100801.Op}, epoch-second timestamps, what later SDKs send). A JSON
 * body is flattened into query parameters, so one reading serves both; only the answers are
 * written twice. RPC v2 CBOR is refused with an error that says so. {@code GetMetricData}
 * pages its data points ({@code MaxDatapoints}, else the fake's page size), a series split
 * across pages reading {@code PartialData} until its last.
 */
final class CloudWatchHandler extends QueryHandler {
  private static final String TARGET_PREFIX = "GraniteServiceVersion20100801";
  private static final String JSON_TYPE = "application/x-amz-json-1.0";
  private static final String TOKEN_PREFIX = "fake-page-";

  @Override
  public String signingName() {
    return "monitoring";
  }

  @Override
  String namespace() {
    return "http://monitoring.amazonaws.com/doc/2010-08-01/";
  }

  private static boolean json(Call call) {
    return call.request.header("X-Amz-Target") != null;
  }

  private static boolean cbor(Call call) {
    String type = call.request.header("Content-Type");
    return call.request.header("smithy-protocol") != null || (type != null && type.startsWith("application/cbor"));
  }

  @Override
  public void identify(Call call) {
    if (cbor(call)) {
      String path = call.request.rawPath();
      call.operation = path.substring(path.lastIndexOf('/') + 1);
      return;
    }
    if (!json(call)) {
      super.identify(call);
      return;
    }
    String target = call.request.header("X-Amz-Target");
    call.operation = target.substring(target.lastIndexOf('.') + 1);
    JsonNode input;
    try {
      input = call.request.body().length == 0 ? JsonHandler.JSON.createObjectNode() : JsonHandler.JSON.readTree(call.request.body());
    } catch (IOException e) {
      throw new AwsError(400, "SerializationException", "The request body is not valid JSON.");
    }
    flatten("", input, call.params);
  }

  /** JSON as the query protocol spells it: {@code A.member.1.B=value}. */
  private static void flatten(String prefix, JsonNode node, Map<String, String> out) {
    if (node.isObject()) {
      node.properties().forEach(f -> flatten(prefix.isEmpty() ? f.getKey() : prefix + "." + f.getKey(), f.getValue(), out));
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        flatten(prefix + ".member." + (i + 1), node.get(i), out);
      }
    } else if (!node.isNull()) {
      out.put(prefix, node.asText());
    }
  }

  @Override
  public WireResponse handle(Call call) {
    if (cbor(call)) {
      throw new AwsError(400, "UnsupportedOperation", "The fake AWS endpoint speaks CloudWatch over the query protocol"
          + " and JSON 1.0, not RPC v2 CBOR.");
    }
    if (json(call) && !call.request.header("X-Amz-Target").startsWith(TARGET_PREFIX + ".")) {
      throw invalidAction(call);
    }
    return switch (call.operation) {
      case "PutMetricData" -> putMetricData(call);
      case "GetMetricData" -> getMetricData(call);
      case "GetMetricStatistics" -> getMetricStatistics(call);
      default -> throw invalidAction(call);
    };
  }

  @Override
  public WireResponse error(Call call, AwsError error) {
    if (!json(call)) {
      return super.error(call, error);
    }
    ObjectNode body = JsonHandler.JSON.createObjectNode();
    body.put("__type", error.code());
    body.put("message", error.getMessage());
    // The awsQueryCompatible trait: JSON errors also carry the query protocol's code and type.
    return WireResponse.of(error.status(), JSON_TYPE, body.toString())
        .with("x-amzn-query-error", error.code() + ";" + (error.status() >= 500 ? "Receiver" : "Sender"));
  }

  // ---- PutMetricData ----

  private WireResponse putMetricData(Call call) {
    World w = call.world;
    String namespace = call.required("Namespace");
    List<MetricDatum> added = new ArrayList<>();
    for (Map<String, String> m : members(call.params, "MetricData.member")) {
      String name = m.get("MetricName");
      if (name == null || name.isEmpty()) {
        throw new AwsError(400, "MissingParameter", "The parameter MetricData.member.N.MetricName is required.");
      }
      if (m.keySet().stream().anyMatch(k -> k.startsWith("StatisticValues."))) {
        throw new AwsError(400, "InvalidParameterValue", "The fake AWS endpoint takes Value or Values, not StatisticValues.");
      }
      Map<String, String> dimensions = dimensions(m, "Dimensions.member");
      Instant at = m.containsKey("Timestamp") ? time("Timestamp", m.get("Timestamp")) : w.now();
      List<Double> values = new ArrayList<>();
      if (m.containsKey("Value")) {
        values.add(number("Value", m.get("Value")));
      }
      List<String> listed = values(m, "Values.member");
      List<String> counts = values(m, "Counts.member");
      for (int i = 0; i < listed.size(); i++) {
        double v = number("Values", listed.get(i));
        long times = i < counts.size() ? Math.round(number("Counts", counts.get(i))) : 1;
        for (long k = 0; k < times; k++) {
          values.add(v);
        }
      }
      if (values.isEmpty()) {
        throw new AwsError(400, "MissingParameter", "The parameter MetricData.member.N.Value or Values is required.");
      }
      for (double v : values) {
        MetricDatum d = new MetricDatum();
        d.namespace = namespace;
        d.name = name;
        d.dimensions.putAll(dimensions);
        d.timestamp = at;
        d.value = v;
        d.unit = m.getOrDefault("Unit", "None");
        added.add(d);
      }
    }
    if (added.isEmpty()) {
      throw new AwsError(400, "MissingParameter", "The parameter MetricData is required.");
    }
    w.metrics.addAll(added);
    call.mutated();
    return json(call) ? WireResponse.of(200, JSON_TYPE, "{}") : ok(call, null);
  }

  // ---- GetMetricData ----

  /** One MetricStat query and its whole answer, before paging. */
  private record Answer(String id, String label, List<Instant> times, List<Double> values) {}

  private WireResponse getMetricData(Call call) {
    World w = call.world;
    Instant start = time("StartTime", call.required("StartTime"));
    Instant end = time("EndTime", call.required("EndTime"));
    boolean descending = !"TimestampAscending".equals(call.param("ScanBy"));
    List<Map<String, String>> queries = members(call.params, "MetricDataQueries.member");
    if (queries.isEmpty() || queries.size() > 500) {
      throw new AwsError(400, "ValidationError", "The collection MetricDataQueries must hold 1 to 500 queries, it holds "
          + queries.size() + ".");
    }
    List<Answer> answers = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    for (Map<String, String> q : queries) {
      String id = q.get("Id");
      if (id == null || !id.matches("[a-z][a-zA-Z0-9_]*") || !ids.add(id)) {
        throw new AwsError(400, "ValidationError", "Each query needs a unique Id that starts with a lower-case letter, got: " + id);
      }
      if (q.containsKey("Expression")) {
        throw new AwsError(400, "InvalidParameterValue", "The fake AWS endpoint answers MetricStat queries, not expressions ("
            + id + ").");
      }
      String name = q.get("MetricStat.Metric.MetricName");
      String namespace = q.get("MetricStat.Metric.Namespace");
      String stat = q.get("MetricStat.Stat");
      if (name == null || namespace == null || stat == null || q.get("MetricStat.Period") == null) {
        throw new AwsError(400, "ValidationError", "Query " + id + " needs a MetricStat with a metric, a period and a stat.");
      }
      if ("false".equals(q.get("ReturnData"))) {
        continue;
      }
      Metrics.Series series = new Metrics.Series(namespace, name, dimensions(q, "MetricStat.Metric.Dimensions.member"),
          q.get("MetricStat.Unit"));
      List<Period> periods = Metrics.periods(w, series, start, end, (int) number("Period", q.get("MetricStat.Period")));
      List<Instant> times = new ArrayList<>();
      List<Double> values = new ArrayList<>();
      for (Period p : periods) {
        times.add(p.start());
        values.add(p.statistic(stat));
      }
      if (descending) {
        Collections.reverse(times);
        Collections.reverse(values);
      }
      answers.add(new Answer(id, name, times, values));
    }
    int pageSize = call.param("MaxDatapoints") != null ? (int) number("MaxDatapoints", call.param("MaxDatapoints"))
        : w.metricPageSize;
    int offset = offset(call.param("NextToken"));
    int total = answers.stream().mapToInt(a -> a.times().size()).sum();
    int last = Math.min(total, offset + pageSize);
    // This page's slice of each answer: data points offset to last of the concatenation.
    List<Answer> page = new ArrayList<>();
    List<String> statuses = new ArrayList<>();
    int seen = 0;
    for (Answer a : answers) {
      int from = Math.max(0, offset - seen);
      int to = Math.min(a.times().size(), last - seen);
      boolean empty = a.times().isEmpty();
      if ((empty && offset == 0) || (!empty && from < to)) {
        page.add(new Answer(a.id(), a.label(), a.times().subList(from, Math.max(from, to)),
            a.values().subList(from, Math.max(from, to))));
        statuses.add(to < a.times().size() ? "PartialData" : "Complete");
      }
      seen += a.times().size();
    }
    String next = last < total ? TOKEN_PREFIX + last : null;
    if (json(call)) {
      ObjectNode out = JsonHandler.object();
      ArrayNode results = out.putArray("MetricDataResults");
      for (int i = 0; i < page.size(); i++) {
        Answer a = page.get(i);
        ObjectNode r = results.addObject().put("Id", a.id()).put("Label", a.label());
        ArrayNode times = r.putArray("Timestamps");
        a.times().forEach(t -> times.add(JsonHandler.epoch(t)));
        ArrayNode values = r.putArray("Values");
        a.values().forEach(values::add);
        r.put("StatusCode", statuses.get(i));
      }
      if (next != null) {
        out.put("NextToken", next);
      }
      out.putArray("Messages");
      return WireResponse.of(200, JSON_TYPE, out.toString());
    }
    return ok(call, x -> {
      x.start("MetricDataResults");
      for (int i = 0; i < page.size(); i++) {
        Answer a = page.get(i);
        x.start("member").el("Id", a.id()).el("Label", a.label()).start("Timestamps");
        a.times().forEach(t -> x.el("member", t));
        x.end().start("Values");
        a.values().forEach(v -> x.el("member", v));
        x.end().el("StatusCode", statuses.get(i)).start("Messages").end().end();
      }
      x.end().el("NextToken", next).start("Messages").end();
    });
  }

  private static int offset(String token) {
    if (token == null) {
      return 0;
    }
    try {
      if (token.startsWith(TOKEN_PREFIX)) {
        return Integer.parseInt(token.substring(TOKEN_PREFIX.length()));
      }
    } catch (NumberFormatException e) {
      // falls through to the refusal
    }
    throw new AwsError(400, "InvalidNextToken", "The NextToken " + token + " was not issued by this endpoint.");
  }

  // ---- GetMetricStatistics ----

  private WireResponse getMetricStatistics(Call call) {
    World w = call.world;
    Instant start = time("StartTime", call.required("StartTime"));
    Instant end = time("EndTime", call.required("EndTime"));
    int period = (int) number("Period", call.required("Period"));
    List<String> statistics = values(call.params, "Statistics.member");
    if (statistics.isEmpty()) {
      throw new AwsError(400, "InvalidParameterCombination", "Must specify either Statistics or ExtendedStatistics");
    }
    for (String s : statistics) {
      if (!Metrics.STATISTICS.contains(s)) {
        throw new AwsError(400, "InvalidParameterValue", "The statistic " + s + " is not one of " + Metrics.STATISTICS + ".");
      }
    }
    long asked = (end.getEpochSecond() - start.getEpochSecond()) / Math.max(1, period);
    if (asked > 1440) {
      throw new AwsError(400, "InvalidParameterCombination", "You have requested up to " + asked
          + " datapoints, which exceeds the limit of 1440. You may reduce the datapoints requested by increasing Period,"
          + " or decreasing the time range.");
    }
    String name = call.required("MetricName");
    Metrics.Series series = new Metrics.Series(call.required("Namespace"), name, dimensions(call.params, "Dimensions.member"),
        call.param("Unit"));
    List<Period> periods = Metrics.periods(w, series, start, end, period);
    if (json(call)) {
      ObjectNode out = JsonHandler.object().put("Label", name);
      ArrayNode points = out.putArray("Datapoints");
      for (Period p : periods) {
        ObjectNode point = points.addObject().put("Timestamp", JsonHandler.epoch(p.start()));
        statistics.forEach(s -> point.put(s, p.statistic(s)));
        point.put("Unit", p.unit());
      }
      return WireResponse.of(200, JSON_TYPE, out.toString());
    }
    return ok(call, x -> {
      x.el("Label", name).start("Datapoints");
      for (Period p : periods) {
        x.start("member").el("Timestamp", p.start());
        statistics.forEach(s -> x.el(s, p.statistic(s)));
        x.el("Unit", p.unit()).end();
      }
      x.end();
    });
  }

  // ---- reading ----

  private static Map<String, String> dimensions(Map<String, String> params, String prefix) {
    Map<String, String> out = new TreeMap<>();
    for (Map<String, String> d : members(params, prefix)) {
      String name = d.get("Name");
      String value = d.get("Value");
      if (name == null || value == null) {
        throw new AwsError(400, "InvalidParameterValue", "A dimension needs a Name and a Value.");
      }
      out.put(name, value);
    }
    return out;
  }

  /** A timestamp as either wire sends it: ISO-8601 (query) or epoch seconds (JSON). */
  private static Instant time(String name, String value) {
    try {
      if (value.matches("-?\\d+(\\.\\d+)?([eE][+-]?\\d+)?")) {
        double seconds = Double.parseDouble(value);
        return Instant.ofEpochMilli(Math.round(seconds * 1000));
      }
      return Instant.parse(value);
    } catch (DateTimeParseException | NumberFormatException e) {
      throw new AwsError(400, "InvalidParameterValue", "The parameter " + name + " is not a timestamp: " + value);
    }
  }

  private static double number(String name, String value) {
    try {
      return Double.parseDouble(value);
    } catch (NumberFormatException e) {
      throw new AwsError(400, "InvalidParameterValue", "The parameter " + name + " is not a number: " + value);
    }
  }
}
