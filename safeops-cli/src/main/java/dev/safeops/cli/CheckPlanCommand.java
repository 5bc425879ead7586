package dev.safeops.cli;

import dev.safeops.aws.LiveEvidence;
import dev.safeops.core.Principal;
import dev.safeops.core.Tier;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code check-plan}: the options of the plan check; {@link CheckPlan} judges. */
@Command(name = "check-plan", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Judge the output of `terraform show -json PLANFILE` with the default rules and policy, "
        + "and print the verdict, the changes by kind and action, the findings by level, the plan digest "
        + "and what to do next.",
        "",
        "  terraform plan -out=tf.plan && terraform show -json tf.plan > plan.json",
        "  safeops check-plan --tier production plan.json",
        "  terraform show -json tf.plan | safeops check-plan --tier production -",
        ""},
    footer = {"", "Kinds, from the resource catalog: data stores (data stores, backups, encryption keys), network "
        + "(network foundations, DNS), identity, other (compute and the rest, unknown types included).",
        "Exit 0 allow, 10 approval needed, 20 denied, 2 bad usage or input."})
final class CheckPlanCommand implements Callable<Integer> {
  /** How picocli names this command in its messages. */
  static final String QUALIFIED_NAME = "safeops check-plan";

  /**
   * A plain check-plan line, read without picocli: building picocli's model costs about 0.15 s
   * of every check. It reads only forms whose meaning is not in doubt: {@code check-plan}, then
   * {@code --tier}, {@code --format}, {@code --requester} (each once, its value in the next
   * argument, the names of the enums' constants in lower or upper case) and {@code --json},
   * in any order, and one plan file (or {@code -}). Anything else (another option, an attached
   * value, a value that starts with a dash or {@code @} or holds a quote, a value picocli would
   * refuse, a flag twice, a {@code picocli.*} system property set) is left to picocli, whose
   * reading and messages are the only ones; tests hold the two to the same reading of every
   * line this one accepts.
   */
  record Line(Tier tier, Principal requester, ReportFormat format, String file) {
    /** The line's reading, or null to leave it to picocli. */
    static Line parse(String[] args) {
      if (args.length < 4 || !args[0].equals("check-plan") || picocliConfigured()) {
        return null;
      }
      Tier tier = null;
      Principal requester = null;
      ReportFormat format = null;
      boolean json = false;
      String file = null;
      for (int i = 1; i < args.length; i++) {
        String a = args[i];
        if (a.equals("--json")) {
          if (json) {
            return null;
          }
          json = true;
          continue;
        }
        if (a.equals("--tier") || a.equals("--format") || a.equals("--requester")) {
          if (i + 1 == args.length || !plain(args[i + 1])) {
            return null;
          }
          String v = args[++i];
          switch (a) {
            case "--tier" -> {
              if (tier != null || (tier = constant(Tier.class, v)) == null) {
                return null;
              }
            }
            case "--format" -> {
              if (format != null || (format = constant(ReportFormat.class, v)) == null) {
                return null;
              }
            }
            default -> {
              if (requester != null) {
                return null;
              }
              try {
                requester = Principal.parse(v);
              } catch (RuntimeException e) {
                return null; // picocli refuses it, in its words
              }
            }
          }
          continue;
        }
        if (file != null || !(a.equals("-") || plain(a))) {
          return null;
        }
        file = a;
      }
      if (tier == null || file == null || (json && format != null)) {
        return null;
      }
      return new Line(tier, requester == null ? Principal.parse(DEFAULT_REQUESTER) : requester, chosen(json, format), file);
    }

    /**
     * Nothing picocli could take for an option, an end of options or a file of arguments, and
     * no quote (with {@code picocli.trimQuotes} set, picocli would strip them).
     */
    private static boolean plain(String v) {
      return !v.isEmpty() && v.charAt(0) != '-' && v.charAt(0) != '@' && v.indexOf('"') < 0;
    }

    /** Whether a {@code picocli.*} system property may change how picocli reads a line. */
    private static boolean picocliConfigured() {
      for (Object key : System.getProperties().keySet()) {
        if (key instanceof String k && k.startsWith("picocli.")) {
          return true;
        }
      }
      return false;
    }

    private static <E extends Enum<E>> E constant(Class<E> type, String v) {
      for (E e : type.getEnumConstants()) {
        if (e.name().equals(v) || e.name().toLowerCase(Locale.ROOT).equals(v)) {
          return e;
        }
      }
      return null;
    }
  }

  static final String DEFAULT_REQUESTER = "human:check-plan";

  /** The output asked for: {@code --json}, else {@code --format}, else text. */
  static ReportFormat chosen(boolean json, ReportFormat format) {
    return json ? ReportFormat.JSON : format == null ? ReportFormat.TEXT : format;
  }

  @ParentCommand Main main;

  @Option(names = "--tier", required = true, paramLabel = "TIER",
      description = "the environment's tier: production, staging or development")
  Tier tier;

  @Option(names = "--requester", paramLabel = "KIND:ID", defaultValue = DEFAULT_REQUESTER,
      description = "who asks: human:ID or agent:ID (an agent's request needs two human approvers); default ${DEFAULT-VALUE}")
  Principal requester;

  @Option(names = "--format", paramLabel = "FORMAT",
      description = "text (for people, the default), json (one object, for CI) or markdown (a pull-request comment, "
          + "always under 65,000 characters: findings beyond that are counted, not listed)")
  ReportFormat format;

  @Option(names = "--json", description = "the same as --format json")
  boolean json;

  @Mixin LiveOption live;

  @Parameters(index = "0", paramLabel = "PLAN.json",
      description = "the plan as JSON (`terraform show -json tf.plan > plan.json`), or - to read that JSON from stdin")
  String file;

  @Override
  public Integer call() throws Main.UsageException {
    if (json && format != null && format != ReportFormat.JSON) {
      throw new Main.UsageException("--json and --format " + format.name().toLowerCase(Locale.ROOT)
          + " ask for two different outputs; give one");
    }
    ReportFormat chosen = chosen(json, format);
    Optional<LiveEvidence> evidence = live.evidence();
    try {
      return CheckPlan.run(tier, requester, file, chosen, main.in, main.out, LiveOption.rules(evidence));
    } finally {
      evidence.ifPresent(LiveEvidence::close);
    }
  }
}
