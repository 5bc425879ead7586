package dev.safeops.aws.internal;

import dev.safeops.core.ChangeAction;
import dev.safeops.core.Plan;
import dev.safeops.core.ResourceChange;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The identifiers a plan's changes name their own resources by: each change's address, the
 * address's last segment, and the values of its identity attributes, before and after. Other
 * attributes are references to other resources ({@code replicate_source_db}, {@code vpc_id}...)
 * and are left out: naming a resource there says nothing about changing it.
 */
public final class ChangeIdentities {
  /** Attributes of a change that name the changed resource itself, not something it refers to. */
  static final Set<String> ATTRIBUTES = Set.of("identifier", "id", "arn", "name", "bucket",
      "table_name", "db_instance_identifier", "cluster_identifier", "db_cluster_identifier", "snapshot_identifier",
      "db_snapshot_identifier", "db_cluster_snapshot_identifier", "recovery_point_arn", "backup_vault_name");

  private ChangeIdentities() {}

  /** The identifiers of the changes whose action {@code actions} accepts. */
  public static Set<String> of(Plan plan, Predicate<ChangeAction> actions) {
    Set<String> out = new HashSet<>();
    for (ResourceChange ch : plan.changes()) {
      if (!actions.test(ch.action())) {
        continue;
      }
      out.add(ch.address());
      int dot = ch.address().lastIndexOf('.');
      if (dot >= 0) {
        out.add(ch.address().substring(dot + 1));
      }
      identities(ch.before(), out);
      identities(ch.after(), out);
    }
    return out;
  }

  private static void identities(Map<String, ?> attributes, Set<String> out) {
    attributes.forEach((k, v) -> {
      if (v instanceof String s && !s.isEmpty() && ATTRIBUTES.contains(k)) {
        out.add(s);
      }
    });
  }
}
