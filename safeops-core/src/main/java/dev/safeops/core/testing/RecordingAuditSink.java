package dev.safeops.core.testing;

import dev.safeops.core.AuditEvent;
import dev.safeops.core.AuditException;
import dev.safeops.core.AuditLog;
import dev.safeops.core.Step;
import dev.safeops.core.UnknownOutcome;
import dev.safeops.core.internal.OutcomeTracker;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;

/**
 * An {@link AuditLog} that keeps every event in memory, and can be told to fail, so tests can
 * prove that an operation whose audit cannot be written does not run. Thread-safe.
 */
public final class RecordingAuditSink implements AuditLog {
  private final List<AuditEvent> events = new ArrayList<>();
  private volatile Predicate<AuditEvent> failWhen = e -> false;

  /** From now on, refuse (throw {@link AuditException}) every event matching {@code condition}. */
  public RecordingAuditSink failWhen(Predicate<AuditEvent> condition) {
    this.failWhen = condition;
    return this;
  }

  /** From now on, refuse every event at {@code step}. */
  public RecordingAuditSink failAt(Step step) {
    return failWhen(e -> e.step() == step);
  }

  /** From now on, refuse every event whose verdict is {@code verdict} (e.g. {@code EXECUTING}). */
  public RecordingAuditSink failOnVerdict(String verdict) {
    return failWhen(e -> e.verdict().equals(verdict));
  }

  @Override
  public void record(AuditEvent event) {
    if (failWhen.test(event)) {
      throw new AuditException("audit store unavailable (simulated) at " + event.step(), null);
    }
    synchronized (events) {
      events.add(event);
    }
  }

  @Override
  public List<AuditEvent> read(String operationId) {
    synchronized (events) {
      return events.stream().filter(e -> e.operationId().equals(operationId))
          .sorted(Comparator.comparingInt(AuditEvent::sequence)).toList();
    }
  }

  @Override
  public List<UnknownOutcome> unknownOutcomes() {
    OutcomeTracker tracker = new OutcomeTracker();
    events().forEach(tracker::accept);
    return tracker.unknownOutcomes();
  }

  /** Every event recorded, in order of arrival. */
  public List<AuditEvent> events() {
    synchronized (events) {
      return List.copyOf(events);
    }
  }

  /** The verdicts recorded, in order, e.g. {@code [REQUESTED, LOCKED, PLANNED, ...]}. */
  public List<String> verdicts() {
    return events().stream().map(AuditEvent::verdict).toList();
  }

  /** True when some event has this verdict. */
  public boolean contains(String verdict) {
    return verdicts().contains(verdict);
  }

  /** The steps recorded, in order. */
  public List<Step> steps() {
    return events().stream().map(AuditEvent::step).toList();
  }
}
