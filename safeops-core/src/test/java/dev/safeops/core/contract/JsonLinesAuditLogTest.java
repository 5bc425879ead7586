package dev.safeops.core.contract;

import dev.safeops.core.AuditLog;
import dev.safeops.core.internal.JsonLinesAuditLog;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class JsonLinesAuditLogTest extends AuditLogContract {
  @TempDir Path dir;

  @Override
  protected AuditLog newAuditLog() {
    return new JsonLinesAuditLog(dir.resolve("audit/trail.jsonl"));
  }

  @Override
  protected AuditLog anotherView(AuditLog log) {
    return new JsonLinesAuditLog(dir.resolve("audit/trail.jsonl"));
  }
}
