package dev.safeops.core.internal.rules;

/** The address a finding about the whole plan, rather than one resource, carries. */
final class Addresses {
  static final String PLAN = "(plan)";

  private Addresses() {}
}
