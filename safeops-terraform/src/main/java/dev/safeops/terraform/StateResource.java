package dev.safeops.terraform;

import java.util.Objects;

/**
 * One resource instance in a Terraform state.
 *
 * @param address the instance address Terraform prints, e.g. {@code module.db.aws_db_instance.main[0]}
 * @param type the resource type, e.g. {@code aws_db_instance}
 * @param managed true for a managed resource, false for a data source
 */
public record StateResource(String address, String type, boolean managed) {
  public StateResource {
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(type, "type");
  }
}
