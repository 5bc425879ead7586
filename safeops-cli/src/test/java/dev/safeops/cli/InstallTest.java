package dev.safeops.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code safeops install} on small stand-in folders; the preparation that runs JVMs (the
 * archive, the launcher's answer) is replaced here and run for real by {@code CliDistributionIT}.
 */
class InstallTest {
  @TempDir Path tmp;
  private Path source;
  private Path prefix;
  private final List<Path> prepared = new ArrayList<>();

  private record Run(int exit, String out, String err) {}

  @BeforeEach
  void aBuiltFolder() throws IOException {
    source = folder(tmp.resolve("build/safeops"), "new launcher", "new jar");
    Files.writeString(source.resolve("lib/safeops.jsa"), "archive made for the build folder");
    Files.writeString(source.resolve("lib/safeops.jsa.dir"), source.resolve("lib") + "\n");
    Files.writeString(source.resolve("lib/safeops.jdk"), "/some/jdk\n");
    prefix = tmp.resolve("home/.local/share/safeops");
  }

  private static Path folder(Path dir, String launcher, String jar) throws IOException {
    Files.createDirectories(dir.resolve("bin"));
    Files.createDirectories(dir.resolve("lib"));
    Files.writeString(dir.resolve("bin/safeops"), launcher);
    Files.writeString(dir.resolve("lib/safeops.jar"), jar);
    return dir;
  }

  private Run install(Optional<Path> bin, Install.Preparation preparation) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit = Install.run(source, prefix, bin, preparation, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private Run install(Optional<Path> bin) throws Exception {
    return install(bin, installed -> {
      prepared.add(installed);
      Files.writeString(installed.resolve("lib/safeops.jsa.dir"), installed.resolve("lib") + "\n");
    });
  }

  private static Install.Preparation failing(String why) {
    return installed -> {
      throw new IOException(why);
    };
  }

  /** What the prefix's parent holds besides the prefix itself (the lock file aside). */
  private List<String> leftovers() throws IOException {
    try (Stream<Path> s = Files.list(prefix.getParent())) {
      return s.map(p -> p.getFileName().toString())
          .filter(n -> !n.equals(prefix.getFileName().toString()) && !n.endsWith(".install-lock")).toList();
    }
  }

  @Test
  void installsACopyPreparedInItsFinalPlaceAndPrintsTheSettingsWithTheInstalledPath() throws Exception {
    Run r = install(Optional.empty());

    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(Files.readString(prefix.resolve("bin/safeops"))).isEqualTo("new launcher");
    assertThat(Files.readString(prefix.resolve("lib/safeops.jar"))).isEqualTo("new jar");
    assertThat(prepared).containsExactly(prefix.toAbsolutePath().normalize());
    assertThat(r.out()).startsWith("installed safeops ").contains(" in " + prefix);
    JsonNode settings = new ObjectMapper().readTree(r.out().substring(r.out().indexOf('{')));
    JsonNode hook = settings.get("hooks").get("PreToolUse").get(0);
    assertThat(hook.get("matcher").asText()).isEqualTo("Bash|Write|Edit|MultiEdit|NotebookEdit");
    assertThat(hook.get("hooks").get(0).get("command").asText()).isEqualTo(prefix.resolve("bin/safeops") + " hook claude-code");
    assertThat(leftovers()).isEmpty();
  }

  @Test
  void theBuildsArchiveIsNotCopiedItBelongsToTheFolderItWasMadeIn() throws Exception {
    Run r = install(Optional.empty(), installed -> assertThat(installed.resolve("lib/safeops.jsa")).doesNotExist());

    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(prefix.resolve("lib/safeops.jsa")).doesNotExist();
    assertThat(prefix.resolve("lib/safeops.jdk")).doesNotExist();
    assertThat(prefix.resolve("lib/safeops.jsa.dir")).doesNotExist();
  }

  @Test
  void reinstallingReplacesTheWholeFolderAndLeavesNothingBeside() throws Exception {
    folder(prefix, "old launcher", "old jar");
    Files.writeString(prefix.resolve("lib/from-an-older-version"), "x");

    Run r = install(Optional.empty());

    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(Files.readString(prefix.resolve("lib/safeops.jar"))).isEqualTo("new jar");
    assertThat(prefix.resolve("lib/from-an-older-version")).doesNotExist();
    assertThat(leftovers()).isEmpty();
  }

  @Test
  void aFailedPreparationPutsThePreviousInstallationBackWhole() throws Exception {
    folder(prefix, "old launcher", "old jar");

    Run r = install(Optional.empty(), failing("the check run with the archive exited with 1: boom"));

    assertThat(r.exit()).isEqualTo(Install.FAILED);
    assertThat(r.err()).isEqualTo("safeops install: the installed folder did not come up: the check run with the archive "
        + "exited with 1: boom; the previous installation in " + prefix + " is back in place.\n");
    assertThat(Files.readString(prefix.resolve("bin/safeops"))).isEqualTo("old launcher");
    assertThat(Files.readString(prefix.resolve("lib/safeops.jar"))).isEqualTo("old jar");
    assertThat(r.out()).doesNotContain("installed");
    assertThat(leftovers()).isEmpty();
  }

  @Test
  void aFailedFirstInstallLeavesNothing() throws Exception {
    Run r = install(Optional.of(tmp.resolve("bin")), failing("no archive"));

    assertThat(r.exit()).isEqualTo(Install.FAILED);
    assertThat(r.err()).endsWith("nothing was installed.\n");
    assertThat(prefix).doesNotExist();
    assertThat(tmp.resolve("bin/safeops")).doesNotExist();
    assertThat(leftovers()).isEmpty();
  }

  @Test
  void aFolderThatIsNotSafeopsIsNeverTouched() throws Exception {
    Files.createDirectories(prefix);
    Files.writeString(prefix.resolve("thesis.tex"), "years of work");

    assertThatThrownBy(() -> install(Optional.empty()))
        .isInstanceOf(Main.UsageException.class)
        .hasMessage(prefix + " exists and is not a safeops folder (no bin/safeops and lib/safeops.jar); "
            + "choose another --prefix, or remove it first");
    assertThat(Files.readString(prefix.resolve("thesis.tex"))).isEqualTo("years of work");
    assertThat(prepared).isEmpty();
  }

  @Test
  void anEmptyFolderIsInstalledInto() throws Exception {
    Files.createDirectories(prefix);

    assertThat(install(Optional.empty()).exit()).isZero();
    assertThat(prefix.resolve("bin/safeops")).exists();
  }

  @Test
  void onlyASafeopsFolderCanBeInstalled() throws Exception {
    Files.delete(source.resolve("lib/safeops.jar"));

    assertThatThrownBy(() -> install(Optional.empty()))
        .isInstanceOf(Main.UsageException.class)
        .hasMessageContaining("has no bin/safeops and lib/safeops.jar; run it as bin/safeops from a built or unpacked "
            + "safeops folder");
    assertThat(prefix).doesNotExist();
  }

  @Test
  void aFolderCannotBeInstalledIntoItselfOrAroundItself() throws Exception {
    prefix = source;
    assertThatThrownBy(() -> install(Optional.empty())).hasMessageContaining("is the folder safeops runs from: it is "
        + "installed there already");
    prefix = source.resolve("lib/nested");
    assertThatThrownBy(() -> install(Optional.empty())).hasMessageContaining("one holds the other");
    prefix = source.getParent();
    assertThatThrownBy(() -> install(Optional.empty())).hasMessageContaining("one holds the other");
    assertThat(Files.readString(source.resolve("lib/safeops.jar"))).isEqualTo("new jar");
  }

  @Test
  void aPrefixThatIsASymbolicLinkIsRefused() throws Exception {
    Path real = Files.createDirectories(tmp.resolve("real"));
    Files.createDirectories(prefix.getParent());
    Files.createSymbolicLink(prefix, real);

    assertThatThrownBy(() -> install(Optional.empty())).hasMessage(prefix + " is a symbolic link; give --prefix the "
        + "folder it points to");
  }

  @Test
  void theLinkInTheBinDirectoryPointsAtTheInstalledLauncherAndReplacesAnOlderLink() throws Exception {
    Path bin = Files.createDirectories(tmp.resolve("home/.local/bin"));
    Files.createSymbolicLink(bin.resolve("safeops"), tmp.resolve("somewhere/else"));

    Run r = install(Optional.of(bin));

    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(Files.readSymbolicLink(bin.resolve("safeops"))).isEqualTo(prefix.resolve("bin/safeops"));
    assertThat(r.out()).contains("linked " + bin.resolve("safeops") + " -> " + prefix.resolve("bin/safeops"));
    try (Stream<Path> s = Files.list(bin)) {
      assertThat(s.map(p -> p.getFileName().toString())).containsExactly("safeops");
    }
  }

  @Test
  void aBinEntryThatIsNotALinkIsNeverReplaced() throws Exception {
    Path bin = Files.createDirectories(tmp.resolve("bin"));
    Files.writeString(bin.resolve("safeops"), "someone else's safeops");

    assertThatThrownBy(() -> install(Optional.of(bin)))
        .hasMessage(bin.resolve("safeops") + " exists and is not a link; remove it or choose another --bin");
    assertThat(Files.readString(bin.resolve("safeops"))).isEqualTo("someone else's safeops");
    assertThat(prefix).doesNotExist();
  }

  @Test
  void aPathThatNeedsQuotingIsQuotedForTheShellInTheSettings() {
    assertThat(Install.settingsSnippet(Path.of("/home/o'neil/my tools/safeops/bin/safeops")))
        .contains("\"command\" : \"'/home/o'\\\\''neil/my tools/safeops/bin/safeops' hook claude-code\"");
    assertThat(Install.shellWord("/home/you/.local/share/safeops/bin/safeops"))
        .isEqualTo("/home/you/.local/share/safeops/bin/safeops");
  }

  @Test
  void installFromTheBuildsClassesIsOneSentenceAndExit2() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();

    int exit = Main.run(new String[] {"install", "--prefix", prefix.toString()}, new ByteArrayInputStream(new byte[0]),
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));

    assertThat(exit).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("safeops install: safeops install copies the safeops "
        + "folder it runs from, but ").contains("has no bin/safeops and lib/safeops.jar").hasLineCount(1);
    assertThat(prefix).doesNotExist();
  }
}
