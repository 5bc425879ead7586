package dev.safeops.aws.internal.recovery;

import dev.safeops.aws.internal.AwsBindings;
import dev.safeops.aws.recovery.RestoredCopy;
import dev.safeops.core.ChangeAction;
import dev.safeops.core.GuardedAction;
import dev.safeops.core.Plan;
import dev.safeops.core.ResourceChange;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.Tag;
import software.amazon.awssdk.services.rds.waiters.RdsWaiter;

/**
 * What the drill restores, an RDS instance or an Aurora cluster: the reads it needs and its
 * mutating steps as guarded actions. Each dry run reads the live resource and its tags, so the
 * rules judge what is there, not what the drill believes; each execution takes the identifier
 * from the approved plan, so it changes exactly what was approved.
 */
abstract class DrillTarget {
  final RdsClient rds;
  final String scope;
  final DrillNaming naming;
  final String source;
  final RdsWaiter waiter;
  final Optional<String> subnetGroup;
  final boolean independentOnly;

  DrillTarget(RdsClient rds, DrillNaming naming, String source, RdsWaiter waiter, Optional<String> subnetGroup,
      boolean independentOnly) {
    this.rds = rds;
    this.naming = naming;
    this.scope = "rds:restore-drill/" + naming.source();
    this.source = source;
    this.waiter = waiter;
    this.subnetGroup = subnetGroup;
    this.independentOnly = independentOnly;
  }

  /**
   * Plan binding naming every {@code service:Operation} an execution sends, read by the SDK
   * guard ({@link dev.safeops.aws.SafeOpsInterceptor}); part of the digest like any binding.
   */
  static final String OPERATIONS_BINDING = AwsBindings.OPERATIONS;

  /**
   * One guarded step: the operation the audit shows, and the action, whose plans list in
   * {@link #OPERATIONS_BINDING} the calls its execution sends (the operation, and any others).
   */
  record Step<T>(String operation, String reason, GuardedAction<T> action) {
    static <T> Step<T> of(String operation, String reason, GuardedAction<T> action, String... alsoSends) {
      List<String> sends = new java.util.ArrayList<>(List.of(operation));
      sends.addAll(List.of(alsoSends));
      String listed = String.join(",", sends);
      return new Step<>(operation, reason, GuardedAction.of(action.scope(),
          () -> action.dryRun().toBuilder().binding(OPERATIONS_BINDING, listed).build(),
          action::execute));
    }
  }

  /** Where a copy is restored from: a snapshot, or automated backups at a point in time. */
  record Backup(String snapshot, String automatedBackup, String sourceIdentifier, Instant pointInTime, Instant takenAt, String engine) {
    static Backup snapshot(String id, Instant takenAt, String engine) {
      return new Backup(id, null, null, null, takenAt, engine);
    }

    static Backup pointInTime(String sourceIdentifier, String automatedBackup, Instant at, String engine) {
      return new Backup(null, automatedBackup, sourceIdentifier, at, at, engine);
    }

    String label() {
      return snapshot != null ? snapshot : "automated backup at " + pointInTime;
    }

    Map<String, Object> planAttributes(String sourceKey, String retainedKey) {
      Map<String, Object> m = new LinkedHashMap<>();
      if (snapshot != null) {
        m.put("snapshot_identifier", snapshot);
      } else {
        Map<String, Object> pitr = new LinkedHashMap<>();
        pitr.put("restore_time", pointInTime.toString());
        if (sourceIdentifier != null) {
          pitr.put(sourceKey, sourceIdentifier);
        } else {
          pitr.put(retainedKey, automatedBackup);
        }
        m.put("restore_to_point_in_time", List.of(pitr));
      }
      return m;
    }
  }

  /** A drill copy found in the account: name and tag both matched. */
  record Existing(String identifier, Map<String, String> tags) {
    String status() {
      return tags.getOrDefault(DrillNaming.TAG_STATUS, "unknown");
    }
  }

  /** One resource of the drill's kind in the account: its identifier and ARN. */
  record Listed(String identifier, String arn) {}

  /** The source as it is now: gone, or there with its latest restorable time when it keeps automated backups. */
  record SourceNow(boolean exists, Optional<Backup> latestRestorable) {}

  /** A snapshot of the source, and whether it is automated (goes with the source) and available. */
  record SnapshotOf(Backup backup, boolean automated, boolean available) {}

  /** Every instance or cluster in the account, read to the last page. */
  abstract List<Listed> listed();

  abstract SourceNow sourceNow();

  /** Automated backups the source left behind when it was deleted ({@code retained}), as points in time. */
  abstract List<Backup> retainedPointsInTime();

  abstract List<SnapshotOf> snapshots();

