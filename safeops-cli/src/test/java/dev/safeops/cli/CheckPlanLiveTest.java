package dev.safeops.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.safeops.aws.testing.FakeAws;
import dev.safeops.aws.testing.FakeAwsSeed.IncidentStack;
import dev.safeops.terraform.testing.ScriptedPlan;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code check-plan --live}: the clients come from the SDK's defaults, pointed here at a test
 * endpoint through {@code aws.endpointUrl}, the system property twin of {@code
 * AWS_ENDPOINT_URL}, with the region and credentials from system properties too.
 */
class CheckPlanLiveTest {
  private static final List<String> PROPERTIES =
      List.of("aws.endpointUrl", "aws.region", "aws.accessKeyId", "aws.secretAccessKey", "aws.disableEc2Metadata");
  @TempDir Path tmp;

  private record Run(int exit, String out, String err) {
    JsonNode json() throws IOException {
      return new ObjectMapper().readTree(out);
    }

    List<JsonNode> findings(String rule) throws IOException {
      List<JsonNode> out = new ArrayList<>();
      json().get("findings").forEach(f -> {
        if (f.get("rule").asText().equals(rule)) {
          out.add(f);
        }
      });
      return out;
    }
  }

  @BeforeEach
  void credentialsAndRegion() {
    System.setProperty("aws.region", "us-east-1");
    System.setProperty("aws.accessKeyId", "testing");
    System.setProperty("aws.secretAccessKey", "testing");
    // Nothing leaves the machine: no instance metadata service is asked for a region or credentials.
    System.setProperty("aws.disableEc2Metadata", "true");
  }

  @AfterEach
  void clearProperties() {
    PROPERTIES.forEach(System::clearProperty);
  }

  /** Where evidence is expected, a budget a loaded build machine cannot miss while it loads the SDK. */
  private Run checkPlan(URI endpoint, String plan) throws IOException {
    return checkPlan(endpoint, plan, "--live-budget", "60");
  }

  private Run checkPlan(URI endpoint, String plan, String... options) throws IOException {
    System.setProperty("aws.endpointUrl", endpoint.toString());
    String file = Files.writeString(tmp.resolve("plan.json"), plan).toString();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    List<String> args = new ArrayList<>(List.of("check-plan", "--live", "--json", "--tier", "production", "--requester",
        "agent:coding-agent"));
    args.addAll(List.of(options));
    args.add(file);
    int exit = Main.run(args.toArray(String[]::new),
        new ByteArrayInputStream(new byte[0]), new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private static String deleteBoth() {
    return ScriptedPlan.builder().priorResources(10)
        .delete("aws_db_instance.prod", Map.of("identifier", "courses-prod", "skip_final_snapshot", false,
            "final_snapshot_identifier", "courses-prod-final", "deletion_protection", false))
        .delete("aws_db_instance.dup", Map.of("identifier", "courses-dup", "skip_final_snapshot", true))
        .build();
  }

  @Test
  void theLiveCheckTellsProductionFromTheDuplicateOnTheFake() throws IOException {
    try (FakeAws aws = FakeAws.create().start()) {
      aws.seed().incidentProductionStack().dbInstance("courses-dup", db -> db.createdAt(Instant.now().minusSeconds(600)));

      Run r = checkPlan(aws.endpoint(), deleteBoth());

      assertThat(r.err()).isEmpty();
      assertThat(r.findings("live.check-failed")).as(r.out()).isEmpty();
      assertThat(r.findings("live.in-use")).singleElement().satisfies(f -> {
        assertThat(f.get("address").asText()).isEqualTo("aws_db_instance.prod");
        assertThat(f.get("level").asText()).isEqualTo("CRITICAL");
        assertThat(f.get("message").asText()).matches("courses-prod: 1[0-9] connections in the last hour, created 2\\.5 years ago");
      });
      assertThat(r.findings("live.check-failed")).isEmpty();
      assertThat(aws.mutatingRequests()).isEmpty();
    }
  }

  @Test
  void withoutLiveNothingIsAsked() throws IOException {
    try (FakeAws aws = FakeAws.create().start()) {
      aws.seed().incidentProductionStack();
      System.setProperty("aws.endpointUrl", aws.endpoint().toString());
      String file = Files.writeString(tmp.resolve("plan.json"), deleteBoth()).toString();

      int exit = Main.run(new String[] {"check-plan", "--tier", "production", file}, new ByteArrayInputStream(new byte[0]),
          new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
          new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));

      assertThat(exit).isEqualTo(20);
      assertThat(aws.requests()).isEmpty();
    }
  }

  @Test
  void anEndpointThatNeverAnswersIsACheckFailedFindingNotAHang() throws IOException {
    try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      List<Socket> held = new CopyOnWriteArrayList<>();
      Thread acceptor = new Thread(() -> {
        try {
          while (true) {
            held.add(silent.accept());
          }
        } catch (IOException closed) {
          // the test is over
        }
      });
      acceptor.setDaemon(true);
      acceptor.start();
      try {
        Run r = checkPlan(URI.create("http://127.0.0.1:" + silent.getLocalPort()), deleteBoth(), "--live-budget", "1");

        assertThat(r.exit()).isEqualTo(20);
        assertThat(r.findings("live.in-use")).isEmpty();
        assertThat(r.findings("live.check-failed")).hasSize(2).allSatisfy(f -> {
          assertThat(f.get("level").asText()).isEqualTo("CRITICAL");
          assertThat(f.get("message").asText()).contains("did not answer within the 1 s budget")
              .endsWith("so it is judged as if it were");
        });
      } finally {
        for (Socket s : held) {
          s.close();
        }
      }
    }
  }

