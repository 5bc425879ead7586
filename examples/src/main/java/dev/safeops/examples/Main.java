package dev.safeops.examples;

import java.io.InputStream;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code java -jar safeops-examples.jar SUBCOMMAND ...}: the runnable programs. Exit codes:
 * 0 success, 2 bad usage or input (one sentence on stderr, never a stack trace); others are
 * the subcommand's own.
 */
public final class Main {

  /** One subcommand: runs with its arguments and the process streams, returns the exit code. */
  @FunctionalInterface
  interface Command {
    int run(String[] args, InputStream in, PrintStream out, PrintStream err) throws Exception;
  }

  private record Entry(String usage, String summary, Command command) {}

  private static Map<String, Entry> commands() {
    Map<String, Entry> m = new LinkedHashMap<>();
    // Each subcommand registers here, one line each.
    m.put("check-plan", new Entry(CheckPlan.USAGE, CheckPlan.SUMMARY, CheckPlan::run));
    m.put("posture", new Entry(PostureCommand.USAGE, PostureCommand.SUMMARY, PostureCommand::run));
    m.put("restore-drill", new Entry(RestoreDrillCommand.USAGE, RestoreDrillCommand.SUMMARY, RestoreDrillCommand::run));
    m.put("hook", new Entry("hook claude-code", "Answer one Claude Code PreToolUse event on stdin: allow, ask or deny.", Hook::run));
    m.put("replay-incident", new Entry(ReplayIncident.USAGE, ReplayIncident.SUMMARY, ReplayIncident::run));
    return m;
  }

  private Main() {}

  public static void main(String[] args) {
    System.exit(run(args, System.in, System.out, System.err));
  }

  static int run(String[] args, InputStream in, PrintStream out, PrintStream err) {
    Map<String, Entry> commands = commands();
    if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h") || args[0].equals("help")) {
      usage(commands, args.length == 0 ? err : out);
      return args.length == 0 ? 2 : 0;
    }
    Entry entry = commands.get(args[0]);
    if (entry == null) {
      err.println("safeops: unknown subcommand '" + args[0] + "'.");
      usage(commands, err);
      return 2;
    }
    try {
      return entry.command().run(Arrays.copyOfRange(args, 1, args.length), in, out, err);
    } catch (UsageException e) {
      err.println("safeops " + args[0] + ": " + e.getMessage());
      err.println("usage: " + entry.usage());
      return 2;
    } catch (dev.safeops.core.InvalidInputException e) {
      err.println("safeops " + args[0] + ": " + e.getMessage());
      return 2;
    } catch (Exception e) {
      err.println("safeops " + args[0] + ": failed: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
      return 1;
    }
  }

  private static void usage(Map<String, Entry> commands, PrintStream s) {
    s.println("usage: java -jar safeops-examples.jar SUBCOMMAND [ARGS]");
    s.println();
    for (Entry e : commands.values()) {
      s.println("  " + e.usage());
      s.println("      " + e.summary());
    }
  }

  /** Bad usage: the message is printed with the subcommand's usage line, exit 2. */
  static final class UsageException extends Exception {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
      super(message);
    }
  }
}
