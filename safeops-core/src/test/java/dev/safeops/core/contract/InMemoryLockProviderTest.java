package dev.safeops.core.contract;

import dev.safeops.core.LockProvider;
import dev.safeops.core.internal.InMemoryLockProvider;
import java.time.Clock;

class InMemoryLockProviderTest extends LockProviderContract {
  @Override
  protected LockProvider newLockProvider(Clock clock) {
    return new InMemoryLockProvider(clock);
  }
}
