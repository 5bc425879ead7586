package dev.safeops.core;

/**
 * What a dry run says will happen to one resource. {@link #FORGET} removes a resource from
 * management without destroying it (Terraform's {@code removed} block).
 */
public enum ChangeAction {
  CREATE, UPDATE, DELETE, REPLACE, READ, NO_OP, FORGET;

  /** True for the actions that destroy the resource as it exists now. */
  public boolean destroys() {
    return this == DELETE || this == REPLACE;
  }

  /** True for the actions that change something. */
  public boolean mutates() {
    return this != READ && this != NO_OP;
  }
}
