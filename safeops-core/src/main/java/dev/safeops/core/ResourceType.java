package dev.safeops.core;

import java.util.List;
import java.util.Objects;

/**
 * What safeops knows about one resource type: its category, other names for it (the
 * CloudFormation and SDK names), the attributes that protect it, and when deleting it also
 * deletes its backups. Loaded as data from the {@link ResourceCatalog}.
 *
 * @param type Terraform type name, e.g. {@code aws_db_instance}
 * @param category what the resource is for
 * @param aliases other names, e.g. {@code AWS::RDS::DBInstance}
 * @param protections attributes that, when not in their protected value, leave the
 *     resource open to deletion or loss (deletion protection, versioning, PITR)
 * @param backupsLostOnDelete conditions that all hold when a delete takes the backups with
 *     it; empty when the catalog knows no such condition; see {@link #deleteLosesBackups()}
 * @param backupsAlwaysLost true when deleting this type always loses its data for good
 *     unless an independent backup exists (a DynamoDB table, an EFS file system)
 */
public record ResourceType(
    String type,
    ResourceCategory category,
    List<String> aliases,
    List<AttributeCondition> protections,
    List<AttributeCondition> backupsLostOnDelete,
    boolean backupsAlwaysLost) {

  public ResourceType {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(category, "category");
    aliases = List.copyOf(aliases);
    protections = List.copyOf(protections);
    backupsLostOnDelete = List.copyOf(backupsLostOnDelete);
  }

  /** True when the catalog knows conditions under which a delete takes the backups along. */
  public boolean deleteLosesBackups() {
    return backupsAlwaysLost || !backupsLostOnDelete.isEmpty();
  }

  /**
   * A test on one attribute. The value at {@code path} (dot-separated, list indexes as
   * numbers: {@code versioning_configuration.0.status}) is compared with {@code value}; when
   * the attribute is absent, null or unknown until apply, {@code defaultValue} stands in for
   * it, which is how provider defaults are judged pessimistically.
   *
   * @param path attribute path
   * @param value the value the condition is about (protected value, or loss trigger)
   * @param defaultValue the provider's default, used when the attribute is absent or unknown
   * @param description for messages, e.g. {@code deletion protection}
   * @param negated true when the condition holds while the attribute does <em>not</em> equal
   *     {@code value}: a protection that is off at one value only ({@code
   *     backup_retention_period} 0 deletes every automated backup, any other value keeps them)
   */
  public record AttributeCondition(String path, Object value, Object defaultValue, String description, boolean negated) {
    public AttributeCondition {
      Objects.requireNonNull(path, "path");
      Objects.requireNonNull(description, "description");
    }

    /** A condition that holds while the attribute equals {@code value}. */
    public AttributeCondition(String path, Object value, Object defaultValue, String description) {
      this(path, value, defaultValue, description, false);
    }
  }
}
