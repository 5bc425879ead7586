package dev.safeops.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamReadException;
import dev.safeops.aws.command.AwsCliClassifier;
import dev.safeops.aws.command.AwsCliDryRuns;
import dev.safeops.core.command.Assessment;
import dev.safeops.core.command.Classification;
import dev.safeops.core.command.ClassifiedCommand;
import dev.safeops.core.command.CommandClassifier;
import dev.safeops.core.command.CommandContext;
import dev.safeops.core.command.CommandJudge;
import dev.safeops.core.command.SimpleCommand;
import dev.safeops.core.command.WriteTargets;
import dev.safeops.terraform.command.TerraformCommandClassifier;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code hook claude-code}: answers one Claude Code {@code PreToolUse} event read from stdin.
 *
 * <p>For {@code Bash} it judges {@code tool_input.command} with the Terraform and AWS CLI
 * classifiers and the guard of safeops' own home, and answers {@code allow} only when every
 * simple command is known read-only and at least one is ours; {@code deny} when one of ours
 * is destructive; {@code ask} when one of ours otherwise mutates (or cannot be read). A deny
 * or ask for {@code terraform apply|destroy} or for an AWS CLI call safeops can dry-run names
 * the {@code safeops propose -- <the same command>} line that submits it for approval. A line
 * with nothing of ours gets no output and exit 0, so the user's own permission rules and
 * other guards decide. For {@code Write}, {@code Edit}, {@code MultiEdit} and
 * {@code NotebookEdit}, a path that is Terraform state, under {@code .terraform/}, or in the
 * safeops home is denied. Input that cannot be read, a duplicate key anywhere in the event
 * included, is denied (fail closed). No network, no AWS SDK class, no reflection-heavy
 * start-up: only the streaming half of Jackson.
 */
final class Hook {
  private static final int MAX_EVENT_BYTES = 4 * 1024 * 1024;
  // Strict: with a duplicate key, another reader of the same event could see another command.
  private static final JsonFactory JSON = JsonFactory.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

  private Hook() {}

  static int run(String[] args, InputStream in, PrintStream out, PrintStream err) throws Main.UsageException {
    return run(args, in, out, err, System.getenv());
  }

  /** {@link #run(String[], InputStream, PrintStream, PrintStream)} with the environment that locates the home. */
  static int run(String[] args, InputStream in, PrintStream out, PrintStream err, Map<String, String> environment)
      throws Main.UsageException {
    if (args.length != 1 || !args[0].equals("claude-code")) {
      throw new Main.UsageException("the only supported agent is claude-code");
    }
    String answer;
    try {
      answer = answer(readEvent(in), SafeopsHome.of(environment));
    } catch (IOException | RuntimeException | StackOverflowError e) {
      // Claude Code treats a crashed hook as a non-blocking error, i.e. it would let the call through.
      answer = decision("deny", "safeops could not read the PreToolUse event (" + describe(e) + "), so it refuses "
          + "the tool call: a guard that cannot read its input fails closed.");
    }
    if (answer != null) {
      out.println(answer);
      out.flush();
    }
    return 0;
  }

  /** The event fields the hook needs. */
  private static final class Event {
    String eventName;
    String toolName;
    String command;
    boolean commandPresent;
    String cwd;
    final List<String> paths = new ArrayList<>();
  }

  private static String describe(Throwable e) {
    if (e instanceof StreamReadException r) {
      // Name the key or token and where it is, never Jackson's dump of the input.
      StringBuilder b = new StringBuilder(r.getOriginalMessage());
      JsonLocation at = r.getLocation();
      if (at != null && at.getLineNr() > 0) {
        b.append(" at line ").append(at.getLineNr()).append(", column ").append(at.getColumnNr());
      }
      JsonParser p = r.getProcessor();
      if (p != null && p.getParsingContext() != null) {
        String pointer = p.getParsingContext().pathAsPointer().toString();
        b.append(" (in ").append(pointer.isEmpty() ? "the top-level object" : pointer).append(')');
      }
      return b.toString();
    }
    String m = e.getMessage();
    if (m == null) {
      return e.getClass().getSimpleName();
    }
    int nl = m.indexOf('\n');
    return nl > 0 ? m.substring(0, nl) : m;
  }

