package dev.safeops.core;

import dev.safeops.core.internal.DefaultRules;
import dev.safeops.core.internal.RuleEvaluator;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Runs rules over a plan and returns the {@link BlastRadius}. Thread-safe. If any rule
 * throws, the evaluation throws, and the executor refuses at the evaluation step.
 *
 * <p>The default rules (stable ids):
 * <ul>
 *   <li>{@code data.irrecoverable-loss}: a data store deleted or replaced while its backups
 *       go with it (e.g. RDS with {@code skip_final_snapshot} and {@code
 *       delete_automated_backups}), CRITICAL;
 *   <li>{@code data.store-deleted}: a data store deleted or replaced;
 *   <li>{@code protection.removed}: deletion/termination protection, versioning or
 *       point-in-time recovery switched off; also an unprotected data store deleted in
 *       production;
 *   <li>{@code mass-deletion}: many deletions, by count or share of the managed resources;
 *   <li>{@code network.foundation-deleted}: a VPC, subnet, gateway, route table... deleted
 *       or replaced;
 *   <li>{@code state.empty-mass-create}: an empty prior state planning a mass create, in
 *       production or wherever the target is known to exist already;
 *   <li>{@code resource.deleted}: any other known resource deleted, LOW;
 *   <li>{@code resource.unknown-deleted}: a type the catalog does not know, deleted: never
 *       {@code NONE}.
 * </ul>
 */
public interface BlastRadiusEvaluator {

  BlastRadius evaluate(Plan plan, Operation operation);

  /** The default rules over the default catalog and thresholds. */
  static BlastRadiusEvaluator ofDefaults() {
    return builder().build();
  }

  /** Exactly these rules, nothing else. */
  static BlastRadiusEvaluator of(List<? extends Rule> rules) {
    return new RuleEvaluator(rules);
  }

  static Builder builder() {
    return new Builder();
  }

  /** Configures the default rules and adds the consumer's own. */
  final class Builder {
    private ResourceCatalog catalog = ResourceCatalog.defaults();
    private int massDeletionCount = 10;
    private double massDeletionShare = 0.25;
    private int massCreateCount = 10;
    private final List<Rule> extra = new ArrayList<>();

    private Builder() {}

    /** The catalog the default rules consult; default {@link ResourceCatalog#defaults()}. */
    public Builder catalog(ResourceCatalog catalog) {
      this.catalog = Objects.requireNonNull(catalog, "catalog");
      return this;
    }

    /**
     * Mass deletion: at least {@code count} deletions (default 10), or deletions that are at
     * least {@code share} of the resources the target managed (default 0.25, when at least
     * 4 resources are deleted).
     */
    public Builder massDeletion(int count, double share) {
      if (count < 1) {
        throw new IllegalArgumentException("massDeletion count must be >= 1, was " + count);
      }
      if (!(share > 0 && share <= 1)) {
        throw new IllegalArgumentException("massDeletion share must be in (0, 1], was " + share);
      }
      this.massDeletionCount = count;
      this.massDeletionShare = share;
      return this;
    }

    /** Mass create from an empty state: at least {@code count} creates (default 10). */
    public Builder massCreate(int count) {
      if (count < 1) {
        throw new IllegalArgumentException("massCreate count must be >= 1, was " + count);
      }
      this.massCreateCount = count;
      return this;
    }

    /** Adds a rule run after the defaults. */
    public Builder addRule(Rule rule) {
      extra.add(Objects.requireNonNull(rule, "rule"));
      return this;
    }

    /**
     * The rules {@link #build()} evaluates, in order: the defaults over this builder's catalog
     * and thresholds, then the added ones. For an evaluation that runs the same rules some
     * other way, such as a plan judged as it is read.
     */
    public List<Rule> rules() {
      List<Rule> rules = new ArrayList<>(
          DefaultRules.all(catalog, massDeletionCount, massDeletionShare, massCreateCount));
      rules.addAll(extra);
      return List.copyOf(rules);
    }

    public BlastRadiusEvaluator build() {
      return new RuleEvaluator(rules());
    }
  }
}
