package dev.safeops.benchmarks;

import dev.safeops.core.Plan;
import dev.safeops.core.ResourceChange;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Target: the plan digest is linear in the plan size. Builds a {@link Plan} (whose
 * constructor computes the SHA-256 digest over the canonical form) from 1,000, 10,000 and
 * 100,000 generated changes; linear means the time per change stays flat across sizes
 * (the sort by address adds a log factor that should not show at these sizes).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
public class PlanDigestBenchmark {

  @Param({"1000", "10000", "100000"})
  public int changes;

  private List<ResourceChange> plan;

  @Setup
  public void setUp() {
    plan = PlanGenerator.seeded(42).resourceChanges(changes);
  }

  @Benchmark
  public String digest() {
    return Plan.of(plan).digest();
  }
}