  /** The drill copies already in the account: name and tag both matched, sorted by identifier. */
  final List<Existing> existingCopies() {
    List<Existing> out = new ArrayList<>();
    for (Listed l : listed()) {
      if (naming.hasCopyName(l.identifier())) {
        Map<String, String> tags = tagsOf(l.arn());
        if (naming.isCopy(l.identifier(), tags)) {
          out.add(new Existing(l.identifier(), tags));
        }
      }
    }
    out.sort(Comparator.comparing(Existing::identifier));
    return out;
  }

  /**
   * The newest backup to restore from: the live source's latest restorable time, or the
   * automated backups a deleted source retained, and its available snapshots. With {@code
   * independentOnly}, only what survives the source: manual snapshots.
   */
  final Optional<Backup> newestBackup() {
    List<Backup> candidates = new ArrayList<>();
    if (!independentOnly) {
      SourceNow now = sourceNow();
      if (now.exists()) {
        now.latestRestorable().ifPresent(candidates::add);
      } else {
        candidates.addAll(retainedPointsInTime());
      }
    }
    for (SnapshotOf s : snapshots()) {
      if (s.available() && s.backup().takenAt() != null && !(independentOnly && s.automated())) {
        candidates.add(s.backup());
      }
    }
    // On a tie the snapshot wins: it is a fixed thing, a point in time is a computation.
    return candidates.stream().max(Comparator.comparing(Backup::takenAt).thenComparing(b -> b.snapshot() != null));
  }

  abstract boolean exists(String copy);

  /** The guarded steps that create the copy, in order. */
  abstract List<Step<?>> restore(String copy, Backup from, Map<String, String> tags);

  /** Blocks until the copy answers, or throws saying why it will not. */
  abstract RestoredCopy awaitAvailable(String copy, Backup from);

  abstract Step<Void> stop(String copy);

  abstract Step<Void> delete(String copy);

  Map<String, String> tagsOf(String arn) {
    Map<String, String> tags = new TreeMap<>();
    for (Tag t : rds.listTagsForResource(r -> r.resourceName(arn)).tagList()) {
      tags.put(t.key(), t.value());
    }
    return tags;
  }

  static List<Tag> sdkTags(Map<String, String> tags) {
    return tags.entrySet().stream().map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList();
  }

  /** The live facts plans carry: identifier, ARN (what the SDK calls the resource name) and tags. */
  record Live(String identifier, String arn, boolean deletionProtection, Map<String, String> tags) {
    Map<String, Object> attributes() {
      return attributes(tags);
    }

    Map<String, Object> attributes(Map<String, String> withTags) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("identifier", identifier);
      m.put("arn", arn);
      m.put("deletion_protection", deletionProtection);
      m.put("tags", withTags);
      return m;
    }
  }

  static ResourceChange change(String type, String identifier, ChangeAction action, Map<String, ?> before, Map<String, ?> after) {
    // The address is the DB identifier itself, so the SDK guard can match a call's target to the plan.
    return ResourceChange.builder().address(identifier).type(type).provider("aws").action(action)
        .before(withTagKeys(before)).after(withTagKeys(after)).build();
  }

  /**
   * Lists the tag keys as values too: the SDK guard takes every {@code Key} member of a request
   * (a tag's included) for a target, and matches targets against the plan's values only.
   */
  private static Map<String, ?> withTagKeys(Map<String, ?> attributes) {
    if (!(attributes.get("tags") instanceof Map<?, ?> tags)) {
      return attributes;
    }
    Map<String, Object> m = new LinkedHashMap<>(attributes);
    m.put("tag_keys", tags.keySet().stream().map(String::valueOf).sorted().toList());
    return m;
  }

  static Plan plan(String source, ResourceChange change) {
    return Plan.builder().change(change).source(source).build();
  }

  static ResourceChange only(Plan approved, ChangeAction expected) {
    if (approved.changes().size() != 1 || approved.changes().get(0).action() != expected) {
      throw new IllegalStateException("the approved plan must hold exactly one " + expected + ", it holds " + approved.changes());
    }
    return approved.changes().get(0);
  }

  /** The resource type, in Terraform's words, of the thing the drill copies. */
  abstract String type();

  /** The live copy; throws when it does not exist. */
  abstract Live live(String copy);

  Step<Void> tagStatus(String copy, String status) {
    return Step.of("rds:AddTagsToResource", "mark drill copy " + copy + " " + status, GuardedAction.of(scope, () -> {
      Live live = live(copy);
      Map<String, String> tags = new TreeMap<>(live.tags());
      tags.put(DrillNaming.TAG_STATUS, status);
      return plan("mark drill copy " + copy + " " + status,
          change(type(), copy, ChangeAction.UPDATE, live.attributes(), live.attributes(tags)));
    }, approved -> {
      String arn = (String) only(approved, ChangeAction.UPDATE).before().get("arn");
      rds.addTagsToResource(r -> r.resourceName(arn).tags(Tag.builder().key(DrillNaming.TAG_STATUS).value(status).build()));
      return null;
    }));
  }
}
