package dev.safeops.cli;

import dev.safeops.core.internal.AtomicFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Makes the class-data archives of the agent hook and of check-plan in a safeops folder's {@code
 * lib/}: the hook answers the sample events shipped in the jar ({@code cds-training/}) and
 * check-plan judges the sample plan there in each format, each run lists the classes it loaded,
 * one static dump per command archives them, parsed and verified (both dumps with the hook's
 * flags, which do not bind the archive to them), and runs with {@code -Xshare:on} prove the JVM
 * maps each archive with its command's own flags, the hook still answers a
 * destroy with a deny and check-plan still asks for approvals. Only then are the files the
 * launcher looks for written, the folder last: {@code safeops.jsa} and {@code
 * safeops-check-plan.jsa}, {@code safeops.jdk} (the JDK that made them, which the launcher
 * prefers) and {@code safeops.jsa.dir} (the folder they were made in: on JDK 17 an archive
 * serves only the jar path it was dumped with, so the launcher uses them nowhere else).
 *
 * <p>Fails closed: the old markers are removed before anything else, so a failure at any step
 * leaves a folder whose launcher runs without an archive (the same answers, slower), never one
 * that points at a half-made archive. The archives are renamed into place, never rewritten, so a
 * command running meanwhile keeps its mapping. The build calls {@link #main} after the shade; {@code
 * safeops install} calls {@link #make} in the installed folder.
 */
final class ClassDataArchive {
  static final String ARCHIVE = "safeops.jsa";
  static final String CHECK_PLAN_ARCHIVE = "safeops-check-plan.jsa";
  static final String JDK = "safeops.jdk";
  static final String MADE_IN = "safeops.jsa.dir";
  static final String JAR = "safeops.jar";
  /** Started by class name, not with -jar, as the launcher does (see bin/safeops). */
  private static final String MAIN = Main.class.getName();
  private static final List<String> EVENTS = List.of("destroy", "read", "mutate", "plain");
  /** The flags of the launcher's hook line that change which classes load. */
  private static final List<String> HOOK_FLAGS = List.of("-XX:TieredStopAtLevel=1", "-XX:-UsePerfData");
  /** The flags bin/safeops starts a streaming check-plan with (CliDistributionIT holds the two in step). */
  static final List<String> CHECK_PLAN_FLAGS =
      List.of("-Xmx128m", "-XX:+UseSerialGC", "-XX:FreqInlineSize=50", "-XX:InlineSmallCode=500", "-XX:Tier3DelayOn=100000");
  private static final List<String> FORMATS = List.of("text", "markdown", "json");
  /** check-plan's exits on the sample plan: it needs approvals (10); 0 and 20 are answers too. */
  private static final Set<Integer> CHECK_PLAN_EXITS = Set.of(0, 10, 20);
  private static final Duration RUN = Duration.ofMinutes(2);
  private static final Duration DUMP = Duration.ofMinutes(5);

  private ClassDataArchive() {}

  /**
   * {@code java -cp lib/safeops.jar dev.safeops.cli.ClassDataArchive LIB}: makes the archive
   * for the JVM running this. Exit 0 made, 1 not made (the reason on stderr), 2 bad usage.
   */
  public static void main(String[] args) {
    if (args.length != 1) {
      System.err.println("usage: ClassDataArchive LIB (the lib folder holding " + JAR + ")");
      System.exit(2);
    }
    try {
      make(Path.of(args[0]), Path.of(System.getProperty("java.home")));
      Path lib = Path.of(args[0]).toAbsolutePath();
      System.out.println("made the class-data archives " + lib.resolve(ARCHIVE) + " (the hook) and " + lib.resolve(CHECK_PLAN_ARCHIVE)
          + " (check-plan)");
    } catch (IOException | UncheckedIOException e) {
      System.err.println("no class-data archives for the hook and check-plan (they still answer, only slower): " + e.getMessage());
      System.exit(1);
    }
  }

  /**
   * Makes the archive in {@code lib} with the JDK at {@code javaHome}.
   *
   * @throws IOException naming the step that failed; {@code lib} is then left without archive
   */
  static void make(Path lib, Path javaHome) throws IOException {
    Path dir = lib.toAbsolutePath().normalize();
    Path jar = dir.resolve(JAR);
    if (!Files.isRegularFile(jar)) {
      throw new IOException(jar + " is not there");
    }
    Path java = javaHome.resolve("bin").resolve("java");
    Files.deleteIfExists(dir.resolve(MADE_IN));
    Files.deleteIfExists(dir.resolve(JDK));
    Files.deleteIfExists(dir.resolve(ARCHIVE));
    Files.deleteIfExists(dir.resolve(CHECK_PLAN_ARCHIVE));
    AtomicFiles.syncDirectory(dir);
    Path work = Files.createTempDirectory("safeops-cds");
    Path freshHook = dir.resolve("." + ARCHIVE + ".new");
    Path freshCheckPlan = dir.resolve("." + CHECK_PLAN_ARCHIVE + ".new");
    try {
      List<String> hookLists = new ArrayList<>();
      for (String event : EVENTS) {
        Path list = work.resolve(event + ".classlist");
        List<String> cmd = new ArrayList<>(List.of(java.toString(), "-XX:DumpLoadedClassList=" + list));
        cmd.addAll(HOOK_FLAGS);
        cmd.addAll(List.of("-cp", jar.toString(), MAIN, "hook", "claude-code"));
        Subprocess.run("the training run on the " + event + " event", cmd, event(event), work, RUN);
        hookLists.addAll(Files.readAllLines(list, StandardCharsets.UTF_8));
      }
      dump(java, jar, work, "hook", hookLists, freshHook);
      // -Xshare:on: the JVM refuses to start rather than run without the archive.
      List<String> check = new ArrayList<>(List.of(java.toString(), "-XX:SharedArchiveFile=" + freshHook, "-Xshare:on"));
      check.addAll(HOOK_FLAGS);
      check.addAll(List.of("-Xlog:disable", "-Xlog:all=warning:stderr", "-cp", jar.toString(), MAIN, "hook", "claude-code"));
      String answer = Subprocess.run("the check run with the archive", check, event("destroy"), work, RUN);
      if (!answer.contains("\"permissionDecision\":\"deny\"")) {
        throw new IOException("the check run with the archive did not deny `terraform destroy`: " + Subprocess.firstLine(answer));
      }

      // check-plan has an archive of its own: in the hook's, its classes made every hook slower.
      Path plan = Files.write(work.resolve("plan.json"), resource("plan.json"));
      List<String> checkPlanLists = new ArrayList<>();
      for (String format : FORMATS) {
        Path list = work.resolve("check-plan-" + format + ".classlist");
        List<String> cmd = new ArrayList<>(List.of(java.toString(), "-XX:DumpLoadedClassList=" + list));
        cmd.addAll(CHECK_PLAN_FLAGS);
        cmd.addAll(List.of("-cp", jar.toString(), MAIN, "check-plan", "--tier", "production", "--format", format, plan.toString()));
        Subprocess.run("the training run of check-plan --format " + format, cmd, new byte[0], work, RUN, CHECK_PLAN_EXITS);
        checkPlanLists.addAll(Files.readAllLines(list, StandardCharsets.UTF_8));
      }
      dump(java, jar, work, "check-plan", checkPlanLists, freshCheckPlan);
      List<String> checkPlan = new ArrayList<>(List.of(java.toString(), "-XX:SharedArchiveFile=" + freshCheckPlan, "-Xshare:on"));
      checkPlan.addAll(CHECK_PLAN_FLAGS);
      checkPlan.addAll(List.of("-Xlog:disable", "-Xlog:all=warning:stderr", "-cp", jar.toString(), MAIN, "check-plan", "--tier",
          "production", plan.toString()));
      String judged = Subprocess.run("the check run of check-plan with its archive", checkPlan, new byte[0], work, RUN,
          CHECK_PLAN_EXITS);
      if (!judged.startsWith("REQUIRE_APPROVAL")) {
        throw new IOException("the check run of check-plan with its archive did not ask for approvals: " + Subprocess.firstLine(judged));
      }

      for (Path fresh : List.of(freshHook, freshCheckPlan)) {
        try (FileChannel ch = FileChannel.open(fresh, StandardOpenOption.READ)) { // the dump is read-only; fsync needs no write access
          ch.force(true);
        }
      }
      Files.move(freshHook, dir.resolve(ARCHIVE), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      Files.move(freshCheckPlan, dir.resolve(CHECK_PLAN_ARCHIVE), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      AtomicFiles.write(dir.resolve(JDK), (javaHome.toAbsolutePath().normalize() + "\n").getBytes(StandardCharsets.UTF_8));
      AtomicFiles.write(dir.resolve(MADE_IN), (dir + "\n").getBytes(StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(freshHook);
      Files.deleteIfExists(freshCheckPlan);
      Install.deleteTree(work);
    }
  }

  /**
   * One static dump of the classes the training runs loaded (their lists merged) into {@code
   * fresh}. Always with the hook's flags: an archive serves a command started with other flags
   * too, as the check runs prove.
   */
  private static void dump(Path java, Path jar, Path work, String what, List<String> lists, Path fresh) throws IOException {
    Path all = work.resolve(what + ".classlist");
    Files.write(all, merge(lists), StandardCharsets.UTF_8);
    Files.deleteIfExists(fresh);
    List<String> dump = new ArrayList<>(List.of(java.toString(), "-Xshare:dump", "-XX:SharedClassListFile=" + all,
        "-XX:SharedArchiveFile=" + fresh));
    dump.addAll(HOOK_FLAGS);
    dump.addAll(List.of("-cp", jar.toString()));
    Subprocess.run("the dump of the " + what + " archive", dump, new byte[0], work, DUMP);
  }

  /**
   * The training runs' class lists as one: each class once, without the ids each run numbers
   * its own list with (the dump aborts on one class listed under two ids). Lines of classes
   * from other loaders, which refer to other lines by id, are left out: they are not archived.
   */
  static List<String> merge(List<String> lines) {
    Set<String> seen = new HashSet<>();
    List<String> merged = new ArrayList<>();
    for (String line : lines) {
      if (line.isBlank() || line.startsWith("#") || line.contains(" super: ")) {
        continue;
      }
      if (line.startsWith("@")) {
        if (seen.add(line)) {
          merged.add(line);
        }
        continue;
      }
      String name = line.split(" ", 2)[0];
      if (seen.add(name)) {
        merged.add(line.replaceFirst(" id: \\d+$", ""));
      }
    }
    return merged;
  }

  private static byte[] event(String name) throws IOException {
    return resource(name + ".json");
  }

  private static byte[] resource(String name) throws IOException {
    try (InputStream in = ClassDataArchive.class.getResourceAsStream("cds-training/" + name)) {
      if (in == null) {
        throw new IOException("the jar has no training sample cds-training/" + name);
      }
      return in.readAllBytes();
    }
  }
}
