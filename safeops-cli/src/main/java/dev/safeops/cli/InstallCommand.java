package dev.safeops.cli;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code install}: the options of the installation; {@link Install} installs. */
@Command(name = "install", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Copy this safeops folder out of the build tree (so `mvn clean` cannot delete a live guard), "
        + "make the hook's class-data archive there, optionally link bin/safeops into a bin directory, and print "
        + "the .claude/settings.json entry with the installed path.",
        "All or nothing: a failed install leaves the previous installation (or nothing) in place.",
        "Exit 0 installed, 1 a step failed, 2 bad usage."})
final class InstallCommand implements Callable<Integer> {
  @ParentCommand Main main;

  @Option(names = "--prefix", paramLabel = "DIR",
      description = "where to install; default $XDG_DATA_HOME/safeops, or ~/.local/share/safeops")
  Path prefix;

  @Option(names = "--bin", paramLabel = "DIR",
      description = "link DIR/safeops to the installed launcher (e.g. ~/.local/bin); default: no link")
  Path bin;

  @Override
  public Integer call() throws Exception {
    Path installTo = prefix != null ? prefix : defaultPrefix();
    return Install.run(runningFolder(), installTo, Optional.ofNullable(bin),
        Install.archiveAndCheck(Path.of(System.getProperty("java.home"))), main.out, main.err);
  }

  static Path defaultPrefix() {
    String data = System.getenv("XDG_DATA_HOME");
    Path base = data != null && !data.isBlank() && Path.of(data).isAbsolute()
        ? Path.of(data) : Path.of(System.getProperty("user.home"), ".local", "share");
    return base.resolve("safeops");
  }

  /** The folder whose lib/safeops.jar holds this class, or where the classes are when it is not a jar. */
  private static Path runningFolder() throws Main.UsageException {
    CodeSource source = Main.class.getProtectionDomain().getCodeSource();
    try {
      if (source != null && source.getLocation() != null) {
        Path code = Path.of(source.getLocation().toURI());
        Path lib = code.getParent();
        return Files.isRegularFile(code) && lib != null && lib.getParent() != null ? lib.getParent() : code;
      }
    } catch (URISyntaxException | IllegalArgumentException e) {
      // not a file: fall through to the refusal
    }
    throw new Main.UsageException("cannot tell which folder safeops runs from, so there is nothing to install");
  }
}