  @Test
  void withoutARegionLiveIsOneSentenceAndExit2() throws IOException {
    System.clearProperty("aws.region");
    assumeTrue(System.getenv("AWS_REGION") == null && System.getenv("AWS_DEFAULT_REGION") == null,
        "a region is configured in the environment");

    Run r = checkPlan(URI.create("http://127.0.0.1:9"), deleteBoth());

    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).startsWith("safeops check-plan: live evidence cannot reach AWS: ").doesNotContain("\tat ");
  }

  @Test
  void aBudgetBelowOneSecondIsBadUsage() throws IOException {
    Run r = checkPlan(URI.create("http://127.0.0.1:9"), deleteBoth(), "--live-budget", "0");

    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).isEqualTo("safeops check-plan: --live-budget must be at least 1 second, was 0.\n");
  }

  // ---- the same against moto ----

  @Test
  void onMotoTheDatabaseWithConnectionsIsInUseAndTheOtherIsNot() throws Exception {
    try (Moto moto = Moto.start()) {
      // Seeded over the wire: this JVM's SDK clients carry the guard, which rightly refuses the creates.
      for (String id : List.of("courses-prod", "courses-dup")) {
        moto.call("rds", "Action=CreateDBInstance&Version=2014-10-31&DBInstanceIdentifier=" + id
            + "&Engine=postgres&DBInstanceClass=db.t3.micro&AllocatedStorage=20&MasterUsername=courses"
            + "&MasterUserPassword=not-a-secret-1");
      }
      Instant now = Instant.now();
      for (int minutes : List.of(50, 30, 10)) {
        moto.call("monitoring", "Action=PutMetricData&Version=2010-08-01&Namespace=AWS%2FRDS"
            + "&MetricData.member.1.MetricName=DatabaseConnections"
            + "&MetricData.member.1.Dimensions.member.1.Name=DBInstanceIdentifier"
            + "&MetricData.member.1.Dimensions.member.1.Value=courses-prod"
            + "&MetricData.member.1.Timestamp=" + now.minus(Duration.ofMinutes(minutes)).truncatedTo(ChronoUnit.SECONDS)
            + "&MetricData.member.1.Value=14");
      }

      Run r = checkPlan(moto.endpoint, deleteBoth());

      assertThat(r.err()).isEmpty();
      assertThat(r.findings("live.in-use")).singleElement().satisfies(f -> {
        assertThat(f.get("address").asText()).isEqualTo("aws_db_instance.prod");
        assertThat(f.get("message").asText()).startsWith("courses-prod: 14 connections in the last hour, created ");
      });
      assertThat(r.findings("live.check-failed")).isEmpty();
      assertThat(r.json().get("findings").toString()).doesNotContain("courses-dup:");
    }
  }

  /** moto_server on a free loopback port for one test; skips the test where it is not installed. */
  private static final class Moto implements AutoCloseable {
    final Process process;
    final URI endpoint;

    private Moto(Process process, URI endpoint) {
      this.process = process;
      this.endpoint = endpoint;
    }

    static Moto start() throws Exception {
      String path = System.getenv("PATH") == null ? "" : System.getenv("PATH");
      assumeTrue(List.of(path.split(File.pathSeparator)).stream().anyMatch(d -> new File(d, "moto_server").canExecute()),
          "moto_server is not on the PATH: the moto scenario is skipped");
      int port;
      try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        port = s.getLocalPort();
      }
      Process p = new ProcessBuilder("moto_server", "-H", "127.0.0.1", "-p", String.valueOf(port)).redirectErrorStream(true).start();
      BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
      CompletableFuture<Boolean> up = CompletableFuture.supplyAsync(() -> {
        try {
          for (String line; (line = r.readLine()) != null; ) {
            if (line.contains("Running on")) {
              Thread drain = new Thread(() -> r.lines().forEach(l -> { }));
              drain.setDaemon(true);
              drain.start();
              return true;
            }
          }
        } catch (IOException e) {
          // the process went away
        }
        return false;
      });
      if (!up.get(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException("moto_server did not start on port " + port);
      }
      Moto moto = new Moto(p, URI.create("http://127.0.0.1:" + port));
      HttpClient.newHttpClient().send(HttpRequest.newBuilder(moto.endpoint.resolve("/moto-api/reset"))
          .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
      return moto;
    }

    /** A query-protocol call, signed in form only: moto routes on the credential scope and checks no signature. */
    void call(String service, String form) throws Exception {
      HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(endpoint.resolve("/"))
          .header("Authorization", "AWS4-HMAC-SHA256 Credential=testing/20260101/us-east-1/" + service
              + "/aws4_request, SignedHeaders=host, Signature=00")
          .header("Content-Type", "application/x-www-form-urlencoded")
          .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 200) {
        throw new IllegalStateException("moto refused " + service + " " + form + ": " + r.body());
      }
    }

    @Override
    public void close() throws InterruptedException {
      process.destroy();
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    }
  }
}
