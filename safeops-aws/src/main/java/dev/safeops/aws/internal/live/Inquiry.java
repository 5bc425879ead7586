package dev.safeops.aws.internal.live;

import dev.safeops.aws.internal.ChangeIdentities;
import dev.safeops.aws.internal.live.DependentsLookup.Dependent;
import dev.safeops.aws.internal.live.LiveCatalog.Entry;
import dev.safeops.aws.internal.live.LiveCatalog.Metric;
import dev.safeops.core.ChangeAction;
import dev.safeops.core.Finding;
import dev.safeops.core.Level;
import dev.safeops.core.Operation;
import dev.safeops.core.Plan;
import dev.safeops.core.ResourceCatalog;
import dev.safeops.core.ResourceCategory;
import dev.safeops.core.ResourceChange;
import dev.safeops.core.ResourceType;
import dev.safeops.core.Tier;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.GetMetricDataRequest;
import software.amazon.awssdk.services.cloudwatch.model.GetMetricDataResponse;
import software.amazon.awssdk.services.cloudwatch.model.MessageData;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataQuery;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataResult;
import software.amazon.awssdk.services.cloudwatch.model.MetricStat;
import software.amazon.awssdk.services.cloudwatch.model.ScanBy;
import software.amazon.awssdk.services.cloudwatch.model.StatusCode;

/**
 * One look at the live account for the resources a plan deletes or replaces: every read
 * (CloudWatch series in batches of {@value #QUERIES_PER_CALL} queries, creation times,
 * dependents) runs in parallel on a pool of its own, each listing to its last page, and the
 * whole look is cut at the budget. Then each resource is judged from what was read: in use
 * (activity or dependents), not known (something could not be read, or was refused, in time),
 * or idle (no finding). What did not answer is never read as "idle".
 */
public final class Inquiry {
  public static final String IN_USE = "live.in-use";
  public static final String CHECK_FAILED = "live.check-failed";
  /** GetMetricData takes at most 500 queries a call. */
  static final int QUERIES_PER_CALL = 500;
  private static final Duration RECENT = Duration.ofHours(1);
  private static final AtomicInteger THREADS = new AtomicInteger();

  /** How the inquiry is made; checked by the public builder. */
  public record Settings(LiveClients clients, LiveCatalog catalog, ResourceCatalog resources, Duration budget,
      Duration lookBack, Clock clock, Optional<Instant> sessionStart, int parallelism) {}

  private final Settings settings;
  private final Instant now;
  private final Instant end;
  private final Instant start;
  private final int period;

  private Inquiry(Settings settings) {
    this.settings = settings;
    this.now = settings.clock().instant();
    this.end = now.truncatedTo(ChronoUnit.SECONDS);
    this.start = end.minus(settings.lookBack());
    long seconds = settings.lookBack().getSeconds();
    this.period = (int) (seconds >= 3600 ? 3600 : Math.max(60, seconds / 60 * 60));
  }

  /** The findings for {@code plan}; never throws for a read that fails, which becomes a finding. */
  public static List<Finding> judge(Settings settings, Plan plan, Operation operation) {
    return new Inquiry(settings).judgeAll(plan, operation);
  }

  // ---- what is looked at ----

  /** One resource the plan deletes or replaces, with what was read about it. */
  private static final class Target {
    final ResourceChange change;
    final Entry entry;
    final Map<String, String> ids;
    final Level level;
    final List<String> activity = new ArrayList<>();
    final List<String> dependents = new ArrayList<>();
    final List<String> failures = new ArrayList<>();
    Instant created;

    Target(ResourceChange change, Entry entry, Map<String, String> ids, Level level) {
      this.change = change;
      this.entry = entry;
      this.ids = ids;
      this.level = level;
    }

    String name() {
      return ids.getOrDefault(entry.nameKey(), change.address());
    }
  }

  /** One query of a GetMetricData call: which resource, which series. */
  private record Query(String id, Target target, Metric metric) {}

  /** A read that runs on the pool; its result is applied on the judging thread, and only if it came in time. */
  private record Task<R>(String what, List<Target> concerns, CompletableFuture<R> future, Consumer<R> apply) {
    void settle(Duration budget) {
      if (!future.isDone()) {
        concerns.forEach(t -> t.failures.add(what + " did not answer within the " + human(budget) + " budget"));
        return;
      }
      R result;
      try {
        result = future.join();
      } catch (CompletionException | java.util.concurrent.CancellationException e) {
        Throwable cause = e.getCause() == null ? e : e.getCause();
        concerns.forEach(t -> t.failures.add(what + " failed: " + reason(cause)));
        return;
      }
      apply.accept(result);
    }
  }

