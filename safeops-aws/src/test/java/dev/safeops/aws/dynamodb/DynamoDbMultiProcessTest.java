package dev.safeops.aws.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.safeops.core.LockLease;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Separate JVMs (started here with the test classpath, see {@link StoreRacer}) racing on one
 * scope through the test DynamoDB on a loopback port: the guard holds across processes.
 */
class DynamoDbMultiProcessTest {
  private static final AtomicInteger TABLES = new AtomicInteger();
  private DynamoDbClient client;

  @TempDir Path out;
  private final List<Process> started = new ArrayList<>();

  @AfterEach
  void stopChildren() {
    // A failed assertion must not leave a child blocked on the lock behind the test.
    started.forEach(Process::destroyForcibly);
  }

  @BeforeEach
  void connect() {
    client = EmbeddedDynamoDb.client();
  }

  private record Execution(String opId, long start, long end, long token) {}

  @Test
  void threeProcessesRacingOnOneScopeNeverOverlapUseTheSharedApprovalOnceAndStayWithinTheBudget() throws Exception {
    String table = newTable();
    int racers = 3;
    int opsEach = 8;
    List<Process> processes = new ArrayList<>();
    for (int i = 0; i < racers; i++) {
      processes.add(start("race", table, "racer" + i, Integer.toString(opsEach)));
    }
    for (Process p : processes) {
      assertThat(p.waitFor(90, TimeUnit.SECONDS)).as("racer finished").isTrue();
      assertThat(p.exitValue()).as("racer exit code, see " + out).isZero();
    }

    List<Execution> executions = new ArrayList<>();
    List<String> outcomes = new ArrayList<>();
    for (int i = 0; i < racers; i++) {
      for (String line : Files.readAllLines(out.resolve("racer" + i + ".log"))) {
        String[] f = line.split(" ");
        if (f[0].equals("EXEC")) {
          executions.add(new Execution(f[1], Long.parseLong(f[2]), Long.parseLong(f[3]), Long.parseLong(f[4])));
        } else {
          outcomes.add(line);
        }
      }
    }
    executions.sort(Comparator.comparingLong(Execution::start));

    assertThat(outcomes).hasSize(racers * opsEach);
    for (int i = 1; i < executions.size(); i++) {
      Execution before = executions.get(i - 1);
      Execution after = executions.get(i);
      assertThat(after.start()).as("%s started before %s ended", after.opId(), before.opId()).isGreaterThan(before.end());
      assertThat(after.token()).as("fencing token of %s", after.opId()).isGreaterThan(before.token());
    }
    assertThat(executions).as("executions within the shared destructive budget").hasSize(StoreRacer.BUDGET);
    assertThat(outcomes.stream().filter(o -> o.contains(" EXECUTED ")).count()).isEqualTo(StoreRacer.BUDGET);
    assertThat(executions.stream().filter(e -> e.opId().endsWith("-op-0")).count())
        .as("executions on the one shared approval").isLessThanOrEqualTo(1);
    assertThat(outcomes.stream().filter(o -> o.contains("-op-0 NOT_APPROVED APPROVAL")).count())
        .as("replays of the shared approval refused").isGreaterThanOrEqualTo(racers - 1L
            - outcomes.stream().filter(o -> o.contains("-op-0 DENIED BUDGET")).count());

    DynamoDbStores stores = DynamoDbStores.create(client, table);
    assertThat(stores.approvalLedger().markUsed(StoreRacer.SHARED_APPROVAL, "test", Instant.now().plusSeconds(60))).isFalse();
    assertThat(stores.budgetLedger().used("human:alice|" + StoreRacer.SCOPE, Duration.ofHours(1), Instant.now()))
        .isEqualTo(StoreRacer.BUDGET);
  }

  @Test
  void aKilledHolderKeepsTheScopeOnlyUntilItsLeaseExpiresAndItsTokenIsRefusedAfterwards() throws Exception {
    String table = newTable();
    DynamoDbStores stores = DynamoDbStores.create(client, table);
    Process holder = start("hold", table, "holder", "3000");
    String[] holding = firstLine(holder, "holder").split(" ");
    assertThat(holding[0]).as("holder said %s", String.join(" ", holding)).isEqualTo("HOLDING");
    long heldToken = Long.parseLong(holding[1]);
    Map<String, AttributeValue> item = client.getItem(b -> b.tableName(table).consistentRead(true)
        .key(Map.of("pk", AttributeValue.fromS("lock#" + StoreRacer.SCOPE), "sk", AttributeValue.fromS("lease")))).item();
    Instant expiresAt = Instant.ofEpochMilli(Long.parseLong(item.get("expiresAt").n()));
    LockLease killed = new LockLease(StoreRacer.SCOPE, item.get("owner").s(), heldToken, expiresAt);
    assertThat(killed.owner()).contains(holding[2].replace("/", " ").split(" ")).contains("pid " + holder.pid());
    assertThat(stores.lockProvider().isCurrent(killed)).isTrue();
    assertThat(stores.lockProvider().acquire(StoreRacer.SCOPE, "intruder", Duration.ofSeconds(5), Duration.ZERO)).isEmpty();

    holder.destroy();
    assertThat(holder.waitFor(30, TimeUnit.SECONDS)).isTrue();
    Process next = start("next", table, "next", "");
    String[] got = firstLine(next, "next").split(" ");
    assertThat(next.waitFor(60, TimeUnit.SECONDS)).isTrue();

    assertThat(got[0]).as("next process said %s", String.join(" ", got)).isEqualTo("GOT");
    assertThat(Long.parseLong(got[1])).as("fencing token after the takeover").isGreaterThan(heldToken);
    assertThat(Long.parseLong(got[2])).as("takeover time, lease expired at " + expiresAt)
        .isGreaterThanOrEqualTo(expiresAt.getEpochSecond() * 1_000_000_000L + expiresAt.getNano());
    assertThat(stores.lockProvider().isCurrent(killed)).isFalse();
    LockLease mine = stores.lockProvider().acquire(StoreRacer.SCOPE, "after", Duration.ofSeconds(30), Duration.ZERO).orElseThrow();
    stores.lockProvider().release(killed);
    assertThat(stores.lockProvider().isCurrent(mine)).isTrue();
  }

  private String newTable() {
    String table = "safeops-mp-" + TABLES.incrementAndGet();
    DynamoDbStores.createTable(client, table);
    return table;
  }

  private Process start(String mode, String table, String name, String arg) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<String> command = new ArrayList<>(List.of(java, "-Xmx256m", "-XX:TieredStopAtLevel=1", "-cp", classpath,
        StoreRacer.class.getName(), mode, EmbeddedDynamoDb.endpoint().toString(), table, out.toString(), name));
    if (!arg.isEmpty()) {
      command.add(arg);
    }
    ProcessBuilder pb = new ProcessBuilder(command).redirectError(out.resolve(name + ".err").toFile());
    if (!mode.equals("hold") && !mode.equals("next")) {
      pb.redirectOutput(out.resolve(name + ".out").toFile());
    }
    Process p = pb.start();
    started.add(p);
    return p;
  }

  private String firstLine(Process p, String name) throws IOException {
    try {
      BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
      String line = r.readLine();
      return line == null ? "EOF (stderr: " + Files.readString(out.resolve(name + ".err")).lines().limit(5).toList() + ")" : line;
    } catch (IOException e) {
      p.destroyForcibly();
      throw e;
    }
  }
}
