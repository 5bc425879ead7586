package dev.safeops.core.command.internal;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The programs that run another command, and how each one's own options and operands are
 * told from the command it runs: {@code sudo -u deploy terraform destroy} runs {@code
 * terraform destroy}; {@code aws-vault exec prod -- aws s3 rb s3://b} runs {@code aws s3 rb
 * s3://b}; {@code flock /tmp/l -c 'terraform apply'} runs shell text. The parser unwraps
 * them, so the command inside is judged as if it were written alone.
 *
 * <p>A program with its own rules ({@code env}, {@code xargs}, {@code find -exec}, shells,
 * interpreters) is handled by the parser itself and is not listed here. Immutable.
 */
final class Wrappers {

  /** What the words after the wrapper's own options and operands are. */
  enum Runs {
    /** A command and its arguments ({@code sudo terraform destroy}). */
    WORDS,
    /** Shell text, joined with spaces ({@code sg ops 'terraform destroy'}). */
    TEXT,
    /** Nothing: only a command-string option runs code ({@code su -c 'cmd'}). */
    NOTHING
  }

  /**
   * How one wrapper is read.
   *
   * @param valueOptions options that take the next word as their value
   * @param subcommands when not empty, the wrapper runs a command only after one of these
   *     first words ({@code aws-vault exec}, {@code docker exec})
   * @param operands how many operands come before the command ({@code timeout 60 cmd}: one)
   * @param commandStrings options whose value is shell text ({@code su -c}, {@code flock -c},
   *     {@code nix-shell --run})
   * @param commandFollows options after which the rest of the words is the command ({@code nix
   *     develop -c cmd args}, {@code gdb --args cmd})
   * @param runs what the remaining words are
   * @param dashDash when {@code --} appears, the command is what follows it (tool lists and
   *     profiles may come before it)
   * @param remote the command runs elsewhere (a container, a pod, another root), so this
   *     line's working directory means nothing there
   * @param outputs options whose value is a file the wrapper itself writes ({@code time -o})
   */
  record Wrapper(Set<String> valueOptions, Set<String> subcommands, int operands, Set<String> commandStrings,
      Set<String> commandFollows, Runs runs, boolean dashDash, boolean remote, Set<String> outputs) {

    /** True when option {@code a} takes a value: it is listed, or it ends a short cluster with one that is. */
    boolean takesValue(String a) {
      return valueOptions.contains(a) || endsCluster(a, valueOptions);
    }

    /** The shell text a command-string option at {@code k} carries, or null. */
    String commandString(java.util.List<String> args, int k) {
      String a = args.get(k);
      for (String o : commandStrings) {
        if (o.startsWith("--") && a.startsWith(o + "=")) {
          return a.substring(o.length() + 1);
        }
      }
      if ((commandStrings.contains(a) || endsCluster(a, commandStrings)) && k + 1 < args.size()) {
        return args.get(k + 1);
      }
      return null;
    }
  }

  /** True for a cluster of short options ({@code -qc}) whose last letter is one of {@code options}. */
  static boolean endsCluster(String a, Set<String> options) {
    return a.length() > 2 && a.charAt(0) == '-' && a.charAt(1) != '-' && a.indexOf('=') < 0
        && options.contains("-" + a.charAt(a.length() - 1));
  }

  private static final Set<String> NONE = Set.of();
  private static final Map<String, Wrapper> TABLE = new HashMap<>();

  private static void put(Wrapper w, String... names) {
    for (String n : names) {
      TABLE.put(n, w);
    }
  }

  private static Wrapper words(String... valueOptions) {
    return new Wrapper(Set.of(valueOptions), NONE, 0, NONE, NONE, Runs.WORDS, false, false, NONE);
  }

  static {
    put(words("-u", "-g", "-h", "-p", "-C", "-D", "-r", "-t", "-T", "-U", "--user", "--group", "--host", "--prompt",
        "--chdir", "--role", "--type", "--other-user", "--close-from"), "sudo");
    put(words("-u", "-C"), "doas");
    put(words(), "nohup", "builtin", "chronic", "unbuffer", "caffeinate", "nocorrect", "noglob", "setsid",
        "catchsegv", "dumb-init", "ifne", "torsocks", "firejail", "unshare", "valgrind");
    put(words("--user"), "pkexec");
    put(words("-f"), "proxychains", "proxychains4");
    put(words("-s", "-e", "-p"), "tini");
    put(words("-n", "-s", "-f", "-e", "-p", "-w", "--server-num", "--server-args", "--auth-file", "--error-file"),
        "xvfb-run");
    put(new Wrapper(Set.of("-f", "-o", "--format", "--output"), NONE, 0, NONE, NONE, Runs.WORDS, false, false,
        Set.of("-o", "--output")), "time");
    put(words("-n", "--adjustment"), "nice");
    put(words("-c", "-n", "-p", "-P", "-u", "--class", "--classdata"), "ionice");
    put(words("-i", "-o", "-e"), "stdbuf");
    put(new Wrapper(Set.of("-s", "-k", "--signal", "--kill-after"), NONE, 1, NONE, NONE, Runs.WORDS, false, false,
        NONE), "timeout", "gtimeout");
    put(words("-a"), "exec");
    put(new Wrapper(Set.of("-w", "-E", "--timeout", "--conflict-exit-code"), NONE, 1, Set.of("-c", "--command"), NONE,
        Runs.WORDS, false, false, NONE), "flock");
    put(new Wrapper(NONE, NONE, 1, NONE, NONE, Runs.WORDS, false, false, NONE), "lckdo", "chrt", "taskset");
    put(words("-S", "-c", "-e", "-h", "-L", "-Logfile", "-p", "-T", "-t", "-X"), "screen");
    put(new Wrapper(Set.of("-t", "-T", "-I", "-O", "-B", "-E", "-m", "--log-io", "--log-in", "--log-out",
        "--log-timing", "--echo", "--logging-format"), NONE, 0, Set.of("-c", "--command"), NONE, Runs.NOTHING,
        false, false, NONE), "script");
    Set<String> suOptions = Set.of("-s", "--shell", "-g", "--group", "-G", "--supp-group", "-w",
        "--whitelist-environment");
    Set<String> suCommand = Set.of("-c", "--command", "--session-command");
    put(new Wrapper(suOptions, NONE, 0, suCommand, NONE, Runs.NOTHING, false, false, NONE), "su");
    put(new Wrapper(union(suOptions, Set.of("-u", "--user")), NONE, 0, suCommand, NONE, Runs.WORDS, false, false,
        NONE), "runuser");
    put(new Wrapper(NONE, NONE, 1, Set.of("-c"), NONE, Runs.TEXT, false, false, NONE), "sg");
    // Secrets and credential injectors: they run the command with extra environment.
    put(new Wrapper(Set.of("-d", "--duration", "-t", "--mfa-token", "--region", "--backend", "--prompt",
        "--keychain", "--mfa-serial", "--session-ttl", "--assume-role-ttl"), Set.of("exec"), 1, NONE, NONE,
        Runs.WORDS, true, false, NONE), "aws-vault");
    put(new Wrapper(Set.of("--env-file", "--account", "--config", "--session"), Set.of("run"), 0, NONE, NONE,
        Runs.WORDS, true, false, NONE), "op");
    put(new Wrapper(Set.of("-p", "--project", "-c", "--config", "--token", "--mount", "--mount-format",
        "--mount-template", "--name-transformer", "--fallback", "--scope", "--config-dir"), Set.of("run"), 0,
        Set.of("--command"), NONE, Runs.WORDS, true, false, NONE), "doppler");
    put(new Wrapper(Set.of("--env", "--path", "--projectId", "--token", "--domain"), Set.of("run"), 0,
        Set.of("--command"), NONE, Runs.WORDS, true, false, NONE), "infisical");
    put(new Wrapper(Set.of("-e", "-v", "-c", "-p"), NONE, 0, NONE, NONE, Runs.WORDS, true, false, NONE), "dotenv");
    put(new Wrapper(Set.of("-b", "--backend"), Set.of("exec"), 1, NONE, NONE, Runs.WORDS, true, false, NONE),
        "chamber");
    put(new Wrapper(NONE, Set.of("exec"), 1, NONE, NONE, Runs.WORDS, false, false, NONE), "direnv");
    put(new Wrapper(NONE, Set.of("exec"), 0, NONE, NONE, Runs.WORDS, false, false, NONE), "asdf");
    put(new Wrapper(Set.of("-C", "--cd", "-E", "--env", "-j", "--jobs"), Set.of("exec", "x"), 0,
        Set.of("-c", "--command"), NONE, Runs.WORDS, true, false, NONE), "mise", "rtx");
    put(new Wrapper(Set.of("-A", "--attr", "-I", "--include"), NONE, 0, Set.of("--run", "--command"), NONE,
        Runs.NOTHING, false, false, NONE), "nix-shell");
    put(new Wrapper(NONE, Set.of("develop", "shell"), 0, NONE, Set.of("-c", "--command"), Runs.NOTHING, false, false,
        NONE), "nix");
    put(new Wrapper(Set.of("-u", "--unit", "-p", "--property", "--description", "--slice", "-E", "--setenv", "--uid",
        "--gid", "--working-directory", "-M", "--machine", "-H", "--host", "--nice", "--on-active", "--on-boot",
        "--on-startup", "--on-unit-active", "--on-unit-inactive", "--on-calendar", "--timer-property",
        "--path-property", "--socket-property", "--service-type"), NONE, 0, NONE, NONE, Runs.WORDS, false, false,
        NONE), "systemd-run");
    put(new Wrapper(Set.of("-e", "-o", "-p", "-s", "-u", "-E", "-O", "-S", "-a", "-b", "-I", "-P", "-X", "-U"), NONE,
        0, NONE, NONE, Runs.WORDS, false, false, Set.of("-o")), "strace", "ltrace");
    put(new Wrapper(Set.of("--userspec", "--groups"), NONE, 1, NONE, NONE, Runs.WORDS, false, true, NONE), "chroot");
    put(words("-C", "-N", "-m", "-i", "-p", "--cpunodebind", "--membind", "--interleave", "--physcpubind",
        "--preferred"), "numactl");
    put(words("-g"), "cgexec");
    put(words("-t", "--target", "-S", "--setuid", "-G", "--setgid"), "nsenter");
    put(new Wrapper(NONE, NONE, 0, NONE, Set.of("--args"), Runs.NOTHING, false, false, NONE), "gdb");
    put(new Wrapper(Set.of("-t", "--tries", "-d", "--delay", "-m", "--max-time"), NONE, 0, NONE, NONE, Runs.WORDS,
        true, false, NONE), "retry");
    put(new Wrapper(Set.of("-a", "-c", "-e", "-E", "-l", "-o", "-p", "-u"), NONE, 0, NONE, NONE, Runs.WORDS, false,
        false, Set.of("-o", "-e")), "daemonize");
    // Containers and pods: the command runs inside, where this line's directory means nothing.
    Set<String> execOptions = Set.of("-e", "--env", "--env-file", "-u", "--user", "-w", "--workdir", "--detach-keys");
    put(new Wrapper(execOptions, Set.of("exec"), 1, NONE, NONE, Runs.WORDS, false, true, NONE), "docker", "podman",
        "nerdctl");
    put(new Wrapper(Set.of("-c", "--container", "-n", "--namespace", "--context", "--kubeconfig", "-f", "--filename",
        "--pod-running-timeout", "--cluster", "--user", "-s", "--server", "--token", "--request-timeout"),
        Set.of("exec"), 1, NONE, NONE, Runs.WORDS, true, true, NONE), "kubectl", "oc");
  }

  private static Set<String> union(Set<String> a, Set<String> b) {
    java.util.HashSet<String> u = new java.util.HashSet<>(a);
    u.addAll(b);
    return Set.copyOf(u);
  }

  private Wrappers() {}

  /** How {@code name} (lower case, without its directory) runs another command; null when it is not a wrapper. */
  static Wrapper of(String name) {
    return TABLE.get(name);
  }
}
