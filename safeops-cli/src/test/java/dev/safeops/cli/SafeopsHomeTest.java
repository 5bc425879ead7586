package dev.safeops.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.safeops.core.InvalidInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafeopsHomeTest {
  @TempDir Path tmp;

  @Test
  void aMissingHomeIsCreatedWithItsFoldersReadableByItsOwnerOnly() throws Exception {
    SafeopsHome home = SafeopsHome.open(tmp.resolve("a/b/.safeops").toString(), Map.of());

    for (Path d : new Path[] {home.dir(), home.requests(), home.plans(), home.locks()}) {
      assertThat(d).isDirectory();
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(d))).isEqualTo("rwx------");
    }
    assertThat(home.explicit()).isTrue();
  }

  @Test
  void theOptionWinsOverSafeopsHomeWhichWinsOverTheDefault() {
    Path fromEnv = tmp.resolve("env-home");
    assertThat(SafeopsHome.open(null, Map.of("SAFEOPS_HOME", fromEnv.toString())).dir()).isEqualTo(fromEnv);
    assertThat(SafeopsHome.open(tmp.resolve("opt").toString(), Map.of("SAFEOPS_HOME", fromEnv.toString())).dir())
        .isEqualTo(tmp.resolve("opt"));
  }

  @Test
  void aHomeOthersMayWriteIsRefusedWithOneSentence() throws Exception {
    Path open = Files.createDirectories(tmp.resolve("open"));
    Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxrwxrwx"));

    assertThatThrownBy(() -> SafeopsHome.open(open.toString(), Map.of())).isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("writable by everyone").hasMessageContaining("chmod go-w " + open);
  }

  @Test
  void anAllowedSignersFileOthersMayWriteIsRefused() throws Exception {
    SafeopsHome home = SafeopsHome.open(tmp.resolve("h").toString(), Map.of());
    Files.writeString(home.allowedSigners(), "");
    Files.setPosixFilePermissions(home.allowedSigners(), PosixFilePermissions.fromString("rw-rw-r--"));

    assertThatThrownBy(() -> SafeopsHome.open(tmp.resolve("h").toString(), Map.of())).isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("allowed_signers is writable by its group");
  }

  @Test
  void aHomeThatIsAFileIsRefused() throws Exception {
    Path file = Files.writeString(tmp.resolve("file"), "x");

    assertThatThrownBy(() -> SafeopsHome.open(file.toString(), Map.of())).isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("is not a directory");
  }
}
