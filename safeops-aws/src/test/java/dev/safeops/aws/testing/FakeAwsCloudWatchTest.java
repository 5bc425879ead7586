package dev.safeops.aws.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.safeops.core.testing.SettableClock;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.CloudWatchException;
import software.amazon.awssdk.services.cloudwatch.model.Datapoint;
import software.amazon.awssdk.services.cloudwatch.model.GetMetricDataRequest;
import software.amazon.awssdk.services.cloudwatch.model.GetMetricDataResponse;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataQuery;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataResult;
import software.amazon.awssdk.services.cloudwatch.model.ScanBy;
import software.amazon.awssdk.services.cloudwatch.model.StatusCode;
import software.amazon.awssdk.services.cloudwatch.model.Statistic;

/** CloudWatch metrics on the fake: the SDK's query wire, the JSON 1.0 wire, paging, statistics. */
class FakeAwsCloudWatchTest {
  private static final Instant NOW = Instant.parse("2026-11-23T04:10:00Z");
  private static final Map<String, String> PROD = Map.of("DBInstanceIdentifier", "courses-prod");
  private static final SettableClock CLOCK = SettableClock.at(NOW);
  private static FakeAws aws;
  private static CloudWatchClient cloudWatch;

  @BeforeAll
  static void start() {
    aws = FakeAws.builder().clock(CLOCK).metricDataPageSize(5).build().start();
    cloudWatch = FakeAwsClients.cloudWatch(aws);
  }

  @AfterAll
  static void stop() {
    cloudWatch.close();
    aws.close();
  }

  @BeforeEach
  void seed() {
    aws.reset();
    // Two points an hour for three hours: 10 and 14, 11 and 15, 12 and 16.
    for (int h = 0; h < 3; h++) {
      Instant hour = NOW.minus(Duration.ofHours(3 - h));
      aws.seed().metric("AWS/RDS", "DatabaseConnections", PROD, hour.plusSeconds(60), 10 + h)
          .metric("AWS/RDS", "DatabaseConnections", PROD, hour.plusSeconds(1800), 14 + h);
    }
  }

  private static MetricDataQuery query(String id, String stat, Map<String, String> dimensions) {
    return query(id, stat, 3600, dimensions);
  }

  private static MetricDataQuery query(String id, String stat, int period, Map<String, String> dimensions) {
    return MetricDataQuery.builder().id(id).metricStat(s -> s.period(period).stat(stat).metric(m -> m.namespace("AWS/RDS")
        .metricName("DatabaseConnections").dimensions(dimensions.entrySet().stream()
            .map(e -> software.amazon.awssdk.services.cloudwatch.model.Dimension.builder().name(e.getKey())
                .value(e.getValue()).build()).toList()))).build();
  }

  @Test
  void getMetricDataAggregatesEachPeriodWithTheStatisticAsked() {
    GetMetricDataResponse r = cloudWatch.getMetricData(GetMetricDataRequest.builder()
        .startTime(NOW.minus(Duration.ofHours(3))).endTime(NOW).scanBy(ScanBy.TIMESTAMP_ASCENDING).maxDatapoints(100)
        .metricDataQueries(query("peak", "Maximum", PROD), query("total", "Sum", PROD)).build());

    assertThat(r.metricDataResults()).extracting(MetricDataResult::id).containsExactly("peak", "total");
    assertThat(r.metricDataResults().get(0).values()).containsExactly(14.0, 15.0, 16.0);
    assertThat(r.metricDataResults().get(0).timestamps())
        .containsExactly(NOW.minus(Duration.ofHours(3)), NOW.minus(Duration.ofHours(2)), NOW.minus(Duration.ofHours(1)));
    assertThat(r.metricDataResults().get(0).statusCode()).isEqualTo(StatusCode.COMPLETE);
    assertThat(r.metricDataResults().get(1).values()).containsExactly(24.0, 26.0, 28.0);
    assertThat(aws.mutatingRequests()).isEmpty();
  }

