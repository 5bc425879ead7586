package dev.safeops.core.internal;

import dev.safeops.core.AuditEvent;
import dev.safeops.core.Step;
import dev.safeops.core.UnknownOutcome;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds {@link UnknownOutcome}s in a stream of audit events from many operations, in any order,
 * keeping only what is still open: an operation's EXECUTING event until a result with a higher
 * sequence is seen (and a result seen before its EXECUTING event). Not thread-safe.
 */
public final class OutcomeTracker {
  private final Map<String, AuditEvent> executing = new HashMap<>();
  private final Map<String, Integer> resultSeenBefore = new HashMap<>();

  public void accept(AuditEvent e) {
    String op = e.operationId();
    if (e.step() == Step.AUDIT && UnknownOutcome.EXECUTING.equals(e.verdict())) {
      Integer result = resultSeenBefore.get(op);
      if (result != null && result > e.sequence()) {
        return;
      }
      executing.merge(op, e, (a, b) -> a.sequence() >= b.sequence() ? a : b);
    } else if (e.step() == Step.RESULT) {
      AuditEvent started = executing.get(op);
      if (started != null && started.sequence() < e.sequence()) {
        executing.remove(op);
      } else if (started == null) {
        resultSeenBefore.merge(op, e.sequence(), Math::max);
      }
    }
  }

  /** The operations still open, oldest EXECUTING first. */
  public List<UnknownOutcome> unknownOutcomes() {
    return executing.values().stream()
        .filter(e -> resultSeenBefore.getOrDefault(e.operationId(), Integer.MIN_VALUE) < e.sequence())
        .sorted(Comparator.comparing(AuditEvent::time).thenComparing(AuditEvent::operationId))
        .map(UnknownOutcome::new)
        .toList();
  }
}
