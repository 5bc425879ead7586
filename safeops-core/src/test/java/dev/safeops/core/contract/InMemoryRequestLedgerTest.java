package dev.safeops.core.contract;

import dev.safeops.core.RequestLedger;
import java.util.Optional;

class InMemoryRequestLedgerTest extends RequestLedgerContract {
  @Override
  protected RequestLedger newRequestLedger() {
    return RequestLedger.inMemory();
  }

  @Override
  protected Optional<ProcessStore> storeForAnotherProcess() {
    return Optional.empty();
  }
}