  @Test
  void aSeriesIsAnExactSetOfDimensions() {
    GetMetricDataResponse r = cloudWatch.getMetricData(GetMetricDataRequest.builder()
        .startTime(NOW.minus(Duration.ofHours(3))).endTime(NOW)
        .metricDataQueries(query("other", "Maximum", Map.of("DBInstanceIdentifier", "courses-dup")),
            query("none", "Maximum", Map.of()),
            query("more", "Maximum", Map.of("DBInstanceIdentifier", "courses-prod", "Role", "writer"))).build());

    assertThat(r.metricDataResults()).allSatisfy(res -> {
      assertThat(res.values()).isEmpty();
      assertThat(res.statusCode()).isEqualTo(StatusCode.COMPLETE);
    });
  }

  @Test
  void getMetricDataPagesAndTheSdkPaginatorReadsEveryPage() {
    // Half-hour periods: 6 values a query, 12 in all, 5 a page (the fake's page size here): three pages.
    GetMetricDataRequest request = GetMetricDataRequest.builder()
        .startTime(NOW.minus(Duration.ofHours(3))).endTime(NOW).scanBy(ScanBy.TIMESTAMP_ASCENDING)
        .metricDataQueries(query("a", "Maximum", 1800, PROD), query("b", "Sum", 1800, PROD))
        .build();

    List<GetMetricDataResponse> pages = new ArrayList<>();
    cloudWatch.getMetricDataPaginator(request).forEach(pages::add);

    assertThat(pages).hasSize(3);
    assertThat(pages.get(0).metricDataResults()).singleElement().satisfies(r -> {
      assertThat(r.id()).isEqualTo("a");
      assertThat(r.statusCode()).isEqualTo(StatusCode.PARTIAL_DATA);
    });
    List<Double> a = new ArrayList<>();
    List<Double> b = new ArrayList<>();
    pages.forEach(p -> p.metricDataResults().forEach(r -> (r.id().equals("a") ? a : b).addAll(r.values())));
    assertThat(a).containsExactly(10.0, 14.0, 11.0, 15.0, 12.0, 16.0);
    assertThat(b).containsExactly(10.0, 14.0, 11.0, 15.0, 12.0, 16.0);
    assertThat(pages.get(2).metricDataResults()).last().satisfies(r -> assertThat(r.statusCode()).isEqualTo(StatusCode.COMPLETE));
    assertThat(pages.get(2).nextToken()).isNull();
  }

  @Test
  void getMetricStatisticsAnswersTheStatisticsAsked() {
    List<Datapoint> points = cloudWatch.getMetricStatistics(r -> r.namespace("AWS/RDS").metricName("DatabaseConnections")
        .dimensions(d -> d.name("DBInstanceIdentifier").value("courses-prod")).startTime(NOW.minus(Duration.ofHours(3)))
        .endTime(NOW).period(3600).statistics(Statistic.MAXIMUM, Statistic.SAMPLE_COUNT)).datapoints();

    assertThat(points).hasSize(3).allSatisfy(p -> {
      assertThat(p.sampleCount()).isEqualTo(2.0);
      assertThat(p.sum()).isNull();
    });
    assertThat(points).extracting(Datapoint::maximum).containsExactlyInAnyOrder(14.0, 15.0, 16.0);
  }

  @Test
  void putMetricDataIsReadBackAndRecordedAsAMutation() {
    cloudWatch.putMetricData(r -> r.namespace("AWS/RDS").metricData(m -> m.metricName("DatabaseConnections")
        .dimensions(d -> d.name("DBInstanceIdentifier").value("courses-dup")).timestamp(NOW.minusSeconds(30)).value(3.0)));

    GetMetricDataResponse r = cloudWatch.getMetricData(GetMetricDataRequest.builder()
        .startTime(NOW.minus(Duration.ofHours(1))).endTime(NOW)
        .metricDataQueries(query("dup", "Maximum", Map.of("DBInstanceIdentifier", "courses-dup"))).build());

    assertThat(r.metricDataResults().get(0).values()).containsExactly(3.0);
    assertThat(aws.mutatingRequests()).extracting(RecordedRequest::operation).containsExactly("PutMetricData");
  }

