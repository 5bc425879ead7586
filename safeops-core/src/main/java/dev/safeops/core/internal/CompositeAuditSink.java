package dev.safeops.core.internal;

import dev.safeops.core.AuditEvent;
import dev.safeops.core.AuditException;
import dev.safeops.core.AuditSink;
import java.util.List;

/** Records to each sink in order; the first failure stops the chain and the operation. Thread-safe when its sinks are. */
public final class CompositeAuditSink implements AuditSink {
  private final List<AuditSink> sinks;

  public CompositeAuditSink(List<? extends AuditSink> sinks) {
    if (sinks.isEmpty()) {
      throw new IllegalArgumentException("a composite audit sink needs at least one sink");
    }
    this.sinks = List.copyOf(sinks);
  }

  /** The sinks, in order. */
  public List<AuditSink> sinks() {
    return sinks;
  }

  @Override
  public void record(AuditEvent event) {
    for (AuditSink sink : sinks) {
      try {
        sink.record(event);
      } catch (AuditException e) {
        throw e;
      } catch (RuntimeException e) {
        throw new AuditException("audit sink " + sink.getClass().getSimpleName() + " failed: " + e.getMessage(), e);
      }
    }
  }
}
