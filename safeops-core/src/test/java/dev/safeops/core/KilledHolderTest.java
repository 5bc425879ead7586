package dev.safeops.core;

import static dev.safeops.core.Fixtures.ALICE;
import static dev.safeops.core.Fixtures.DEV;
import static dev.safeops.core.Fixtures.createPlan;
import static dev.safeops.core.Fixtures.fixedLevel;
import static dev.safeops.core.Fixtures.op;
import static org.assertj.core.api.Assertions.assertThat;

import dev.safeops.core.testing.CountingAction;
import dev.safeops.core.testing.RecordingAuditSink;
import dev.safeops.core.testing.SettableClock;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * After a process is killed (kill -9) while its action executes, the next run on the scope names
 * the holder (host, pid, operation) and says that it no longer runs, and the EXECUTING event
 * without a result is reported as an unknown outcome: by that run and by {@link
 * AuditLog#unknownOutcomes()}.
 */
class KilledHolderTest {
  private static final String SCOPE = "prod/network";

  @TempDir Path dir;

  private static String thisHost() throws Exception {
    return InetAddress.getLocalHost().getHostName();
  }

  @Test
  void theRunAfterAKill9NamesTheDeadHolderAndReportsItsUnknownOutcome() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    Process holder = new ProcessBuilder(java, "-Xmx64m", "-XX:TieredStopAtLevel=1", "-cp", classpath,
        Holder.class.getName(), dir.toString())
        .redirectError(dir.resolve("holder.err").toFile()).start();
    String killedOperation;
    try (BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8))) {
      String line = out.readLine();
      assertThat(line).as("the holder reached execution (stderr in holder.err)").startsWith("EXECUTING ");
      killedOperation = line.substring("EXECUTING ".length());
    } finally {
      holder.destroyForcibly();
    }
    assertThat(holder.waitFor(60, TimeUnit.SECONDS)).isTrue();
    long pid = holder.pid();
    AuditLog log = AuditSink.jsonLines(dir.resolve("audit.jsonl"));

    GuardedExecutor next = GuardedExecutor.builder().auditSink(log).evaluator(fixedLevel(Level.NONE))
        .lockProvider(LockProvider.files(dir.resolve("locks"), Clock.systemUTC())).lockWait(Duration.ZERO).build();
    CountingAction<String> refusedAction = CountingAction.returning("x", createPlan("a.b")).inScope(SCOPE);
    Outcome<String> refused = next.execute(op(ALICE, DEV), refusedAction);

    assertThat(refusedAction.executions()).isZero();
    assertThat(refused.refusedAt()).contains(Step.LOCK);
    assertThat(refused.reasons().get(0)).contains("operation " + killedOperation, "nightly-cleanup",
        "host " + thisHost(), "pid " + pid, "no such process runs on this host any more");
    assertThat(refused.reasons()).anySatisfy(r -> assertThat(r).contains(killedOperation, "outcome unknown: check the infrastructure"));
    assertThat(log.read(refused.auditId())).last().satisfies(e -> assertThat(e.detail()).contains("pid " + pid));
    assertThat(log.unknownOutcomes()).singleElement().satisfies(u -> {
      assertThat(u.operationId()).isEqualTo(killedOperation);
      assertThat(u.executing().scope()).isEqualTo(SCOPE);
      assertThat(u.message()).endsWith("outcome unknown: check the infrastructure");
    });

    // Once the dead holder's lease has expired, the next run goes ahead and says what it found.
    SettableClock later = SettableClock.at(Instant.now().plus(Duration.ofMinutes(31)));
    GuardedExecutor afterExpiry = GuardedExecutor.builder().clock(later).auditSink(log).evaluator(fixedLevel(Level.NONE))
        .lockProvider(LockProvider.files(dir.resolve("locks"), later)).lockWait(Duration.ZERO).build();
    Outcome<String> ran = afterExpiry.execute(op(ALICE, DEV), CountingAction.returning("x", createPlan("a.b")).inScope(SCOPE));

    assertThat(ran.executed()).as(ran.toString()).isTrue();
    assertThat(ran.reasons()).anySatisfy(r -> assertThat(r).contains(killedOperation, "outcome unknown: check the infrastructure"));
    assertThat(log.read(ran.auditId())).anySatisfy(e -> {
      assertThat(e.step()).isEqualTo(Step.LOCK);
      assertThat(e.verdict()).isEqualTo("OUTCOME_UNKNOWN");
      assertThat(e.detail()).contains(killedOperation);
    });
  }

  @Test
  void aHolderRunningOnThisHostIsNamedAsRunning() throws Exception {
    RecordingAuditSink audit = new RecordingAuditSink();
    LockProvider locks = LockProvider.inMemory(Clock.systemUTC());
    long parent = ProcessHandle.current().parent().orElseThrow().pid();
    locks.acquire(SCOPE, "deploy (host " + thisHost() + ", pid " + parent + ", operation op-running)",
        Duration.ofMinutes(5), Duration.ZERO).orElseThrow();

    Outcome<String> outcome = GuardedExecutor.builder().auditSink(audit).lockProvider(locks).lockWait(Duration.ZERO).build()
        .execute(op(ALICE, DEV), CountingAction.returning("x", createPlan("a.b")).inScope(SCOPE));

    assertThat(outcome.refusedAt()).contains(Step.LOCK);
    assertThat(outcome.reasons()).singleElement().satisfies(r -> assertThat(r).contains("operation op-running of deploy",
        "pid " + parent, "a process with that pid is running on this host"));
  }

  @Test
  void aHolderOnAnotherHostIsNamedWithoutGuessingWhetherItRuns() {
    LockProvider locks = LockProvider.inMemory(Clock.systemUTC());
    locks.acquire(SCOPE, "deploy (host build-9.example.com, pid 4242, operation op-elsewhere)",
        Duration.ofMinutes(5), Duration.ZERO).orElseThrow();

    Outcome<String> outcome = GuardedExecutor.builder().auditSink(new RecordingAuditSink()).lockProvider(locks)
        .lockWait(Duration.ZERO).build()
        .execute(op(ALICE, DEV), CountingAction.returning("x", createPlan("a.b")).inScope(SCOPE));

    assertThat(outcome.reasons()).singleElement().satisfies(r -> assertThat(r).contains("operation op-elsewhere",
        "host build-9.example.com, pid 4242", "another host: whether that process still runs cannot be checked"));
  }

  /** A child process: executes on SCOPE with file locks and a JSON-lines audit, and blocks inside the action until killed. */
  public static final class Holder {
    public static void main(String[] args) {
      Path dir = Path.of(args[0]);
      GuardedExecutor executor = GuardedExecutor.builder()
          .auditSink(AuditSink.jsonLines(dir.resolve("audit.jsonl")))
          .lockProvider(LockProvider.files(dir.resolve("locks"), Clock.systemUTC()))
          .evaluator(fixedLevel(Level.NONE))
          .owner("nightly-cleanup")
          .build();
      Operation operation = op(ALICE, DEV);
      CountingAction<String> action = CountingAction.returning("x", createPlan("a.b")).inScope(SCOPE).onExecute(p -> {
        System.out.println("EXECUTING " + operation.id());
        System.out.flush();
        System.in.read();   // nobody writes: blocks until the process is killed
      });
      System.err.println(executor.execute(operation, action));
    }
  }
}
