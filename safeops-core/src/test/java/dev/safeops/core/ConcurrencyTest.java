package dev.safeops.core;

import static dev.safeops.core.Fixtures.ALICE;
import static dev.safeops.core.Fixtures.DEV;
import static dev.safeops.core.Fixtures.createPlan;
import static dev.safeops.core.Fixtures.fixedLevel;
import static dev.safeops.core.Fixtures.op;
import static org.assertj.core.api.Assertions.assertThat;

import dev.safeops.core.testing.CountingAction;
import dev.safeops.core.testing.RecordingAuditSink;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Two threads racing on one scope: their executions never overlap. */
class ConcurrencyTest {
  @TempDir Path dir;

  @ParameterizedTest(name = "{0} locks")
  @ValueSource(strings = {"in-memory", "file"})
  void executionsOnOneScopeNeverOverlap(String kind) throws Exception {
    LockProvider locks = kind.equals("file") ? LockProvider.files(dir, Clock.systemUTC()) : LockProvider.inMemory(Clock.systemUTC());
    GuardedExecutor executor = GuardedExecutor.builder().auditSink(new RecordingAuditSink()).evaluator(fixedLevel(Level.NONE))
        .lockProvider(locks).lockWait(Duration.ofSeconds(30)).build();
    AtomicInteger active = new AtomicInteger();
    AtomicInteger maxActive = new AtomicInteger();
    CountDownLatch bothStarted = new CountDownLatch(2);
    int rounds = 20;
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      List<Future<Integer>> results = new ArrayList<>();
      for (int t = 0; t < 2; t++) {
        results.add(pool.submit(() -> {
          bothStarted.countDown();
          bothStarted.await();
          int executed = 0;
          for (int i = 0; i < rounds; i++) {
            // While one execution is inside, give the other thread every chance to barge in:
            // if the lock were broken, the other would enter and raise maxActive to 2.
            CountDownLatch otherMayEnter = new CountDownLatch(1);
            CountingAction<String> action = CountingAction.returning("x", createPlan("a.b")).inScope("prod/network")
                .onExecute(p -> {
                  maxActive.accumulateAndGet(active.incrementAndGet(), Math::max);
                  otherMayEnter.await(2, TimeUnit.MILLISECONDS);
                  active.decrementAndGet();
                });
            executed += executor.execute(op(ALICE, DEV), action).executed() ? 1 : 0;
          }
          return executed;
        }));
      }
      int total = 0;
      for (Future<Integer> f : results) {
        total += f.get(60, TimeUnit.SECONDS);
      }
      assertThat(total).isEqualTo(2 * rounds);
      assertThat(maxActive.get()).isEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
  }
}
