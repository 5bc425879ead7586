package dev.safeops.cli;

import dev.safeops.core.InvalidInputException;
import dev.safeops.core.Principal;
import dev.safeops.core.SafeOpsException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code safeops SUBCOMMAND ...}: the command line. Exit codes: 0 success; 2 bad usage or
 * input (one sentence on stderr, never a stack trace); 1 a failure the command could not
 * turn into an answer; subcommands add their own (check-plan: 10 approval needed, 20 denied).
 *
 * <p>{@code hook claude-code} is answered without building the command model: it runs once
 * per agent command in a fresh JVM, and picocli's reflection would cost it start-up time. So
 * is a plain {@code check-plan} line ({@link CheckPlanCommand.Line}): picocli's model costs
 * about 0.15 s of a check, a third of a small plan's.
 */
@Command(name = "safeops", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
    description = "Guarded execution for infrastructure changes: judge plans, guard an agent's commands, check backups.")
public final class Main implements Runnable {
  /**
   * The subcommands by name, in the order help lists them. Picocli reflects on every
   * subcommand it is given, about 0.15 s of a cold start, so a command line that names one gets
   * only that one; anything else (no subcommand, help, a name that is none) gets them all.
   */
  static final Map<String, Class<?>> SUBCOMMANDS = subcommands();

  private static Map<String, Class<?>> subcommands() {
    Map<String, Class<?>> all = new LinkedHashMap<>();
    all.put("check-plan", CheckPlanCommand.class);
    all.put("hook", HookCommand.class);
    all.put("posture", PostureCommand.class);
    all.put("restore-drill", RestoreDrillCommand.class);
    all.put("replay-incident", ReplayIncidentCommand.class);
    all.put("install", InstallCommand.class);
    all.put("propose", ProposeCommand.class);
    all.put("requests", RequestsCommand.class);
    all.put("show", ShowCommand.class);
    all.put("approve", ApproveCommand.class);
    all.put("deny", DenyCommand.class);
    all.put("apply", ApplyCommand.class);
    all.put("audit", AuditCommand.class);
    all.put("mcp", McpCommand.class);
    all.put("help", CommandLine.HelpCommand.class);
    return Collections.unmodifiableMap(all);
  }

  /** Exit code for bad usage or input. */
  static final int USAGE = 2;

  final InputStream in;
  final PrintStream out;
  final PrintStream err;

  @Spec CommandSpec spec;

  private Main(InputStream in, PrintStream out, PrintStream err) {
    this.in = in;
    this.out = out;
    this.err = err;
  }

  public static void main(String[] args) {
    System.exit(run(args, System.in, System.out, System.err));
  }

  static int run(String[] args, InputStream in, PrintStream out, PrintStream err) {
    if (args.length == 2 && args[0].equals("hook") && args[1].equals("claude-code")) {
      try {
        return Hook.run(new String[] {"claude-code"}, in, out, err);
      } catch (UsageException e) {
        throw new AssertionError("claude-code is the hook's agent", e);
      }
    }
    CheckPlanCommand.Line checkPlan = CheckPlanCommand.Line.parse(args);
    if (checkPlan != null) {
      return checkPlan(checkPlan, in, out, err);
    }
    CommandLine cli = commandLine(args, in, out, err);
    try {
      return cli.execute(args);
    } finally {
      // Picocli prints help with print(), which autoflush does not cover: flush before System.exit.
      cli.getOut().flush();
      cli.getErr().flush();
    }
  }

  /** The command line as picocli parses it, with only the subcommand {@code args} names when it names one. */
  static CommandLine commandLine(String[] args, InputStream in, PrintStream out, PrintStream err) {
    CommandLine cli = new CommandLine(new Main(in, out, err));
    Class<?> named = args.length > 0 && !args[0].equals("help") ? SUBCOMMANDS.get(args[0]) : null;
    if (named != null) {
      cli.addSubcommand(args[0], named);
    } else {
      SUBCOMMANDS.forEach(cli::addSubcommand);
    }
    cli.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
    cli.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    cli.registerConverter(Principal.class, value -> {
      try {
        return Principal.parse(value);
      } catch (InvalidInputException e) {
        throw new CommandLine.TypeConversionException(e.getMessage());
      }
    });
    cli.setParameterExceptionHandler(Main::badUsage);
    cli.setExecutionExceptionHandler((e, line, parsed) -> failed(e, line.getErr(), line.getCommandSpec().qualifiedName()));
    return cli;
  }

  /** {@link CheckPlanCommand#call()} and picocli's handling of what it throws, for a line read by {@link CheckPlanCommand.Line}. */
  private static int checkPlan(CheckPlanCommand.Line line, InputStream in, PrintStream out, PrintStream err) {
    PrintWriter errors = new PrintWriter(err, true, StandardCharsets.UTF_8);
    try {
      return CheckPlan.run(line.tier(), line.requester(), line.file(), line.format(), in, out, List.of());
    } catch (Exception e) {
      return failed(e, errors, CheckPlanCommand.QUALIFIED_NAME);
    } finally {
      errors.flush();
    }
  }

  /** Without a subcommand: the usage, and exit 2. */
  @Override
  public void run() {
    spec.commandLine().usage(err);
    throw new ParameterException(spec.commandLine(), "a subcommand is required");
  }

  private static int badUsage(ParameterException e, String[] args) {
    CommandLine line = e.getCommandLine();
    PrintWriter err = line.getErr();
    String name = line.getCommandSpec().qualifiedName();
    err.println(name + ": " + sentence(e.getMessage()) + " See `" + name + " --help`.");
    err.flush();
    return USAGE;
  }

  private static int failed(Exception e, PrintWriter err, String name) {
    if (e instanceof UsageException || e instanceof InvalidInputException) {
      err.println(name + ": " + sentence(e.getMessage()));
      err.flush();
      return USAGE;
    }
    String m = e.getMessage();
    err.println(name + ": failed: " + (m == null || m.isBlank() ? e.getClass().getSimpleName()
        : e instanceof SafeOpsException || e instanceof IOException ? m : e.getClass().getSimpleName() + ": " + m));
    err.flush();
    return 1;
  }

  /** Picocli's messages start upper-case and may lack a full stop; ours read as one sentence. */
  static String sentence(String message) {
    String m = message == null || message.isBlank() ? "bad usage" : message.strip();
    m = Character.toLowerCase(m.charAt(0)) + m.substring(1);
    return m.endsWith(".") ? m : m + ".";
  }

  /** Bad usage found by a command itself: one sentence, exit 2. */
  static final class UsageException extends Exception {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
      super(message);
    }
  }

  /** The version the build wrote into {@code version.properties}. */
  static final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"safeops " + version()};
    }

    static String version() {
      Properties p = new Properties();
      try (InputStream in = Main.class.getResourceAsStream("version.properties")) {
        if (in != null) {
          p.load(in);
        }
      } catch (IOException e) {
        return "unknown";
      }
      return p.getProperty("version", "unknown");
    }
  }
}
