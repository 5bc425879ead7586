package dev.safeops.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class SpillFileTest {

  private static long spillFilesInTemp() throws IOException {
    try (Stream<Path> files = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
      return files.filter(f -> f.getFileName().toString().startsWith("safeops-") && f.getFileName().toString().endsWith(".spill")).count();
    }
  }

  @Test
  void whatIsWrittenBeyondTheMemoryLimitGoesToAFileAndReadsBackFromAnyPosition() throws IOException {
    long before = spillFilesInTemp();
    try (SpillFile spill = SpillFile.create(1000)) {
      DataOutputStream out = new DataOutputStream(spill);
      for (int i = 0; i < 100_000; i++) {
        out.writeInt(i);
      }
      out.flush();

      assertThat(spill.onDisk()).isTrue();
      assertThat(spill.size()).isEqualTo(400_000);
      assertThat(spillFilesInTemp()).as("the open file is unlinked at once").isEqualTo(before);
      DataInputStream in = new DataInputStream(spill.reader(4L * 77_777));
      assertThat(in.readInt()).isEqualTo(77_777);
      assertThat(in.readInt()).isEqualTo(77_778);
      DataInputStream other = new DataInputStream(spill.reader(0));
      assertThat(other.readInt()).isZero();
      assertThat(in.readInt()).isEqualTo(77_779);
    }
  }

  @Test
  void whatFitsInMemoryStaysThere() throws IOException {
    try (SpillFile spill = SpillFile.create(1 << 20)) {
      spill.write(new byte[] {1, 2, 3});

      assertThat(spill.onDisk()).isFalse();
      assertThat(spill.reader(1).readAllBytes()).containsExactly(2, 3);
    }
  }
}