  private List<Finding> judgeAll(Plan plan, Operation operation) {
    Set<String> destroyed = ChangeIdentities.of(plan, ChangeAction::destroys);
    List<Target> targets = new ArrayList<>();
    for (ResourceChange c : plan.changes()) {
      if (!c.action().destroys()) {
        continue;
      }
      String type = settings.resources().find(c.type()).map(ResourceType::type).orElse(c.type());
      Optional<Entry> entry = settings.catalog().find(type).or(() -> settings.catalog().find(c.type()));
      if (entry.isEmpty()) {
        continue;
      }
      LiveCatalog.Resolution r = entry.get().resolve(c.before());
      Target t = new Target(c, entry.get(), r.ids(), level(type, operation));
      if (!r.resolved()) {
        t.failures.add("the plan does not give its " + String.join(" or ", r.missing())
            + ", so safeops cannot tell which AWS resource it is");
      }
      targets.add(t);
    }
    if (targets.isEmpty()) {
      return List.of();
    }
    List<Task<?>> tasks = new ArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(settings.parallelism(), daemons());
    try {
      schedule(targets, destroyed, pool, tasks);
      awaitBudget(tasks);
    } finally {
      // Whatever is still running is abandoned: its answer would come too late to count.
      pool.shutdownNow();
    }
    tasks.forEach(task -> task.settle(settings.budget()));
    List<Finding> findings = new ArrayList<>();
    for (Target t : targets) {
      finding(t).ifPresent(findings::add);
    }
    return findings;
  }

  private Level level(String type, Operation operation) {
    boolean dataStore = settings.resources().category(type) == ResourceCategory.DATA_STORE;
    return dataStore && operation.environment().tier() == Tier.PRODUCTION ? Level.CRITICAL : Level.HIGH;
  }

  private void schedule(List<Target> targets, Set<String> destroyed, ExecutorService pool, List<Task<?>> tasks) {
    List<Query> queries = new ArrayList<>();
    for (Target t : targets) {
      if (!t.failures.isEmpty()) {
        continue;
      }
      for (Metric m : t.entry.metrics()) {
        queries.add(new Query("q" + queries.size(), t, m));
      }
      t.entry.created().ifPresent(lookup -> tasks.add(task(pool, lookup.call(), List.of(t),
          () -> lookup.read(settings.clients(), t.ids), created -> t.created = created.orElse(null))));
      for (DependentsLookup lookup : t.entry.dependents()) {
        tasks.add(task(pool, lookup.call(), List.of(t), () -> lookup.read(settings.clients(), t.ids), found -> {
          List<Dependent> outside = found.stream().filter(d -> d.owners().stream().noneMatch(destroyed::contains)).toList();
          if (!outside.isEmpty()) {
            t.dependents.add(lookup.count(outside.size()) + ": " + examples(outside));
          }
        }));
      }
    }
    for (int from = 0; from < queries.size(); from += QUERIES_PER_CALL) {
      List<Query> batch = queries.subList(from, Math.min(queries.size(), from + QUERIES_PER_CALL));
      List<Target> concerned = batch.stream().map(Query::target).distinct().toList();
      tasks.add(task(pool, "CloudWatch GetMetricData", concerned, () -> metrics(batch), series -> judgeSeries(batch, series)));
    }
  }

  private static <R> Task<R> task(ExecutorService pool, String what, List<Target> concerns, Supplier<R> read, Consumer<R> apply) {
    return new Task<>(what, concerns, CompletableFuture.supplyAsync(read, pool), apply);
  }

