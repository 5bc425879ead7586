package dev.safeops.terraform;

import dev.safeops.core.Decision;
import dev.safeops.core.InvalidInputException;
import dev.safeops.core.InvariantViolationException;
import dev.safeops.core.Level;
import dev.safeops.core.Operation;
import dev.safeops.core.Policy;
import dev.safeops.core.ResourceCatalog;
import dev.safeops.core.ResourceChange;
import dev.safeops.core.Rule;
import dev.safeops.core.SafeOpsException;
import dev.safeops.core.internal.StreamingEvaluation;
import dev.safeops.core.internal.StreamingPlanDigest;
import dev.safeops.core.internal.FindingLog;
import dev.safeops.terraform.internal.ChangePipeline;
import dev.safeops.terraform.internal.PlanJson;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The {@link PlanChecker}: one pass over the plan, the rules, the digest and the counts fed change by change. */
final class PlanCheck implements PlanChecker {
  private static final Logger LOG = LoggerFactory.getLogger(PlanCheck.class);
  /** Skeleton bytes kept in memory before they go to a temporary file. */
  private static final long SKELETON_MEMORY = 4 << 20;

  /** The rules and the catalog, made once, by the first check that needs them, on its judging thread. */
  private final Lazy<List<Rule>> rules;
  private final Lazy<ResourceCatalog> catalog;
  private final Policy policy;
  private final int examplesPerLevel;
  private final int runBytes;
  private final long spillMemory;

  /** Exactly these rules, refused now if one reads the whole plan. */
  PlanCheck(List<Rule> rules, Supplier<ResourceCatalog> catalog, Policy policy, int examplesPerLevel) {
    this(rules, catalog, policy, examplesPerLevel, StreamingPlanDigest.DEFAULT_RUN_BYTES, SKELETON_MEMORY);
  }

  /** With runs of {@code runBytes} and spills beyond {@code spillMemory}: tests force both down to prove they change nothing. */
  PlanCheck(List<Rule> rules, Supplier<ResourceCatalog> catalog, Policy policy, int examplesPerLevel, int runBytes,
      long spillMemory) {
    List<Rule> given = List.copyOf(rules);
    StreamingEvaluation.requireNarrow(given);
    this.rules = new Lazy<>(() -> given);
    this.catalog = new Lazy<>(catalog);
    this.policy = policy;
    this.examplesPerLevel = examplesPerLevel;
    this.runBytes = runBytes;
    this.spillMemory = spillMemory;
  }

  /**
   * The rules {@code rules} makes, when a check first needs them: for the default rules, whose
   * making (the catalog's loading above all) then overlaps the reading of the plan's start.
   */
  PlanCheck(Supplier<List<Rule>> rules, Supplier<ResourceCatalog> catalog, Policy policy, int examplesPerLevel) {
    this.rules = new Lazy<>(() -> {
      List<Rule> made = List.copyOf(rules.get());
      StreamingEvaluation.requireNarrow(made);
      return made;
    });
    this.catalog = new Lazy<>(catalog);
    this.policy = policy;
    this.examplesPerLevel = examplesPerLevel;
    this.runBytes = StreamingPlanDigest.DEFAULT_RUN_BYTES;
    this.spillMemory = SKELETON_MEMORY;
  }

  @Override
  public PlanReport check(Path planJson, Operation operation) {
    // A file can be read again, so the digest keeps nothing while changes come in order.
    try {
      return check(planJson, operation, false);
    } catch (StreamingPlanDigest.OutOfOrder e) {
      LOG.debug("reading {} again, keeping every change for the digest: {}", planJson, e.getMessage());
      return check(planJson, operation, true);
    }
  }

  private PlanReport check(Path planJson, Operation operation, boolean keepFirstRun) {
    try {
      return run(planJson.toString(), operation, keepFirstRun, changes -> PlanJson.streamFast(planJson, changes));
    } catch (PlanJson.Reread e) {
      // The fast reader gives up on anything it is not sure of: Jackson's reading decides.
      LOG.debug("reading {} again with the full parser: {}", planJson, e.getMessage());
      return run(planJson.toString(), operation, keepFirstRun, changes -> PlanJson.stream(planJson, changes));
    }
  }

  @Override
  public PlanReport check(InputStream planJson, String name, Operation operation) {
    return run(name, operation, true, changes -> PlanJson.stream(planJson, name, changes));
  }

  private PlanReport run(String name, Operation operation, boolean keepFirstRun,
      Function<Consumer<ResourceChange>, PlanJson.Facts> read) {
    Objects.requireNonNull(operation, "operation");
    String source = "terraform plan " + name;
    Judging judging = new Judging(operation);
    try (judging;
        StreamingPlanDigest digest = new StreamingPlanDigest(runBytes, Math.max(runBytes, spillMemory), Map.of(), keepFirstRun)) {
      PlanJson.Facts facts;
      // Parsing on this thread, judging and hashing on the pipeline's: two cores for a big plan.
      try (ChangePipeline pipeline = new ChangePipeline("safeops-plan-check", done -> {
        judging.start();
        StreamingPlanDigest.warmUp(done);
      }, change -> {
        judging.evaluation.accept(change);
        digest.add(change);
        judging.report.change(change.type(), change.action());
      })) {
        facts = read.apply(pipeline);
        pipeline.finish();
      }
      StreamingPlanDigest.Result hashed = digest.finish();
      if (hashed.duplicateAddress().isPresent()) {
        throw new InvalidInputException(name + " lists resource " + hashed.duplicateAddress().get() + " twice in resource_changes.");
      }
      StreamingEvaluation evaluation = judging.evaluation;
      PlanReport.Builder report = judging.report;
      StreamingEvaluation.Result result = evaluation.finish(Map.of(), facts.priorResourceCount(), false, source, hashed.digest());
      Decision decision = policy.decide(operation, result.blastRadius());
      if (decision == null) {
        throw new InvariantViolationException("the policy returned no decision for " + source);
      }
      for (FindingLog log : result.byRule()) {
        for (int l = Level.values().length - 1; l >= 0; l--) {
          Level level = Level.values()[l];
          report.findings(log.ruleId(), level, log.count(level), log.examples(level));
        }
      }
      return report.build(name, operation, result.level(), decision, hashed.digest());
    } catch (UncheckedIOException e) {
      throw new SafeOpsException("safeops could not use the temporary space (java.io.tmpdir) it needs to judge " + source
          + ": " + e.getMessage() + ".", e);
    }
  }

  /**
   * What judges one check's changes, made on the judging thread before the first change
   * (pipeline's preparation), so that making the rules overlaps the reading of the plan's
   * start; read by the checking thread only once the pipeline has ended.
   */
  private final class Judging implements AutoCloseable {
    private final Operation operation;
    StreamingEvaluation evaluation;
    PlanReport.Builder report;

    Judging(Operation operation) {
      this.operation = operation;
    }

    void start() {
      evaluation = new StreamingEvaluation(rules.get(), operation, examplesPerLevel, spillMemory);
      report = PlanReport.builder(catalog.get(), examplesPerLevel);
    }

    @Override
    public void close() {
      if (evaluation != null) {
        evaluation.close();
      }
    }
  }

  /** A value made once, by the first caller that needs it; a making that fails is tried again. */
  private static final class Lazy<T> {
    private final Supplier<T> make;
    private T value;

    Lazy(Supplier<T> make) {
      this.make = make;
    }

    synchronized T get() {
      if (value == null) {
        value = Objects.requireNonNull(make.get(), "made nothing");
      }
      return value;
    }
  }
}