  @Test
  void badQueriesAreRefusedAsCloudWatchRefusesThem() {
    assertThatThrownBy(() -> cloudWatch.getMetricData(GetMetricDataRequest.builder()
        .startTime(NOW).endTime(NOW.minus(Duration.ofHours(1))).metricDataQueries(query("a", "Maximum", PROD)).build()))
        .isInstanceOf(CloudWatchException.class).hasMessageContaining("EndTime must be greater than StartTime");
    assertThatThrownBy(() -> cloudWatch.getMetricData(GetMetricDataRequest.builder()
        .startTime(NOW.minus(Duration.ofHours(1))).endTime(NOW)
        .metricDataQueries(MetricDataQuery.builder().id("e").expression("SUM(METRICS())").build()).build()))
        .isInstanceOf(CloudWatchException.class).hasMessageContaining("not expressions");
    aws.deny("monitoring", "GetMetricData");
    assertThatThrownBy(() -> cloudWatch.getMetricData(GetMetricDataRequest.builder()
        .startTime(NOW.minus(Duration.ofHours(1))).endTime(NOW).metricDataQueries(query("a", "Maximum", PROD)).build()))
        .isInstanceOf(CloudWatchException.class)
        .satisfies(e -> assertThat(((CloudWatchException) e).awsErrorDetails().errorCode()).isEqualTo("AccessDenied"));
  }

  @Test
  void theJsonWireLaterSdksSpeakGetsTheSameAnswer() throws Exception {
    String body = "{\"StartTime\":" + NOW.minus(Duration.ofHours(3)).getEpochSecond() + ",\"EndTime\":" + NOW.getEpochSecond()
        + ",\"ScanBy\":\"TimestampAscending\",\"MaxDatapoints\":100,\"MetricDataQueries\":[{\"Id\":\"peak\",\"MetricStat\":"
        + "{\"Metric\":{\"Namespace\":\"AWS/RDS\",\"MetricName\":\"DatabaseConnections\",\"Dimensions\":[{\"Name\":"
        + "\"DBInstanceIdentifier\",\"Value\":\"courses-prod\"}]},\"Period\":3600,\"Stat\":\"Maximum\"}}]}";

    HttpResponse<String> r = json("GetMetricData", body);

    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("application/x-amz-json-1.0");
    JsonNode result = new ObjectMapper().readTree(r.body()).get("MetricDataResults").get(0);
    assertThat(result.get("Id").asText()).isEqualTo("peak");
    assertThat(result.get("Values").toString()).isEqualTo("[14.0,15.0,16.0]");
    assertThat(result.get("Timestamps").get(0).asLong()).isEqualTo(NOW.minus(Duration.ofHours(3)).getEpochSecond());
    assertThat(result.get("StatusCode").asText()).isEqualTo("Complete");
  }

  @Test
  void jsonErrorsCarryTheQueryCompatibleCode() throws Exception {
    HttpResponse<String> r = json("GetMetricData", "{\"StartTime\":10,\"EndTime\":5,\"MetricDataQueries\":[]}");

    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.headers().firstValue("x-amzn-query-error")).hasValueSatisfying(v -> assertThat(v).endsWith(";Sender"));
    assertThat(new ObjectMapper().readTree(r.body()).get("__type").asText()).isEqualTo("ValidationError");
  }

  @Test
  void theCborWireIsRefusedSayingWhichWiresTheFakeSpeaks() throws Exception {
    HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
            aws.endpoint().resolve("/service/GraniteServiceVersion20100801/operation/GetMetricData"))
        .header("Authorization", authorization()).header("smithy-protocol", "rpc-v2-cbor")
        .header("Content-Type", "application/cbor").POST(HttpRequest.BodyPublishers.ofByteArray(new byte[] {(byte) 0xa0}))
        .build(), HttpResponse.BodyHandlers.ofString());

    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).contains("UnsupportedOperation").contains("query protocol and JSON 1.0");
  }

  private static HttpResponse<String> json(String operation, String body) throws Exception {
    URI endpoint = aws.endpoint();
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(endpoint.resolve("/"))
        .header("Authorization", authorization())
        .header("X-Amz-Target", "GraniteServiceVersion20100801." + operation)
        .header("Content-Type", "application/x-amz-json-1.0")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String authorization() {
    return "AWS4-HMAC-SHA256 Credential=AKID/20261123/us-east-1/monitoring/aws4_request, SignedHeaders=host, Signature=00";
  }
}
