package dev.safeops.core;

/** What a resource type is for, as far as blast radius is concerned. */
public enum ResourceCategory {
  DATA_STORE, BACKUP, NETWORK_FOUNDATION, COMPUTE, IDENTITY, DNS, ENCRYPTION_KEY, OTHER, UNKNOWN
}
