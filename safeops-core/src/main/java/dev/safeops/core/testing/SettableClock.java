package dev.safeops.core.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;

/** A {@link Clock} that stands still until told to move, so expiry and windows test without sleeping. Thread-safe. */
public final class SettableClock extends Clock {
  private volatile Instant now;
  private final ZoneId zone;

  private SettableClock(Instant now, ZoneId zone) {
    this.now = Objects.requireNonNull(now, "now");
    this.zone = zone;
  }

  /** A clock at {@code 2026-01-01T00:00:00Z}. */
  public static SettableClock create() {
    return at(Instant.parse("2026-01-01T00:00:00Z"));
  }

  public static SettableClock at(Instant now) {
    return new SettableClock(now, ZoneOffset.UTC);
  }

  public void set(Instant instant) {
    this.now = Objects.requireNonNull(instant, "instant");
  }

  public synchronized Instant advance(Duration by) {
    now = now.plus(by);
    return now;
  }

  @Override
  public Instant instant() {
    return now;
  }

  @Override
  public ZoneId getZone() {
    return zone;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    SettableClock c = new SettableClock(now, zone);
    return c;
  }
}
