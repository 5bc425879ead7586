package dev.safeops.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
  @TempDir Path dir;

  @Test
  void writeReplacesTheWholeFileAndLeavesNoTemporaryBehind() throws IOException {
    Path f = dir.resolve("sub/ledger.json");
    AtomicFiles.write(f, "{\"a\":1,\"long\":\"xxxxxxxxxxxxxxxx\"}".getBytes(StandardCharsets.UTF_8));
    AtomicFiles.write(f, "{}".getBytes(StandardCharsets.UTF_8));

    assertThat(Files.readString(f)).isEqualTo("{}");
    try (var files = Files.list(f.getParent())) {
      assertThat(files).containsExactly(f);
    }
  }

  @Test
  void aWriteThatCannotReplaceItsTargetLeavesTheTargetAsItWasAndNoTemporary() throws IOException {
    // A non-empty directory cannot be replaced by a file: the rename fails.
    Path blocker = dir.resolve("blocked");
    Files.createDirectories(blocker.resolve("child"));

    assertThatThrownBy(() -> AtomicFiles.write(blocker, "new".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(IOException.class);
    assertThat(Files.isDirectory(blocker.resolve("child"))).isTrue();
    try (var files = Files.list(dir)) {
      assertThat(files).containsExactly(blocker);
    }
  }

  @Test
  void readingAMissingFileIsEmptyNotAnError() throws IOException {
    assertThat(AtomicFiles.readIfExists(dir.resolve("absent"))).isEmpty();
  }

  @Test
  void readingAFifoFailsAtOnceInsteadOfBlocking() throws Exception {
    Path fifo = dir.resolve("fifo");
    Process p;
    try {
      p = new ProcessBuilder("mkfifo", fifo.toString()).start();
    } catch (IOException e) {
      assumeTrue(false, "mkfifo is not available: " + e.getMessage());
      return;
    }
    assumeTrue(p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0, "mkfifo failed");

    assertThatThrownBy(() -> AtomicFiles.readIfExists(fifo))
        .isInstanceOf(IOException.class).hasMessageContaining("not a regular file");
  }
}
