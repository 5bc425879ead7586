package dev.safeops.benchmarks;

import dev.safeops.core.Tier;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * The classifier and executor figures again, per CPU second of the measuring thread rather
 * than per wall-clock second: on a machine shared with other work, wall-clock throughput
 * measures the neighbours too, the thread's own CPU time much less so. Warms up for the
 * given seconds, then measures for as long again.
 *
 * <pre>{@code java -cp benchmarks.jar dev.safeops.benchmarks.CpuRates [SECONDS]}</pre>
 */
public final class CpuRates {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private CpuRates() {}

  public static void main(String[] args) throws Exception {
    long seconds = args.length > 0 ? Long.parseLong(args[0]) : 5;
    ClassifierBenchmark classifier = new ClassifierBenchmark();
    classifier.mix = "agent-session";
    classifier.setUp();
    double lines = perCpuSecond(seconds, classifier::classify);
    System.out.printf("classifier, agent-session mix: %,.0f command lines per CPU second%n", lines);
    for (Tier tier : new Tier[] {Tier.PRODUCTION, Tier.DEVELOPMENT}) {
      ExecutorBenchmark executor = new ExecutorBenchmark();
      executor.tier = tier;
      executor.setUp();
      double rate = perCpuSecond(seconds, executor::guardedExecution);
      System.out.printf("guarded execution, %s: %.1f µs of CPU per execution%n", tier, 1e6 / rate);
    }
  }

  /** Calls {@code op} for {@code seconds} of warm-up, then as long again; operations per CPU second of this thread. */
  static double perCpuSecond(long seconds, Runnable op) {
    long until = System.nanoTime() + seconds * 1_000_000_000L;
    while (System.nanoTime() < until) {
      for (int i = 0; i < 100; i++) {
        op.run();
      }
    }
    long n = 0;
    long cpu0 = THREADS.getCurrentThreadCpuTime();
    until = System.nanoTime() + seconds * 1_000_000_000L;
    while (System.nanoTime() < until) {
      for (int i = 0; i < 100; i++) {
        op.run();
      }
      n += 100;
    }
    long cpu = THREADS.getCurrentThreadCpuTime() - cpu0;
    return n / (cpu / 1e9);
  }
}
