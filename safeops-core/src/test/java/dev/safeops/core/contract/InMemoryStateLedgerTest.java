package dev.safeops.core.contract;

import dev.safeops.core.StateLedger;
import dev.safeops.core.internal.InMemoryStateLedger;

class InMemoryStateLedgerTest extends StateLedgerContract {
  @Override
  protected StateLedger newStateLedger() {
    return new InMemoryStateLedger();
  }
}
