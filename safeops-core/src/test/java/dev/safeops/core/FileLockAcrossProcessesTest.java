package dev.safeops.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The file lock holds across processes on one machine: three JVMs take the same scope in
 * turn, and the intervals in which each held it never overlap; their fencing tokens are all
 * distinct.
 */
class FileLockAcrossProcessesTest {
  private static final int PROCESSES = 3;
  private static final int ROUNDS = 15;

  @TempDir Path dir;

  @Test
  void threeProcessesNeverHoldOneScopeAtOnce() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<Process> processes = new ArrayList<>();
    for (int i = 0; i < PROCESSES; i++) {
      Path log = dir.resolve("holder-" + i + ".log");
      processes.add(new ProcessBuilder(java, "-Xmx64m", "-XX:TieredStopAtLevel=1", "-cp", classpath,
          Holder.class.getName(), dir.resolve("locks").toString(), log.toString(), String.valueOf(ROUNDS))
          .redirectErrorStream(true).redirectOutput(dir.resolve("holder-" + i + ".out").toFile()).start());
    }
    for (Process p : processes) {
      assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("holder finished").isTrue();
      assertThat(p.exitValue()).as("holder exit code").isZero();
    }
    List<long[]> intervals = new ArrayList<>();
    List<Long> tokens = new ArrayList<>();
    for (int i = 0; i < PROCESSES; i++) {
      for (String line : Files.readAllLines(dir.resolve("holder-" + i + ".log"))) {
        String[] f = line.split(" ");
        intervals.add(new long[] {Long.parseLong(f[0]), Long.parseLong(f[1])});
        tokens.add(Long.parseLong(f[2]));
      }
    }
    assertThat(intervals).hasSize(PROCESSES * ROUNDS);
    assertThat(tokens).doesNotHaveDuplicates();
    intervals.sort(Comparator.comparingLong(a -> a[0]));
    for (int i = 1; i < intervals.size(); i++) {
      assertThat(intervals.get(i)[0]).as("start of hold %d is after the end of hold %d", i, i - 1)
          .isGreaterThan(intervals.get(i - 1)[1]);
    }
  }

  /** A child process: takes the lock ROUNDS times, logging "start end token" while holding it. */
  public static final class Holder {
    public static void main(String[] args) throws IOException {
      LockProvider locks = LockProvider.files(Path.of(args[0]), Clock.systemUTC());
      Path log = Path.of(args[1]);
      int rounds = Integer.parseInt(args[2]);
      for (int i = 0; i < rounds; i++) {
        LockLease lease = locks.acquire("prod/network", "holder-" + ProcessHandle.current().pid(),
            Duration.ofMinutes(1), Duration.ofSeconds(60)).orElseThrow(() -> new IllegalStateException("lock not granted"));
        long start = System.nanoTime();
        // Hold it long enough that a broken lock would let another process in.
        long spinUntil = start + TimeUnit.MILLISECONDS.toNanos(3);
        while (System.nanoTime() < spinUntil) {
          Thread.onSpinWait();
        }
        long end = System.nanoTime();
        Files.writeString(log, start + " " + end + " " + lease.fencingToken() + "\n",
            StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        locks.release(lease);
      }
    }
  }
}
