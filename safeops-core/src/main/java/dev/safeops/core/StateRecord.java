package dev.safeops.core;

import java.util.Objects;

/**
 * Which state a workspace is at: its lineage (the id Terraform gives a state when it is
 * created) and serial (incremented on every write).
 */
public record StateRecord(String lineage, long serial) {
  public StateRecord {
    Objects.requireNonNull(lineage, "lineage");
    if (serial < 0) {
      throw new IllegalArgumentException("serial must be >= 0, was " + serial);
    }
  }
}
