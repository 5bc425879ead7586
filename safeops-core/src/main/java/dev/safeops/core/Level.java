package dev.safeops.core;

/** How bad a finding or a whole blast radius is, from {@link #NONE} to {@link #CRITICAL}. */
public enum Level {
  NONE, LOW, MEDIUM, HIGH, CRITICAL;

  public boolean atLeast(Level other) {
    return compareTo(other) >= 0;
  }

  public static Level max(Level a, Level b) {
    return a.compareTo(b) >= 0 ? a : b;
  }
}
