package dev.safeops.core.internal;

import dev.safeops.core.AuditEvent;
import dev.safeops.core.AuditException;
import dev.safeops.core.AuditSink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Logs each event as one JSON line through SLF4J. Durable only as far as the binding is. */
public final class Slf4jAuditSink implements AuditSink {
  private static final Logger LOG = LoggerFactory.getLogger("dev.safeops.audit");

  @Override
  public void record(AuditEvent event) {
    try {
      LOG.info("{}", AuditJson.toLine(event));
    } catch (RuntimeException e) {
      throw new AuditException("could not log audit event " + event, e);
    }
  }
}
