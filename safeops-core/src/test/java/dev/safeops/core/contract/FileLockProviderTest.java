package dev.safeops.core.contract;

import dev.safeops.core.LockProvider;
import dev.safeops.core.internal.FileLockProvider;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.io.TempDir;

class FileLockProviderTest extends LockProviderContract {
  @TempDir Path dir;

  @Override
  protected LockProvider newLockProvider(Clock clock) {
    return new FileLockProvider(dir.resolve("locks"), clock);
  }

  @Override
  protected LockProvider anotherView(LockProvider provider, Clock clock) {
    return new FileLockProvider(dir.resolve("locks"), clock);
  }
}
