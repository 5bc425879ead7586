package dev.safeops.core;

/** How much an environment matters. The default policy is strictest for production. */
public enum Tier { PRODUCTION, STAGING, DEVELOPMENT }
