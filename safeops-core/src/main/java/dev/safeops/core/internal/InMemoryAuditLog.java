package dev.safeops.core.internal;

import dev.safeops.core.AuditEvent;
import dev.safeops.core.AuditException;
import dev.safeops.core.AuditLog;
import dev.safeops.core.UnknownOutcome;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** An append-only audit log held in memory. Thread-safe. */
public final class InMemoryAuditLog implements AuditLog {
  private final Map<String, List<AuditEvent>> byOperation = new HashMap<>();

  @Override
  public synchronized void record(AuditEvent event) {
    List<AuditEvent> events = byOperation.computeIfAbsent(event.operationId(), k -> new ArrayList<>());
    for (AuditEvent e : events) {
      if (e.sequence() == event.sequence()) {
        throw new AuditException("event " + event.operationId() + "#" + event.sequence() + " already recorded; the audit trail is append-only", null);
      }
    }
    events.add(event);
  }

  @Override
  public synchronized List<UnknownOutcome> unknownOutcomes() {
    OutcomeTracker tracker = new OutcomeTracker();
    byOperation.values().forEach(events -> events.forEach(tracker::accept));
    return tracker.unknownOutcomes();
  }

  @Override
  public synchronized List<AuditEvent> read(String operationId) {
    List<AuditEvent> events = new ArrayList<>(byOperation.getOrDefault(operationId, List.of()));
    events.sort(Comparator.comparingInt(AuditEvent::sequence));
    return List.copyOf(events);
  }
}