  private void awaitBudget(List<Task<?>> tasks) {
    CompletableFuture<?>[] all = tasks.stream().map(Task::future).toArray(CompletableFuture[]::new);
    try {
      CompletableFuture.allOf(all).get(settings.budget().toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException | ExecutionException e) {
      // Each task settles on its own: late ones and failed ones become failures of their resources.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  // ---- CloudWatch ----

  /** Values of one series, in time order, and what CloudWatch said of it. */
  private static final class Series {
    final List<Instant> times = new ArrayList<>();
    final List<Double> values = new ArrayList<>();
    StatusCode status = StatusCode.COMPLETE;
    final List<String> messages = new ArrayList<>();
  }

  private Map<String, Series> metrics(List<Query> batch) {
    CloudWatchClient cloudWatch = LiveClients.need(settings.clients().cloudWatch(), "CloudWatch");
    GetMetricDataRequest request = GetMetricDataRequest.builder()
        .startTime(start).endTime(end).scanBy(ScanBy.TIMESTAMP_ASCENDING)
        .metricDataQueries(batch.stream().map(q -> MetricDataQuery.builder().id(q.id()).returnData(true)
            .metricStat(MetricStat.builder().period(period).stat(q.metric().statistic())
                .metric(m -> m.namespace(q.metric().namespace()).metricName(q.metric().name())
                    .dimensions(q.metric().dimensions().entrySet().stream()
                        .map(d -> Dimension.builder().name(d.getKey()).value(q.target().ids.get(d.getValue())).build())
                        .toList()))
                .build())
            .build()).toList())
        .build();
    Map<String, Series> out = new HashMap<>();
    for (GetMetricDataResponse page : cloudWatch.getMetricDataPaginator(request)) {
      for (MetricDataResult r : page.metricDataResults()) {
        Series s = out.computeIfAbsent(r.id(), id -> new Series());
        s.times.addAll(r.timestamps());
        s.values.addAll(r.values());
        // PartialData means more pages follow; the last word on a series is its status.
        s.status = r.statusCode() == null ? StatusCode.UNKNOWN_TO_SDK_VERSION : r.statusCode();
        r.messages().stream().map(MessageData::value).forEach(s.messages::add);
      }
    }
    return out;
  }

  private void judgeSeries(List<Query> batch, Map<String, Series> results) {
    for (Query q : batch) {
      Series s = results.get(q.id());
      String series = q.metric().namespace() + " " + q.metric().name();
      if (s == null) {
        q.target().failures.add("CloudWatch returned nothing for " + series);
        continue;
      }
      if (s.status != StatusCode.COMPLETE) {
        q.target().failures.add("CloudWatch answered " + s.status + " for " + series
            + (s.messages.isEmpty() ? "" : " (" + String.join("; ", s.messages) + ")"));
        continue;
      }
      activity(q.metric(), s).ifPresent(q.target().activity::add);
    }
  }

  /** {@code 14 connections in the last hour}, or nothing when no period is above the threshold. */
  private Optional<String> activity(Metric m, Series s) {
    double above = m.above().doubleValue();
    boolean summed = m.statistic().equals("Sum") || m.statistic().equals("SampleCount");
    Duration recent = settings.lookBack().compareTo(RECENT) < 0 ? settings.lookBack() : RECENT;
    Instant recentFrom = end.minus(recent);
    double recentValue = 0;
    double wholeValue = 0;
    boolean recentActive = false;
    boolean active = false;
    for (int i = 0; i < s.values.size() && i < s.times.size(); i++) {
      double v = s.values.get(i);
      boolean isRecent = !s.times.get(i).isBefore(recentFrom);
      active |= v > above;
      recentActive |= isRecent && v > above;
      wholeValue = summed ? wholeValue + v : Math.max(wholeValue, v);
      if (isRecent) {
        recentValue = summed ? recentValue + v : Math.max(recentValue, v);
      }
    }
    if (!active) {
      return Optional.empty();
    }
    if (recentActive) {
      return Optional.of(counted(m.describe(), recentValue) + " in the last " + human(recent));
    }
    return Optional.of(counted(m.describe(), wholeValue) + (summed ? "" : " at peak")
        + " in the last " + human(settings.lookBack()));
  }

  /**
   * {@code describe} with the number in place of {@code {}}; for exactly one, the first plural word
   * after the number loses its {@code s} ({@code 1 connection}, {@code 1 new connection}), so an
   * on-call engineer reads a sentence, not a template.
   */
  static String counted(String describe, double value) {
    String text = describe.replace("{}", number(value));
    if (value != 1 || !describe.contains("{} ")) {
      return text;
    }
    int at = describe.indexOf("{} ");
    String head = describe.substring(0, at) + "1 ";
    String[] words = describe.substring(at + 3).split(" ", -1);
    for (int i = 0; i < words.length; i++) {
      if (words[i].length() > 2 && words[i].endsWith("s") && !words[i].endsWith("ss")) {
        words[i] = words[i].substring(0, words[i].length() - 1);
        break;
      }
    }
    return head + String.join(" ", words);
  }

  // ---- the verdict ----

  private Optional<Finding> finding(Target t) {
    List<String> evidence = new ArrayList<>(t.activity);
    evidence.addAll(t.dependents);
    if (!evidence.isEmpty()) {
      StringBuilder m = new StringBuilder(t.name()).append(": ").append(String.join(", ", evidence));
      if (t.created != null) {
        m.append(", created ").append(age(Duration.between(t.created, now))).append(" ago");
        settings.sessionStart().ifPresent(s -> m.append(t.created.isBefore(s)
            ? ", not created by this session" : ", created by this session"));
      }
      if (!t.failures.isEmpty()) {
        m.append("; not read: ").append(String.join("; ", t.failures));
      }
      return Optional.of(new Finding(IN_USE, t.level, t.change.address(), m.toString()));
    }
    if (!t.failures.isEmpty()) {
      return Optional.of(new Finding(CHECK_FAILED, t.level, t.change.address(), t.name()
          + ": safeops could not read whether it is in use (" + String.join("; ", t.failures)
          + "), so it is judged as if it were"));
    }
    return Optional.empty();
  }

  private static String examples(List<Dependent> dependents) {
    int shown = Math.min(3, dependents.size());
    String listed = String.join(", ", dependents.subList(0, shown).stream().map(Dependent::toString).toList());
    return dependents.size() > shown ? listed + " and " + (dependents.size() - shown) + " more" : listed;
  }

  static String number(double v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return String.format(Locale.ROOT, "%,d", (long) v);
    }
    return Math.abs(v) < 100 ? String.format(Locale.ROOT, "%.1f", v) : String.format(Locale.ROOT, "%,d", Math.round(v));
  }

  /** {@code 12 minutes}, {@code 5 hours}, {@code 3 days}, {@code 7 months}, {@code 2.5 years}. */
  static String age(Duration d) {
    long minutes = Math.max(0, d.toMinutes());
    if (minutes < 60) {
      return minutes == 1 ? "1 minute" : minutes + " minutes";
    }
    long hours = d.toHours();
    if (hours < 48) {
      return hours == 1 ? "1 hour" : hours + " hours";
    }
    long days = d.toDays();
    if (days < 60) {
      return days + " days";
    }
    if (days < 365) {
      return days / 30 + " months";
    }
    double years = Math.round(days / 365.25 * 10) / 10.0;
    return (years == Math.rint(years) ? String.valueOf((long) years) : String.valueOf(years))
        + (years == 1 ? " year" : " years");
  }

  /** {@code hour}, {@code 24 h}, {@code 7 days}, {@code 30 min}, {@code 5 s}, as in "the last ...". */
  static String human(Duration d) {
    if (d.equals(Duration.ofHours(1))) {
      return "hour";
    }
    if (d.toMinutes() > 0 && d.toSeconds() % 60 == 0) {
      if (d.toHours() >= 48 && d.toHours() % 24 == 0 && d.toMinutes() % 60 == 0) {
        return d.toDays() + " days";
      }
      return d.toMinutes() % 60 == 0 ? d.toHours() + " h" : d.toMinutes() + " min";
    }
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
  }

  /** One line for people: the service's code and message, or what went wrong on the way. */
  static String reason(Throwable e) {
    if (e instanceof AwsServiceException aws && aws.awsErrorDetails() != null) {
      String code = aws.awsErrorDetails().errorCode();
      String message = aws.awsErrorDetails().errorMessage();
      return (code == null ? "" : code + ": ") + (message == null ? aws.statusCode() + "" : oneLine(message));
    }
    if (e instanceof SdkException || e instanceof RuntimeException) {
      return e.getMessage() == null ? e.getClass().getSimpleName() : oneLine(e.getMessage());
    }
    return e.toString();
  }

  private static String oneLine(String s) {
    String line = s.strip().lines().findFirst().orElse("");
    return line.length() > 200 ? line.substring(0, 200) + "..." : line;
  }

  private static ThreadFactory daemons() {
    return r -> {
      Thread t = new Thread(r, "safeops-live-" + THREADS.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
