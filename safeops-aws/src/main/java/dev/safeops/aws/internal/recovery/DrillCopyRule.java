package dev.safeops.aws.internal.recovery;

import dev.safeops.core.ChangeAction;
import dev.safeops.core.Finding;
import dev.safeops.core.Level;
import dev.safeops.core.Operation;
import dev.safeops.core.Plan;
import dev.safeops.core.ResourceChange;
import dev.safeops.core.Rule;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * CRITICAL for any change the restore drill makes to something that is not its own copy.
 * Judges the live attributes the dry run read (the {@code before} of an update or delete),
 * never what the caller claims; a create is judged on what it will create.
 */
public final class DrillCopyRule implements Rule {
  public static final String ID = "drill.copies-only";
  private static final Set<String> TYPES = Set.of("aws_db_instance", "aws_rds_cluster", "aws_rds_cluster_instance");

  private final DrillNaming naming;

  public DrillCopyRule(DrillNaming naming) {
    this.naming = naming;
  }

  @Override
  public String id() {
    return ID;
  }

  @Override
  public List<Finding> evaluate(Plan plan, Operation operation) {
    List<Finding> findings = new ArrayList<>();
    for (ResourceChange c : plan.changes()) {
      if (!c.action().mutates()) {
        continue;
      }
      String why = refusal(c);
      if (why != null) {
        findings.add(new Finding(ID, Level.CRITICAL, c.address(), why));
      }
    }
    return findings;
  }

  private String refusal(ResourceChange c) {
    String who = c.address();
    if (!TYPES.contains(c.type())) {
      return who + " is a " + c.type() + ": the restore drill changes only its own DB copies.";
    }
    if (c.action() != ChangeAction.CREATE && c.action() != ChangeAction.UPDATE && c.action() != ChangeAction.DELETE) {
      return who + " would be " + c.action() + "d: the restore drill only creates, updates and deletes its own copies.";
    }
    if (c.action() != ChangeAction.CREATE && !marked(c.before())) {
      return who + " is not a copy made by the restore drill of " + naming.source()
          + " (its name and its " + DrillNaming.TAG_DRILL + " tag must both say so): the drill may not change it.";
    }
    if (c.before().get("members") instanceof List<?> members) {
      for (Object m : members) {
        if (!(m instanceof Map<?, ?> member) || !marked(member)) {
          return who + " holds " + (m instanceof Map<?, ?> mm ? mm.get("identifier") : m)
              + ", which is not a restore drill copy of " + naming.source() + ": the drill may not change it.";
        }
      }
    }
    if (c.after().get("cluster_identifier") instanceof String cluster && !naming.hasCopyName(cluster)) {
      return who + " would join cluster " + cluster + ", which is not a restore drill copy of " + naming.source() + ".";
    }
    if (c.action() != ChangeAction.DELETE && !marked(c.after())) {
      return who + " would not be marked as a restore drill copy of " + naming.source()
          + " afterwards (name drill-" + naming.source() + "-YYYYMMDD and tag " + DrillNaming.TAG_DRILL + ").";
    }
    return null;
  }

  private boolean marked(Map<?, ?> attributes) {
    Object id = attributes.get("identifier");
    Object tags = attributes.get("tags");
    return id instanceof String s && tags instanceof Map<?, ?> m && naming.isCopy(s, castTags(m));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, ?> castTags(Map<?, ?> m) {
    return (Map<String, ?>) m;
  }
}