  private static Event readEvent(InputStream in) throws IOException {
    byte[] bytes = in.readNBytes(MAX_EVENT_BYTES + 1);
    if (bytes.length > MAX_EVENT_BYTES) {
      throw new IOException("the event is larger than " + MAX_EVENT_BYTES + " bytes");
    }
    Event e = new Event();
    try (JsonParser p = JSON.createParser(bytes)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new IOException("the event is not a JSON object");
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken t = p.nextToken();
        switch (field) {
          case "hook_event_name" -> e.eventName = text(p, t, field);
          case "tool_name" -> e.toolName = text(p, t, field);
          case "cwd" -> e.cwd = t == JsonToken.VALUE_STRING ? p.getText() : null;
          case "tool_input" -> readToolInput(p, t, e);
          default -> p.skipChildren();
        }
      }
      if (p.currentToken() != JsonToken.END_OBJECT || p.nextToken() != null) {
        throw new IOException("the event has trailing content");
      }
    }
    return e;
  }

  private static String text(JsonParser p, JsonToken t, String field) throws IOException {
    if (t != JsonToken.VALUE_STRING) {
      throw new IOException(field + " is not a string");
    }
    return p.getText();
  }

  private static void readToolInput(JsonParser p, JsonToken t, Event e) throws IOException {
    if (t != JsonToken.START_OBJECT) {
      throw new IOException("tool_input is not an object");
    }
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      JsonToken v = p.nextToken();
      switch (field) {
        case "command" -> {
          e.commandPresent = true;
          e.command = v == JsonToken.VALUE_STRING ? p.getText() : null;
          p.skipChildren();
        }
        case "file_path", "notebook_path", "path" -> {
          if (v == JsonToken.VALUE_STRING) {
            e.paths.add(p.getText());
          }
          p.skipChildren();
        }
        case "edits" -> readEdits(p, v, e);
        default -> p.skipChildren();
      }
    }
  }

  private static void readEdits(JsonParser p, JsonToken v, Event e) throws IOException {
    if (v != JsonToken.START_ARRAY) {
      p.skipChildren();
      return;
    }
    while (p.nextToken() == JsonToken.START_OBJECT) {
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String f = p.currentName();
        JsonToken t = p.nextToken();
        if ((f.equals("file_path") || f.equals("path")) && t == JsonToken.VALUE_STRING) {
          e.paths.add(p.getText());
        }
        p.skipChildren();
      }
    }
  }

  /** The JSON answer for one event, or null for no opinion. */
  static String answer(Event e, SafeopsHome home) {
    if (e.eventName != null && !e.eventName.equals("PreToolUse")) {
      return null;
    }
    if (e.toolName == null) {
      return decision("deny", "safeops could not read the PreToolUse event (no tool_name), so it refuses the tool "
          + "call: a guard that cannot read its input fails closed.");
    }
    switch (e.toolName) {
      case "Bash" -> {
        if (e.command == null) {
          return decision("deny", "safeops could not read the Bash command (tool_input.command is "
              + (e.commandPresent ? "not a string" : "missing") + "), so it refuses the tool call.");
        }
        return bash(e.command, context(e.cwd), home);
      }
      case "Write", "Edit", "MultiEdit", "NotebookEdit" -> {
        for (String path : e.paths) {
          if (TerraformCommandClassifier.isStatePath(path.replace('\\', '/'))) {
            return decision("deny", "safeops refused " + e.toolName + " of " + path + ": it is Terraform state or "
                + "its working directory, which only an approved apply may change. Change the configuration "
                + "(.tf files) instead, run `terraform plan -out=tfplan`, and submit the plan for approval.");
          }
          if (home.holds(path, context(e.cwd))) {
            return decision("deny", "safeops refused " + e.toolName + " of " + path + ": it is in the safeops home ("
                + home.describe() + "), which holds the requests, approvals, state ledger, audit log and "
                + "allowed_signers of the guard; an agent never changes them. Approvals come from people, with "
                + "`safeops approve` at their own terminals.");
          }
        }
        return null;
      }
      default -> {
        return null;
      }
    }
  }

  private static CommandContext context(String cwd) {
    if (cwd == null || cwd.isBlank()) {
      return CommandContext.none();
    }
    try {
      return CommandContext.in(Path.of(cwd));
    } catch (InvalidPathException ex) {
      return CommandContext.none();
    }
  }

  private static String bash(String command, CommandContext context, SafeopsHome home) {
    Assessment a = judge(home).assess(command, context);
    return switch (a.answer()) {
      case ALLOW -> decision("allow", a.explanation());
      case ASK -> decision("ask", a.explanation() + proposals(a));
      case DENY -> decision("deny", a.explanation() + proposals(a));
      case NO_OPINION -> null;
    };
  }

  /** The judge the hook uses, guarding the safeops home of this process's environment. */
  static CommandJudge judge() {
    return judge(SafeopsHome.of(System.getenv()));
  }

  /** The judge the hook uses; built per call, which costs three small objects. */
  static CommandJudge judge(SafeopsHome home) {
    return CommandJudge.of(new TerraformCommandClassifier(), new AwsCliClassifier(), home);
  }

  /**
   * The sentence naming the {@code safeops propose} line for each refused command that can be
   * submitted for approval; empty when none can.
   */
  static String proposals(Assessment a) {
    List<String> lines = new ArrayList<>();
    boolean replans = false;
    for (ClassifiedCommand c : a.worstCommands()) {
      Proposal p = proposal(c.command());
      if (p != null && !lines.contains(p.line())) {
        lines.add(p.line());
        replans |= p.dropsPlanFile();
      }
    }
    if (lines.isEmpty()) {
      return "";
    }
    StringBuilder b = new StringBuilder(" To submit ").append(lines.size() == 1 ? "it" : "them")
        .append(" for approval, run ").append(lines.size() == 1 ? "" : "each of ");
    for (int k = 0; k < lines.size(); k++) {
      b.append(k == 0 ? "" : ", ").append('`').append(lines.get(k)).append('`');
    }
    b.append(": it makes the saved plan or dry run, shows what would change and records the request; people approve "
        + "it with `safeops approve ID` at their own terminals, and `safeops apply ID` then runs exactly what they "
        + "approved.");
    if (replans) {
      b.append(" It plans again: a saved plan file made elsewhere is not reused (propose `terraform destroy` if "
          + "that plan was made with -destroy).");
    }
    return b.toString();
  }

  /** One {@code safeops propose} line; {@code dropsPlanFile} when the command named a saved plan file. */
  record Proposal(String line, boolean dropsPlanFile) {}

  /** Terraform global options and apply/destroy options that take the next word as their value. */
  private static final java.util.Set<String> TERRAFORM_VALUE_OPTIONS = java.util.Set.of("-var", "-var-file",
      "-target", "-replace", "-parallelism", "-lock-timeout", "-state", "-state-out", "-backup");

  /**
   * The {@code safeops propose -- <command>} line for {@code terraform [-chdir=DIR]
   * apply|destroy [ARGS]} (a {@code cd} before it becomes {@code -chdir}) and for AWS CLI calls
   * {@link AwsCliDryRuns#supports} names; null for anything else, or when the directory is
   * computed at run time.
   */
  static Proposal proposal(SimpleCommand c) {
    if (c.isUnknown()) {
      return null;
    }
    List<String> words = c.words();
    if (c.name().equals("aws") && AwsCliDryRuns.supports(c)) {
      List<String> call = new ArrayList<>(words);
      call.set(0, "aws");
      return new Proposal("safeops propose -- " + SimpleCommand.builder().words(call).build().display(), false);
    }
    if (!c.name().equals("terraform")) {
      return null;
    }
    int k = 1;
    String chdir = null;
    while (k < words.size() && words.get(k).startsWith("-")) {
      String w = words.get(k);
      if (w.startsWith("-chdir=")) {
        chdir = w.substring("-chdir=".length());
      } else if (w.equals("-chdir") && k + 1 < words.size()) {
        chdir = words.get(++k);
      } else {
        return null;
      }
      k++;
    }
    if (k >= words.size() || !(words.get(k).equals("apply") || words.get(k).equals("destroy"))) {
      return null;
    }
    String sub = words.get(k);
    List<String> rest = new ArrayList<>();
    boolean planFile = false;
    for (int j = k + 1; j < words.size(); j++) {
      String w = words.get(j);
      if (TERRAFORM_VALUE_OPTIONS.contains(w.startsWith("--") ? w.substring(1) : w) && j + 1 < words.size()) {
        rest.add(w);
        rest.add(words.get(++j));
      } else if (!w.startsWith("-") && sub.equals("apply")) {
        planFile = true; // propose makes its own saved plan
      } else {
        rest.add(w);
      }
    }
    // terraform resolves -chdir against the directory the shell cd'd into.
    String cd = c.workingDirectory().orElse(null);
    String dir = cd == null ? chdir : chdir == null ? cd : chdir.startsWith("/") ? chdir : cd + "/" + chdir;
    if (dir != null && (dir.contains("$") || dir.contains("`") || dir.startsWith("~"))) {
      return null;
    }
    List<String> line = new ArrayList<>();
    line.add("terraform");
    if (dir != null && !dir.equals(".")) {
      line.add("-chdir=" + dir);
    }
    line.add(sub);
    line.addAll(rest);
    return new Proposal("safeops propose -- " + SimpleCommand.builder().words(line).build().display(), planFile);
  }

  /**
   * safeops' own home: {@code $SAFEOPS_HOME}, or {@code ~/.safeops}, and the default one too
   * when another is configured. It holds the requests, approvals, state ledger, audit log and
   * {@code allowed_signers}; an agent that could change them could reset the guard's memory or
   * add its own key. Destructive: any write, move or delete of a path in it, however the path
   * is spelled ({@code ~}, {@code $HOME}, absolute, relative to the working directory, through
   * a symbolic link); deleting or moving a directory that contains it; pointing safeops at
   * another home ({@code SAFEOPS_HOME=}, {@code safeops --home}); {@code safeops approve} and
   * {@code ssh-keygen -Y sign}, because approvals are people's, never the agent's; and code
   * safeops cannot read that names the home. Reads are the user's business. Immutable; the
   * only I/O is resolving symbolic links of the paths a command names.
   */
  static final class SafeopsHome implements CommandClassifier {
    private final Path userHome;
    private final List<Path> homes;
    private final List<String> spellings;

    private SafeopsHome(Path userHome, List<Path> homes) {
      this.userHome = userHome;
      this.homes = homes;
      List<String> s = new ArrayList<>(List.of(".safeops", "safeops_home"));
      for (Path h : homes) {
        s.add(h.toString().toLowerCase(java.util.Locale.ROOT));
      }
      this.spellings = List.copyOf(s);
    }

    /** The home {@code environment} configures ({@code SAFEOPS_HOME}, {@code HOME}), and the default one. */
    static SafeopsHome of(Map<String, String> environment) {
      String h = environment.get("HOME");
      Path user;
      try {
        user = Path.of(h == null || h.isBlank() ? System.getProperty("user.home") : h).toAbsolutePath().normalize();
      } catch (InvalidPathException e) {
        user = Path.of("/").toAbsolutePath();
      }
      List<Path> homes = new ArrayList<>();
      homes.add(canonical(user.resolve(".safeops")));
      String configured = environment.get("SAFEOPS_HOME");
      if (configured != null && !configured.isBlank()) {
        try {
          Path p = configured.equals("~") || configured.startsWith("~/")
              ? user.resolve(configured.substring(Math.min(2, configured.length()))) : Path.of(configured);
          Path c = canonical(p.toAbsolutePath());
          if (!homes.contains(c)) {
            homes.add(c);
          }
        } catch (InvalidPathException e) {
          // An unusable SAFEOPS_HOME protects nothing more; the default home stays protected.
        }
      }
      return new SafeopsHome(user, List.copyOf(homes));
    }

    String describe() {
      return homes.size() == 1 ? homes.get(0).toString() : homes.get(0) + " and " + homes.get(1);
    }

    @Override
    public List<String> domainWords() {
      return List.of(".safeops", "safeops_home");
    }

    @Override
    public Optional<Classification> classify(SimpleCommand c, CommandContext context) {
      for (String a : c.assignments()) {
        if (a.startsWith("SAFEOPS_HOME=")) {
          return refuse("`" + c.display() + "` runs with another SAFEOPS_HOME, so safeops would read requests, "
              + "approvals and allowed_signers from a home the agent chose");
        }
      }
      List<String> args = c.arguments();
      if (c.name().equals("export") || c.name().equals("declare") || c.name().equals("typeset")
          || c.name().equals("setenv") || c.name().equals("set")) {
        for (String a : args) {
          if (a.startsWith("SAFEOPS_HOME")) {
            return refuse("`" + c.display() + "` points safeops at another home, whose approvals and "
                + "allowed_signers the agent could write");
          }
        }
      }
      if (c.name().equals("safeops")) {
        for (String a : args) {
          if (a.equals("--home") || a.startsWith("--home=")) {
            return refuse("`" + c.display() + "` points safeops at another home, whose approvals and "
                + "allowed_signers the agent could write");
          }
        }
        if (args.contains("approve")) {
          return refuse("`" + c.display() + "` approves a request; approvals come from people, each with their own "
              + "key at their own terminal, never from the agent that proposed the change");
        }
      }
      if (c.name().equals("ssh-keygen") && args.contains("-Y") && args.contains("sign")) {
        return refuse("`" + c.display() + "` signs with a person's key; an approval is a person's signature, made at "
            + "their own terminal, never by the agent");
      }
      for (WriteTargets.Target t : WriteTargets.of(c)) {
        Optional<Path> p = resolve(t.path(), context.directoryOf(c));
        if (p.isEmpty()) {
          continue;
        }
        for (Path home : homes) {
          if (p.get().startsWith(home) || t.removes() && home.startsWith(p.get())) {
            return refuse("`" + c.display() + "` " + (t.removes() ? "deletes or moves " : "writes ") + t.path()
                + ", which " + (p.get().startsWith(home) ? "is in" : "holds") + " the safeops home (" + home + ")");
          }
        }
      }
      return Optional.empty();
    }

    @Override
    public Optional<Classification> classifyOpaque(String text) {
      String lower = text.toLowerCase(java.util.Locale.ROOT);
      for (String s : spellings) {
        if (lower.contains(s)) {
          return refuse("code safeops cannot read names the safeops home (" + s + ")");
        }
      }
      return Optional.empty();
    }

    /** True when a file tool's {@code path}, resolved from the event's working directory, is in the home. */
    boolean holds(String path, CommandContext context) {
      Optional<Path> p = resolve(path.replace('\\', '/'), context.directory());
      return p.isPresent() && homes.stream().anyMatch(h -> p.get().startsWith(h));
    }

    private static Optional<Classification> refuse(String what) {
      return Optional.of(Classification.destructive(what + ": the safeops home holds the requests, approvals, state "
          + "ledger, audit log and allowed_signers of the guard, and an agent never changes them; approvals come "
          + "from people, with `safeops approve` at their own terminals"));
    }

    /**
     * {@code path} as the shell would resolve it: {@code ~}, {@code $HOME} and {@code
     * $SAFEOPS_HOME} expanded, relative paths against {@code directory}, a glob by its
     * directory, symbolic links followed. A path still computed at run time counts as the
     * home when its text names it; otherwise, like a relative path with no directory, it is
     * empty (unknown).
     */
    private Optional<Path> resolve(String path, Optional<Path> directory) {
      String p = path;
      int glob = firstGlob(p);
      if (glob >= 0) {
        int slash = p.lastIndexOf('/', glob);
        p = slash < 0 ? "." : slash == 0 ? "/" : p.substring(0, slash);
      }
      try {
        Path resolved;
        if (p.equals("~") || p.startsWith("~/")) {
          resolved = userHome.resolve(p.substring(Math.min(2, p.length())));
        } else if (p.equals("$HOME") || p.startsWith("$HOME/") || p.equals("${HOME}") || p.startsWith("${HOME}/")) {
          resolved = userHome.resolve(p.substring(p.indexOf('}') == 6 ? Math.min(8, p.length())
              : Math.min(6, p.length())));
        } else if (p.startsWith("$SAFEOPS_HOME") || p.startsWith("${SAFEOPS_HOME}")) {
          return Optional.of(homes.get(homes.size() - 1));
        } else if (p.contains("$") || p.contains("`") || p.startsWith("~")) {
          return p.contains(".safeops") ? Optional.of(homes.get(0)) : Optional.empty();
        } else if (p.startsWith("/")) {
          resolved = Path.of(p);
        } else if (directory.isPresent()) {
          resolved = directory.get().resolve(p);
        } else {
          return p.contains(".safeops") ? Optional.of(homes.get(0)) : Optional.empty();
        }
        return Optional.of(canonical(resolved.toAbsolutePath()));
      } catch (InvalidPathException e) {
        return Optional.empty();
      }
    }

    private static int firstGlob(String p) {
      for (int k = 0; k < p.length(); k++) {
        char c = p.charAt(k);
        if (c == '*' || c == '?' || c == '[') {
          return k;
        }
      }
      return -1;
    }

    /** {@code p} normalised, with the symbolic links of its deepest existing ancestor followed. */
    private static Path canonical(Path p) {
      Path n = p.normalize();
      Path existing = n;
      while (existing != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
        existing = existing.getParent();
      }
      if (existing == null) {
        return n;
      }
      try {
        return existing.toRealPath().resolve(existing.relativize(n)).normalize();
      } catch (IOException | RuntimeException e) {
        return n;
      }
    }
  }

  static String decision(String decision, String reason) {
    StringWriter w = new StringWriter();
    // A StringWriter cannot fail; should the generator still throw, refusing is the safe answer.
    try (JsonGenerator g = JSON.createGenerator(w)) {
      g.writeStartObject();
      g.writeObjectFieldStart("hookSpecificOutput");
      g.writeStringField("hookEventName", "PreToolUse");
      g.writeStringField("permissionDecision", decision);
      g.writeStringField("permissionDecisionReason", reason);
      g.writeEndObject();
      g.writeEndObject();
    } catch (IOException e) {
      return "{\"hookSpecificOutput\":{\"hookEventName\":\"PreToolUse\",\"permissionDecision\":\"deny\","
          + "\"permissionDecisionReason\":\"safeops could not write its answer, so it refuses the tool call.\"}}";
    }
    return w.toString();
  }
}
