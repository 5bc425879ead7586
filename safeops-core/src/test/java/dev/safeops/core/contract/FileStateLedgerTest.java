package dev.safeops.core.contract;

import dev.safeops.core.StateLedger;
import dev.safeops.core.internal.FileStateLedger;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class FileStateLedgerTest extends StateLedgerContract {
  @TempDir Path dir;

  @Override
  protected StateLedger newStateLedger() {
    return new FileStateLedger(dir.resolve("state/ledger.json"));
  }

  @Override
  protected StateLedger anotherView(StateLedger ledger) {
    return new FileStateLedger(dir.resolve("state/ledger.json"));
  }
}
