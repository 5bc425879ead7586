package dev.safeops.core.command.internal;

import dev.safeops.core.command.Redirect;
import dev.safeops.core.command.SimpleCommand;
import dev.safeops.core.command.internal.ShellLexer.Kind;
import dev.safeops.core.command.internal.ShellLexer.Lexed;
import dev.safeops.core.command.internal.ShellLexer.Substitution;
import dev.safeops.core.command.internal.ShellLexer.Token;
import dev.safeops.core.command.internal.ShellLexer.Word;
import dev.safeops.core.command.internal.WordExpansion.Expanded;
import dev.safeops.core.command.internal.Wrappers.Runs;
import dev.safeops.core.command.internal.Wrappers.Wrapper;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Finds every simple command in a shell command line, following what agents send: lists,
 * pipelines, subshells, groups, loops and conditionals, substitutions, here-documents, brace
 * expansion and the variables the line sets, the wrappers that run another command (the
 * table in {@link Wrappers}, and {@code env}, {@code xargs}, {@code bash -c}, {@code eval},
 * {@code echo ... | bash}, {@code find -exec}, {@code ssh}), command strings other programs
 * run ({@code trap}, {@code at}, {@code crontab}, {@code tar --checkpoint-action=exec=},
 * {@code git -c alias.x=!...}, {@code vim -c '!...'}), and scripts written and run in the
 * same line.
 *
 * <p>Code it cannot read as shell commands (Python, Perl, an awk or sed program that runs
 * commands, a script whose content it cannot see) becomes an unknown command that carries
 * the code as its {@linkplain SimpleCommand#unreadText() unread text}, so the judge can
 * still see what is written in it.
 *
 * <p>Bounded: text beyond {@link #MAX_INPUT} characters, nesting beyond {@link #MAX_DEPTH}
 * and more than {@link #MAX_COMMANDS} commands become unknown commands that hide what runs,
 * each carrying the text it did not read; everything read before them stands. It never
 * throws: anything it cannot read becomes an unknown command. Each nesting level re-reads
 * only its own substring, so the work is at most {@code MAX_DEPTH} times the input length.
 * Not thread-safe; one instance per parse.
 */
public final class ShellParser {
  public static final int MAX_INPUT = 64 * 1024;
  public static final int MAX_DEPTH = 8;
  public static final int MAX_COMMANDS = 512;
  /** How much unread text one unknown command carries for the judge to look into. */
  static final int MAX_UNREAD_TEXT = 1024 * 1024;

  private static final Set<String> SHELLS = Set.of("bash", "sh", "zsh", "dash", "ksh", "ash", "mksh", "busybox",
      "fish", "csh", "tcsh", "yash");
  private static final Set<String> INTERPRETERS = Set.of("python", "python2", "python3", "node", "nodejs", "perl",
      "ruby", "php", "deno", "bun", "lua", "luajit", "osascript", "pwsh", "powershell", "tclsh", "expect", "groovy",
      "jshell", "R", "rscript", "julia", "elixir", "erl", "escript");
  /** Options of interpreters whose value is code. */
  private static final Set<String> CODE_OPTIONS = Set.of("-c", "-e", "-E", "--eval", "-r", "-p", "--print",
      "-Command", "-command", "-EncodedCommand");
  private static final Set<String> AWK = Set.of("awk", "gawk", "mawk", "nawk");
  private static final Set<String> EDITORS = Set.of("vim", "vi", "nvim", "ex", "view", "gvim", "vimdiff", "rvim");
  private static final Set<String> START_KEYWORDS =
      Set.of("if", "then", "else", "elif", "do", "while", "until", "!", "{");
  private static final Set<String> END_KEYWORDS = Set.of("fi", "done", "esac", "}");
  private static final Set<String> DECLARATIONS = Set.of("export", "declare", "typeset", "readonly", "local");
  /** The programs whose written files {@link #recordWrites} follows, besides redirections. */
  private static final Set<String> WRITERS = Set.of("tee", "sponge", "cp", "mv", "install", "ln", "curl", "wget");
  /** docker/podman run options that take the next word as their value. */
  private static final Set<String> CONTAINER_RUN_OPTIONS = Set.of("-v", "--volume", "-w", "--workdir", "-e", "--env",
      "--env-file", "-u", "--user", "--name", "--network", "--net", "-p", "--publish", "--mount", "--platform",
      "--entrypoint", "-h", "--hostname", "--label", "-l", "--pull", "--cpus", "-m", "--memory", "--add-host",
      "--device", "--cap-add", "--cap-drop", "--restart", "--log-driver", "--log-opt", "--tmpfs", "--ulimit",
      "--volumes-from", "--security-opt", "--shm-size", "--stop-signal", "--gpus", "-a", "--attach");

  /**
   * Where a command is found: what it was reached through and where it runs.
   *
   * @param redirects the redirections written on it
   * @param stdin the text its standard input carries when the line shows it (a here-document,
   *     a literal {@code echo} piped in), else null
   * @param stdinUnseen true when its standard input comes from something whose output the
   *     line does not show
   * @param depth 0 at the top level, one more for each level of nesting or wrapping
   * @param via the wrappers, outermost first
   * @param cwd the directory a preceding {@code cd} set, or null when none or unknown
   */
  private record Frame(List<Redirect> redirects, String stdin, boolean stdinUnseen, int depth, List<String> via,
      String cwd) {
    static final Frame TOP = new Frame(List.of(), null, false, 0, List.of(), null);

    /** One level further in, through {@code wrapper}, in the same directory. */
    Frame inner(String wrapper) {
      return new Frame(redirects, stdin, stdinUnseen, depth + 1, append(via, wrapper), cwd);
    }

    /** One level further in, running elsewhere: the working directory is unknown there. */
    Frame remote(String wrapper) {
      return new Frame(redirects, stdin, stdinUnseen, depth + 1, append(via, wrapper), null);
    }

    Frame in(String dir) {
      return new Frame(redirects, stdin, stdinUnseen, depth, via, dir);
    }

    Frame reading(String text, boolean unseen) {
      return new Frame(redirects, text, unseen, depth, via, cwd);
    }

    Frame withoutRedirects() {
      return new Frame(List.of(), stdin, stdinUnseen, depth, via, cwd);
    }
  }

  private final List<SimpleCommand> out = new ArrayList<>();
  private boolean truncated;
  /** The assignments in effect for the command being emitted; scoped dynamically around each emit. */
  private List<String> env = List.of();
  /** Files this line writes, by path, with their content when the line shows it (null when not). */
  private final Map<String, String> written = new HashMap<>();
  /** The whole line, and where the top-level token being read starts, for the unread rest. */
  private String line = "";
  private int topTokenStart;

  private ShellParser() {}

  /** Every simple command in {@code text}; never throws, never returns an empty list for unreadable text. */
  public static List<SimpleCommand> parse(String text) {
    ShellParser p = new ShellParser();
    try {
      if (text == null) {
        p.add(SimpleCommand.unknown("no command line", false, 0, List.of()));
      } else {
        p.line = text;
        p.parseText(text.length() > MAX_INPUT ? text.substring(0, MAX_INPUT) : text, Frame.TOP);
        if (text.length() > MAX_INPUT) {
          // Beyond the bound nothing is read as commands; what was read before stands.
          p.out.add(SimpleCommand.unknown("the command line is longer than " + MAX_INPUT + " characters", true, 0,
              List.of(), bounded(text.substring(MAX_INPUT))));
        }
      }
    } catch (RuntimeException | StackOverflowError e) {
      // Last resort: the bounds above should make this unreachable, but a parser bug must fail closed.
      p.out.add(SimpleCommand.unknown("the parser failed on this line (" + e.getClass().getSimpleName() + ")", true, 0,
          List.of(), bounded(p.line)));
    }
    return List.copyOf(p.out);
  }

  private static String bounded(String text) {
    return text.length() > MAX_UNREAD_TEXT ? text.substring(0, MAX_UNREAD_TEXT) : text;
  }

  private void unknown(String reason, boolean hides, Frame f) {
    add(SimpleCommand.unknown(reason, hides, f.depth(), f.via()));
  }

  private void unknown(String reason, boolean hides, Frame f, String text) {
    add(SimpleCommand.unknown(reason, hides, f.depth(), f.via(), bounded(text)));
  }

  private void add(SimpleCommand c) {
    if (out.size() >= MAX_COMMANDS) {
      if (!truncated) {
        truncated = true;
        // The rest of the line from the top-level word being read holds every command not read.
        out.add(SimpleCommand.unknown("more than " + MAX_COMMANDS + " commands in one line", true, c.depth(), c.via(),
            bounded(line.substring(Math.min(topTokenStart, line.length())))));
      }
      return;
    }
    out.add(c);
  }

  private void parseText(String text, Frame f) {
    if (f.depth() > MAX_DEPTH) {
      unknown("nested more than " + MAX_DEPTH + " levels deep", true, f, text);
      return;
    }
    Lexed lexed = ShellLexer.lex(text);
    new Walk(lexed.tokens(), f).run();
    if (!lexed.complete() && !truncated) {
      unknown(lexed.error(), false, f, text.substring(lexed.unreadFrom()));
    }
  }

  /** One walk over the tokens of one nesting level. */
  private final class Walk {
    private final List<Token> tokens;
    private final int depth;
    private final List<String> via;
    private int pos;
    private String cwd;
    private final Deque<String> cwdStack = new ArrayDeque<>();
    private int caseDepth;
    private boolean casePattern;
    private int parens;

    private final List<Word> words = new ArrayList<>();
    private final List<String> prefixAssignments = new ArrayList<>();
    private final List<String> shellVariables = new ArrayList<>(env);
    private final List<Redirect> redirects = new ArrayList<>();
    private String hereDocStdin;
    private String pipedText;
    private boolean pipedUnseen;

    Walk(List<Token> tokens, Frame f) {
      this.tokens = tokens;
      this.depth = f.depth();
      this.via = f.via();
      this.cwd = f.cwd();
    }

    void run() {
      while (pos < tokens.size()) {
        Token t = tokens.get(pos++);
        if (depth == 0) {
          topTokenStart = t.start;
        }
        switch (t.kind) {
          case WORD -> word(t);
          case REDIRECT -> redirect(t);
          case NEWLINE -> end(";");
          case OP -> op(t.text);
        }
        if (truncated) {
          return;
        }
      }
      end(";");
      if (parens > 0) {
        unknown("unbalanced parentheses", false, frame());
      }
    }

    private Frame frame() {
      return new Frame(List.of(), null, false, depth, via, cwd);
    }

    private boolean atStart() {
      return words.isEmpty();
    }

    private void word(Token t) {
      Word w = t.word;
      String v = w.text();
      for (Substitution sub : w.substitutions) {
        parseText(sub.body(), frame().inner("$(...)"));
      }
      if (atStart() && !w.quoted && !w.expansion) {
        if (caseDepth > 0 && casePattern) {
          skipCasePattern(t);
          return;
        }
        if (START_KEYWORDS.contains(v)) {
          return;
        }
        if (END_KEYWORDS.contains(v)) {
          if (v.equals("esac") && caseDepth > 0) {
            caseDepth--;
            casePattern = caseDepth > 0;
          }
          return;
        }
        if (v.equals("for") || v.equals("select")) {
          skipForHeader();
          return;
        }
        if (v.equals("case")) {
          skipCaseHeader();
          return;
        }
        if (v.equals("function")) {
          if (pos < tokens.size() && tokens.get(pos).kind == Kind.WORD) {
            pos++;
          }
          skipEmptyParens();
          return;
        }
        if (redirects.isEmpty() && isAssignment(v)) {
          prefixAssignments.add(v);
          return;
        }
      } else if (atStart() && isAssignment(v) && !v.startsWith("$") && redirects.isEmpty()) {
        prefixAssignments.add(v);
        return;
      }
      if (atStart() && pos + 1 < tokens.size() && tokens.get(pos).isOp("(") && tokens.get(pos + 1).isOp(")")) {
        pos += 2; // name() { ... }: a function definition; its body is read as commands.
        return;
      }
      words.add(w);
    }

    private void skipEmptyParens() {
      if (pos + 1 < tokens.size() && tokens.get(pos).isOp("(") && tokens.get(pos + 1).isOp(")")) {
        pos += 2;
      }
    }

    private void skipForHeader() {
      if (pos < tokens.size() && tokens.get(pos).isOp("(")) {
        // for (( ... )): arithmetic, no commands; skip to the matching "))".
        int level = 0;
        while (pos < tokens.size()) {
          Token t = tokens.get(pos++);
          if (t.isOp("(")) {
            level++;
          } else if (t.isOp(")")) {
            level--;
            if (level == 0) {
              return;
            }
          }
        }
        return;
      }
      if (pos < tokens.size() && tokens.get(pos).kind == Kind.WORD) {
        pos++;
      }
      if (pos < tokens.size() && tokens.get(pos).kind == Kind.WORD && tokens.get(pos).word.text().equals("in")) {
        pos++;
        while (pos < tokens.size() && tokens.get(pos).kind == Kind.WORD) {
          Word w = tokens.get(pos).word;
          if (!w.quoted && w.text().equals("do")) {
            return;
          }
          for (Substitution sub : w.substitutions) {
            parseText(sub.body(), frame().inner("$(...)"));
          }
          pos++;
        }
      }
    }

    private void skipCaseHeader() {
      while (pos < tokens.size() && tokens.get(pos).kind == Kind.WORD) {
        Token t = tokens.get(pos++);
        for (Substitution sub : t.word.substitutions) {
          parseText(sub.body(), frame().inner("$(...)"));
        }
        if (!t.word.quoted && t.word.text().equals("in")) {
          caseDepth++;
          casePattern = true;
          return;
        }
      }
    }

    private void skipCasePattern(Token first) {
      if (!first.word.quoted && first.word.text().equals("esac")) {
        caseDepth--;
        casePattern = caseDepth > 0;
        return;
      }
      while (pos < tokens.size()) {
        Token t = tokens.get(pos++);
        if (t.isOp(")")) {
          casePattern = false;
          return;
        }
        if (t.kind == Kind.NEWLINE || t.isOp(";;")) {
          return;
        }
      }
    }

    private void redirect(Token t) {
      String target;
      if (!t.text.endsWith("<<<") && (t.text.endsWith("<<") || t.text.endsWith("<<-"))) {
        target = t.hereDocument == null ? "" : t.hereDocument;
        if (t.hereDocumentExpands) {
          scanHereDocumentSubstitutions(target);
        }
        hereDocStdin = target;
      } else if (pos < tokens.size() && tokens.get(pos).kind == Kind.WORD) {
        Word w = tokens.get(pos++).word;
        for (Substitution sub : w.substitutions) {
          parseText(sub.body(), frame().inner("$(...)"));
        }
        target = w.text();
        if (t.text.endsWith(">&") && !isDescriptor(target)) {
          redirects.add(new Redirect(t.text, target));
          return;
        }
        if (t.text.endsWith(">&") || t.text.endsWith("<&")) {
          target = "&" + target;
        }
        if (t.text.endsWith("<<<")) {
          hereDocStdin = target;
        }
      } else {
        unknown("a redirection without a target", false, frame());
        return;
      }
      redirects.add(new Redirect(t.text, target));
    }

    private void scanHereDocumentSubstitutions(String body) {
      if (!body.contains("$(") && !body.contains("`")) {
        return;
      }
      // Substitutions in an unquoted here-document run; read the body as a double-quoted word.
      Lexed lexed = ShellLexer.lex("\"" + body.replace("\\", "\\\\").replace("\"", "\\\"") + "\"");
      for (Token t : lexed.tokens()) {
        if (t.word != null) {
          for (Substitution sub : t.word.substitutions) {
            parseText(sub.body(), frame().inner("here-document"));
          }
        }
      }
      if (!lexed.complete()) {
        unknown("a here-document whose substitutions cannot be read: " + lexed.error(), false, frame(), body);
      }
    }

    private void op(String o) {
      switch (o) {
        case "(" -> {
          end(";");
          parens++;
          cwdStack.push(cwd == null ? "" : cwd);
        }
        case ")" -> {
          end(";");
          if (caseDepth > 0 && casePattern) {
            casePattern = false;
            return;
          }
          if (parens > 0) {
            parens--;
            String saved = cwdStack.pop();
            cwd = saved.isEmpty() ? null : saved;
          } else {
            unknown("a closing parenthesis without an opening one", false, frame());
          }
        }
        case ";;", ";&", ";;&" -> {
          end(";");
          if (caseDepth > 0) {
            casePattern = true;
          }
        }
        default -> end(o);
      }
    }

    /** Ends the simple command being built; {@code separator} says what follows it. */
    private void end(String separator) {
      boolean pipe = separator.equals("|") || separator.equals("|&");
      if (words.isEmpty() && redirects.isEmpty() && !prefixAssignments.isEmpty()) {
        // NAME=VALUE on its own: a shell variable for the rest of this level.
        shellVariables.addAll(prefixAssignments);
        prefixAssignments.clear();
      }
      if (words.isEmpty() && redirects.isEmpty()) {
        if (!pipe) {
          pipedText = null;
          pipedUnseen = false;
        }
        return;
      }
      // What the shell makes of the words: the line's own variables, then braces.
      List<String> argv = new ArrayList<>(words.size());
      boolean overflow = false;
      boolean nameOverflows = false;
      boolean anyUnresolved = false;
      boolean globName = false;
      String scriptFromSubstitution = null;
      boolean scriptSubstitution = false;
      for (int k = 0; k < words.size(); k++) {
        Word w = words.get(k);
        if (k > 0 && w.substitutions.size() == 1 && w.text().startsWith("<(") && isScriptReader(argv)) {
          // bash <(...), source <(...): the substitution's output is the script.
          scriptSubstitution = true;
          scriptFromSubstitution = literalOutputOf(w.substitutions.get(0).body());
          continue;
        }
        String text = w.text();
        if (!w.expansion && text.indexOf('{') < 0 && (k > 0 || !hasGlobCharacter(text))) {
          argv.add(text); // nothing to expand, and only a command name's pattern matters
          continue;
        }
        List<Expanded> ex = WordExpansion.expand(w, shellVariables);
        if (ex == null) {
          overflow = true;
          nameOverflows |= argv.isEmpty();
          argv.add(w.text());
          continue;
        }
        for (Expanded e : ex) {
          if (argv.isEmpty() && e.isGlob()) {
            globName = true;
          }
          anyUnresolved |= e.unresolved();
          argv.add(e.text());
        }
      }
      String stdin = hereDocStdin != null ? hereDocStdin : pipedText;
      boolean stdinUnseen = hereDocStdin == null && pipedUnseen;
      if (scriptSubstitution) {
        stdin = scriptFromSubstitution;
        stdinUnseen = scriptFromSubstitution == null;
      }
      List<Redirect> rs = List.copyOf(redirects);
      String outputText = anyUnresolved ? null : literalOutput(argv, stdin);
      words.clear();
      redirects.clear();
      hereDocStdin = null;

      List<String> saved = env;
      List<String> inEffect = new ArrayList<>(shellVariables);
      inEffect.addAll(prefixAssignments);
      prefixAssignments.clear();
      env = inEffect;
      try {
        Frame f = new Frame(rs, stdin, stdinUnseen, depth, via, cwd);
        if (argv.isEmpty()) {
          emit(argv, f);
        } else if (overflow) {
          // Too many words to list; the text still shows what they are made of.
          unknown("brace expansion makes more than " + WordExpansion.MAX_WORDS + " words of one word", nameOverflows,
              f, String.join(" ", argv));
        } else if (computedBasename(argv.get(0))) {
          unknown("the command name '" + argv.get(0) + "' is computed at run time", true, f, String.join(" ", argv));
        } else if (globName) {
          unknown("the command name '" + argv.get(0) + "' is a pattern the shell matches against file names at run "
              + "time", true, f, String.join(" ", argv));
        } else {
          emit(argv, f);
          recordWrites(argv, rs, outputText, stdin, cwd);
          trackCd(argv);
          trackExport(argv);
        }
      } finally {
        env = saved;
      }
      if (pipe) {
        pipedText = outputText;
        pipedUnseen = outputText == null;
      } else {
        pipedText = null;
        pipedUnseen = false;
      }
    }

    private void trackExport(List<String> argv) {
      if (!argv.isEmpty() && DECLARATIONS.contains(argv.get(0))) {
        for (String a : argv.subList(1, argv.size())) {
          if (isAssignment(a)) {
            shellVariables.add(a);
          }
        }
      }
    }

    private void trackCd(List<String> argv) {
      if (argv.isEmpty() || !(argv.get(0).equals("cd") || argv.get(0).equals("pushd"))) {
        return;
      }
      String target = null;
      for (int k = 1; k < argv.size(); k++) {
        if (!argv.get(k).startsWith("-") || argv.get(k).equals("-")) {
          target = argv.get(k);
          break;
        }
      }
      if (target == null) {
        cwd = "~";
        return;
      }
      // A computed target stays visible as such (never "no cd at all"), so nothing resolves it to the start directory.
      if (target.equals("-")) {
        target = "$OLDPWD";
      }
      if (target.startsWith("/") || target.startsWith("$") || target.contains("`") || target.startsWith("~")
          || cwd == null) {
        cwd = target;
      } else {
        cwd = cwd.endsWith("/") ? cwd + target : cwd + "/" + target;
      }
    }
  }

  private static boolean hasGlobCharacter(String s) {
    return s.indexOf('*') >= 0 || s.indexOf('?') >= 0 || s.indexOf('[') >= 0;
  }

  private static boolean isDescriptor(String target) {
    if (target.equals("-")) {
      return true;
    }
    for (int k = 0; k < target.length(); k++) {
      if (!Character.isDigit(target.charAt(k))) {
        return false;
      }
    }
    return !target.isEmpty();
  }

  /** True when {@code argv} so far is a shell or {@code source}, which reads a script from its first operand. */
  private static boolean isScriptReader(List<String> argv) {
    if (argv.isEmpty()) {
      return false;
    }
    String name = base(argv.get(0)).toLowerCase(Locale.ROOT);
    return SHELLS.contains(name) || name.equals("source") || name.equals(".");
  }

  private static boolean computedBasename(String w) {
    int slash = w.lastIndexOf('/');
    String base = slash >= 0 ? w.substring(slash + 1) : w;
    return base.isEmpty() || base.contains("$") || base.contains("`");
  }

  /**
   * What {@code echo}/{@code printf} would print, or {@code cat} with no file passes on from
   * its input, when it is literal; else null.
   */
  private static String literalOutput(List<String> argv, String stdin) {
    if (argv.isEmpty()) {
      return null;
    }
    String name = base(argv.get(0));
    if (name.equals("echo")) {
      List<String> rest = new ArrayList<>(argv.subList(1, argv.size()));
      boolean escapes = false;
      while (!rest.isEmpty() && isEchoFlags(rest.get(0))) {
        escapes |= rest.get(0).contains("e");
        rest.remove(0);
      }
      String text = String.join(" ", rest);
      return escapes ? unescapeEcho(text) : text;
    }
    if (name.equals("printf") && argv.size() >= 2) {
      String format = unescapeEcho(argv.get(1));
      List<String> args = argv.subList(2, argv.size());
      StringBuilder b = new StringBuilder();
      int a = 0;
      for (int k = 0; k < format.length(); k++) {
        char c = format.charAt(k);
        if (c == '%' && k + 1 < format.length()) {
          char f = format.charAt(++k);
          if (f == '%') {
            b.append('%');
          } else {
            b.append(a < args.size() ? args.get(a++) : "");
          }
        } else {
          b.append(c);
        }
      }
      while (a < args.size()) {
        b.append(' ').append(args.get(a++));
      }
      return b.toString();
    }
    if (name.equals("cat") && stdin != null && (argv.size() == 1 || argv.size() == 2 && argv.get(1).equals("-"))) {
      return stdin;
    }
    return null;
  }

  private static boolean isEchoFlags(String w) {
    if (w.length() < 2 || w.charAt(0) != '-') {
      return false;
    }
    for (int k = 1; k < w.length(); k++) {
      if ("neE".indexOf(w.charAt(k)) < 0) {
        return false;
      }
    }
    return true;
  }

  /** The literal output of a substitution's text ({@code echo ...}, {@code cat <<EOF}); null when not literal. */
  private static String literalOutputOf(String body) {
    Lexed lexed = ShellLexer.lex(body);
    if (!lexed.complete()) {
      return null;
    }
    List<String> argv = new ArrayList<>();
    String stdin = null;
    boolean hereString = false;
    for (Token t : lexed.tokens()) {
      if (t.kind == Kind.NEWLINE) {
        continue;
      }
      if (t.kind == Kind.WORD) {
        if (t.word.expansion) {
          return null;
        }
        if (hereString) {
          stdin = t.word.text();
          hereString = false;
        } else {
          argv.add(t.word.text());
        }
      } else if (t.kind == Kind.REDIRECT && t.text.endsWith("<<<")) {
        hereString = true;
      } else if (t.kind == Kind.REDIRECT && (t.text.endsWith("<<") || t.text.endsWith("<<-"))) {
        stdin = t.hereDocument;
      } else {
        return null;
      }
    }
    return literalOutput(argv, stdin);
  }

  private static String unescapeEcho(String t) {
    return t.replace("\\n", "\n").replace("\\t", "\t").replace("\\\\", "\\");
  }

  private static List<String> append(List<String> via, String wrapper) {
    List<String> v = new ArrayList<>(via.size() + 1);
    v.addAll(via);
    v.add(wrapper);
    return v;
  }

  private static boolean isAssignment(String v) {
    int eq = v.indexOf('=');
    if (eq <= 0) {
      return false;
    }
    int end = v.charAt(eq - 1) == '+' ? eq - 1 : eq;
    int bracket = v.indexOf('[');
    if (bracket > 0 && bracket < end) {
      end = bracket;
    }
    if (end <= 0) {
      return false;
    }
    for (int k = 0; k < end; k++) {
      char c = v.charAt(k);
      boolean ok = c == '_' || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (k > 0 && c >= '0' && c <= '9');
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  /** {@code python3.11} is {@code python}: drops trailing digits and dots. */
  private static String stripVersion(String name) {
    int end = name.length();
    while (end > 0 && (Character.isDigit(name.charAt(end - 1)) || name.charAt(end - 1) == '.')) {
      end--;
    }
    return name.substring(0, end);
  }

  private SimpleCommand command(List<String> words, Frame f, boolean readsUnseenInput) {
    SimpleCommand.Builder b = SimpleCommand.builder().words(words).redirects(f.redirects()).depth(f.depth())
        .via(f.via()).readsUnseenInput(readsUnseenInput).assignments(env);
    if (f.cwd() != null) {
      b.workingDirectory(f.cwd());
    }
    return b.build();
  }

  private void keep(List<String> argv, Frame f) {
    add(command(argv, f, false));
  }

  private static String base(String w) {
    int slash = w.lastIndexOf('/');
    return slash >= 0 ? w.substring(slash + 1) : w;
  }

  // ---- files written in this line, and scripts run from them --------------------------------

  /** The key under which a file written or run in this line is remembered. */
  private static String fileKey(String path, String cwd) {
    String p = path.startsWith("./") ? path.substring(2) : path;
    if (p.startsWith("/") || p.startsWith("~") || p.startsWith("$") || cwd == null) {
      return p;
    }
    return cwd + "/" + p;
  }

  /** Remembers the files this command writes, with their content when the line shows it. */
  private void recordWrites(List<String> argv, List<Redirect> rs, String output, String stdin, String cwd) {
    for (Redirect r : rs) {
      if (r.writesFile() && !r.target().contains("$") && !r.target().contains("`")) {
        String key = fileKey(r.target(), cwd);
        if (r.operator().endsWith(">>") && written.containsKey(key)) {
          String before = written.get(key);
          written.put(key, before == null || output == null ? null : before + output + "\n");
        } else {
          written.put(key, output == null ? null : output + "\n");
        }
      }
    }
    if (argv.isEmpty()) {
      return;
    }
    String name = base(argv.get(0)).toLowerCase(Locale.ROOT);
    if (!WRITERS.contains(name)) {
      return;
    }
    List<String> operands = new ArrayList<>();
    for (String a : argv.subList(1, argv.size())) {
      if (!a.startsWith("-")) {
        operands.add(a);
      }
    }
    switch (name) {
      case "tee", "sponge" -> {
        for (String o : operands) {
          written.put(fileKey(o, cwd), stdin);
        }
      }
      case "cp", "mv", "install", "ln" -> {
        if (operands.size() >= 2) {
          String from = fileKey(operands.get(0), cwd);
          written.put(fileKey(operands.get(operands.size() - 1), cwd), written.get(from));
        }
      }
      case "curl", "wget" -> {
        for (int k = 1; k + 1 < argv.size(); k++) {
          String a = argv.get(k);
          boolean cluster = a.length() > 2 && a.charAt(0) == '-' && a.charAt(1) != '-'
              && (a.endsWith("o") || a.endsWith("O"));
          if (cluster || a.equals("-o") || a.equals("-O") || a.equals("--output") || a.equals("--output-document")) {
            written.put(fileKey(argv.get(k + 1), cwd), null);
          }
        }
      }
      default -> {
        // other commands' files are not run by this line often enough to follow
      }
    }
  }

  /**
   * Runs the script at {@code path} when this line wrote it: its content is read as the
   * commands that run ({@code reader} is null for a shell; an interpreter's name makes the
   * content code safeops cannot read as commands). False when the line did not write it.
   */
  private boolean runWritten(String path, String reader, Frame f) {
    String key = fileKey(path, f.cwd());
    if (!written.containsKey(key)) {
      return false;
    }
    String content = written.get(key);
    String label = "script " + path;
    if (content == null) {
      unknown("it runs " + path + ", which this line writes with content safeops cannot see", true, f);
      return true;
    }
    String interpreter = reader != null ? reader : shebangInterpreter(content);
    if (interpreter != null && !SHELLS.contains(interpreter)) {
      unknown(interpreter + " code from " + path + ", written in this line, which safeops cannot read as shell "
          + "commands", false, f, content);
    } else {
      parseText(content, f.inner(label));
    }
    return true;
  }

  /** The program a {@code #!} line names ({@code #!/usr/bin/env python3} is {@code python}), or null. */
  private static String shebangInterpreter(String content) {
    if (!content.startsWith("#!")) {
      return null;
    }
    int eol = content.indexOf('\n');
    String first = (eol < 0 ? content.substring(2) : content.substring(2, eol)).trim();
    String[] parts = first.split(" ");
    String program = base(parts[0]);
    if (program.equals("env") && parts.length > 1) {
      program = base(parts[parts.length - 1]);
    }
    String bare = stripVersion(program.toLowerCase(Locale.ROOT));
    return SHELLS.contains(program) ? program : bare;
  }

  // ---- emitting commands ----------------------------------------------------------------------

  /** Emits one command, first unwrapping the wrappers that run another command. */
  private void emit(List<String> argv, Frame f) {
    if (truncated) {
      return;
    }
    if (f.depth() > MAX_DEPTH) {
      unknown("wrappers nested more than " + MAX_DEPTH + " levels deep", true, f, String.join(" ", argv));
      return;
    }
    if (argv.isEmpty()) {
      keep(argv, f);
      return;
    }
    String name = base(argv.get(0)).toLowerCase(Locale.ROOT);
    List<String> args = argv.subList(1, argv.size());
    if (argv.get(0).indexOf('/') >= 0 && runWritten(argv.get(0), null, f)) {
      return;
    }
    switch (name) {
      case "env" -> env(argv, args, f);
      case "command" -> {
        if (args.contains("-v") || args.contains("-V")) {
          keep(argv, f);
        } else {
          unwrap(argv, name, Wrappers.of("nohup"), f);
        }
      }
      case "watch" -> watch(argv, args, f);
      case "parallel", "sem" -> parallel(argv, args, f);
      case "tmux" -> tmux(argv, args, f);
      case "xargs" -> xargs(argv, args, f);
      case "eval" -> parseText(String.join(" ", args), f.inner("eval"));
      case "ssh" -> ssh(argv, args, f);
      case "find" -> find(argv, args, f);
      case "trap" -> trap(argv, args, f);
      case "at", "batch" -> at(argv, name, args, f);
      case "crontab" -> crontab(argv, args, f);
      case "source", "." -> source(argv, args, f);
      case "git" -> git(argv, args, f);
      case "tar", "gtar", "bsdtar" -> tar(argv, args, f);
      case "sed", "gsed" -> sed(argv, args, f);
      case "emacs" -> emacs(argv, args, f);
      case "docker", "podman", "nerdctl", "docker-compose" -> container(argv, name, args, f);
      default -> {
        Wrapper w = Wrappers.of(name);
        if (w != null) {
          unwrap(argv, name, w, f);
        } else if (SHELLS.contains(name)) {
          shell(argv, name, args, f);
        } else if (INTERPRETERS.contains(name) || INTERPRETERS.contains(stripVersion(name))) {
          interpreter(argv, name, args, f);
        } else if (AWK.contains(name)) {
          awk(argv, name, args, f);
        } else if (EDITORS.contains(name)) {
          editor(argv, name, args, f);
        } else {
          keep(argv, f);
        }
      }
    }
  }

  /** Reads a wrapper from the table: its own options and operands, then the command it runs. */
  private void unwrap(List<String> argv, String name, Wrapper w, Frame f) {
    List<String> args = argv.subList(1, argv.size());
    int k = 0;
    if (!w.subcommands().isEmpty()) {
      if (args.isEmpty() || !w.subcommands().contains(args.get(0))) {
        keep(argv, f);
        return;
      }
      k = 1;
    }
    Frame inner = w.remote() ? f.remote(name) : f.inner(name);
    for (int j = k; j < args.size() && !args.get(j).equals("--"); j++) {
      String text = w.commandString(args, j);
      if (text != null) {
        parseText(text, w.remote() ? f.remote(name + " " + args.get(j)) : f.inner(name + " " + args.get(j)));
        if (name.equals("script")) {
          keep(argv, f); // its operand is the typescript file it writes
        }
        return;
      }
      if (w.commandFollows().contains(args.get(j))) {
        emitRest(argv, args.subList(j + 1, args.size()), inner, f);
        return;
      }
    }
    if (w.runs() == Runs.NOTHING) {
      keep(argv, f);
      return;
    }
    if (w.dashDash()) {
      int dd = args.subList(k, args.size()).indexOf("--");
      if (dd >= 0) {
        emitRest(argv, args.subList(k + dd + 1, args.size()), inner, f);
        return;
      }
    }
    List<String> own = new ArrayList<>();
    own.add(argv.get(0));
    own.addAll(args.subList(0, k));
    int operands = w.operands();
    while (k < args.size()) {
      String a = args.get(k);
      if (a.equals("--")) {
        k++;
        break;
      }
      if (a.startsWith("-") && a.length() > 1) {
        boolean value = w.takesValue(a) && k + 1 < args.size();
        own.add(a);
        if (value) {
          own.add(args.get(k + 1));
        }
        k += value ? 2 : 1;
        continue;
      }
      if (operands > 0) {
        operands--;
        own.add(a);
        k++;
        continue;
      }
      break;
    }
    if (k >= args.size()) {
      keep(argv, f);
      return;
    }
    if (writesOutput(own, w.outputs())) {
      keep(own, f); // the wrapper's own output file, e.g. time -o FILE
    }
    List<String> rest = args.subList(k, args.size());
    if (w.runs() == Runs.TEXT) {
      parseText(String.join(" ", rest), inner);
    } else {
      emit(rest, inner);
    }
  }

  private void emitRest(List<String> argv, List<String> rest, Frame inner, Frame f) {
    if (rest.isEmpty()) {
      keep(argv, f);
    } else {
      emit(rest, inner);
    }
  }

  private static boolean writesOutput(List<String> own, Set<String> outputs) {
    for (String a : own) {
      for (String o : outputs) {
        if (a.equals(o) || o.startsWith("--") && a.startsWith(o + "=")) {
          return true;
        }
      }
    }
    return false;
  }

  private void env(List<String> argv, List<String> args, Frame f) {
    int k = 0;
    String dir = f.cwd();
    while (k < args.size()) {
      String a = args.get(k);
      if (a.equals("-S") || a.equals("--split-string")) {
        if (k + 1 < args.size()) {
          StringBuilder text = new StringBuilder(args.get(k + 1));
          for (String rest : args.subList(k + 2, args.size())) {
            text.append(' ').append(shellQuote(rest));
          }
          parseText(text.toString(), f.in(dir).inner("env -S"));
        }
        return;
      } else if (a.startsWith("-S")) {
        parseText(a.substring(2), f.in(dir).inner("env -S"));
        return;
      } else if (a.equals("-u") || a.equals("--unset") || a.equals("-C") || a.equals("--chdir")) {
        if ((a.equals("-C") || a.equals("--chdir")) && k + 1 < args.size()) {
          dir = args.get(k + 1);
        }
        k += 2;
      } else if (a.startsWith("--chdir=")) {
        dir = a.substring("--chdir=".length());
        k++;
      } else if (isAssignment(a)) {
        List<String> more = new ArrayList<>(env);
        more.add(a);
        env = more;
        k++;
      } else if (a.startsWith("-")) {
        k++;
      } else {
        break;
      }
    }
    if (k < args.size()) {
      emit(args.subList(k, args.size()), f.in(dir).inner("env"));
    } else {
      keep(argv, f);
    }
  }

  private void watch(List<String> argv, List<String> args, Frame f) {
    int k = 0;
    Set<String> withValue = Set.of("-n", "--interval", "-q", "--equexit");
    while (k < args.size() && args.get(k).startsWith("-")) {
      k += withValue.contains(args.get(k)) ? 2 : 1;
    }
    if (k < args.size()) {
      parseText(joinQuoted(args.subList(k, args.size()), args.contains("-x") || args.contains("--exec")),
          f.inner("watch"));
    } else {
      keep(argv, f);
    }
  }

  private void parallel(List<String> argv, List<String> args, Frame f) {
    Set<String> withValue = Set.of("-j", "--jobs", "-S", "--sshlogin", "--delay", "--timeout", "-N", "-n",
        "--max-args", "-I", "--joblog", "--results", "--id");
    int k = 0;
    while (k < args.size() && args.get(k).startsWith("-") && !args.get(k).equals("--")) {
      k += withValue.contains(args.get(k)) ? 2 : 1;
    }
    int end = args.indexOf(":::");
    List<String> inner = k >= args.size() ? List.of() : args.subList(k, end > k ? end : args.size());
    if (inner.isEmpty()) {
      keep(argv, f);
    } else {
      // Each command template is shell text that parallel runs once per input.
      parseText(String.join(" ", inner), f.inner("parallel"));
    }
  }

  private void tmux(List<String> argv, List<String> args, Frame f) {
    // new-session 'cmd', new-window 'cmd', split-window 'cmd', send-keys 'cmd' Enter: each operand may be a command.
    keep(argv, f);
    boolean afterSubcommand = false;
    for (int k = 0; k < args.size(); k++) {
      String a = args.get(k);
      if (a.startsWith("-")) {
        if (a.length() == 2 && "tscnFxyel".indexOf(a.charAt(1)) >= 0) {
          k++;
        }
      } else if (!afterSubcommand) {
        afterSubcommand = true;
      } else {
        parseText(a, f.inner("tmux"));
      }
    }
  }

  private void shell(List<String> argv, String name, List<String> args, Frame f) {
    int k = 0;
    boolean commandString = false;
    boolean readStdin = false;
    if (name.equals("busybox")) {
      if (args.isEmpty()) {
        keep(argv, f);
        return;
      }
      emit(args, f.inner("busybox"));
      return;
    }
    while (k < args.size()) {
      String a = args.get(k);
      if (a.equals("--")) {
        k++;
        break;
      }
      if (a.equals("-o") || a.equals("+o") || a.equals("-O") || a.equals("+O") || a.equals("--rcfile")
          || a.equals("--init-file")) {
        k += 2;
        continue;
      }
      if (a.startsWith("--")) {
        k++;
        continue;
      }
      if ((a.startsWith("-") || a.startsWith("+")) && a.length() > 1) {
        if (a.indexOf('c') > 0) {
          commandString = true;
        }
        if (a.indexOf('s') > 0) {
          readStdin = true;
        }
        k++;
        continue;
      }
      break;
    }
    if (commandString) {
      if (k < args.size()) {
        parseText(args.get(k), f.inner(name + " -c"));
      } else {
        unknown(name + " -c without a command string", false, f);
      }
      return;
    }
    if (k < args.size() && !readStdin) {
      // A script file: what it runs is outside this line, unless this line wrote it.
      if (!runWritten(args.get(k), name, f)) {
        keep(argv, f);
      }
      return;
    }
    readScript(argv, name, f);
  }

  /** A shell (or {@code at}, {@code source <(...)}) reading its script from standard input. */
  private void readScript(List<String> argv, String name, Frame f) {
    if (f.stdin() != null) {
      parseText(f.stdin(), f.inner(name + " <<script"));
    } else if (f.stdinUnseen()) {
      unknown(name + " runs a script from a pipe whose content is only known at run time", true, f);
    } else {
      keep(argv, f);
    }
  }

  private void source(List<String> argv, List<String> args, Frame f) {
    if (args.isEmpty()) {
      // source <(...) had its substitution turned into standard input.
      readScript(argv, base(argv.get(0)), f);
      return;
    }
    if (!runWritten(args.get(0), null, f)) {
      keep(argv, f);
    }
  }

  private void interpreter(List<String> argv, String name, List<String> args, Frame f) {
    String language = stripVersion(name);
    for (int k = 0; k < args.size(); k++) {
      String a = args.get(k);
      boolean perlish = (language.equals("perl") || language.equals("ruby")) && a.length() > 1 && a.startsWith("-")
          && !a.startsWith("--") && a.endsWith("e");
      if ((CODE_OPTIONS.contains(a) || perlish) && k + 1 < args.size()) {
        keep(argv, f);
        unknown("inline " + name + " code, which safeops cannot read as shell commands", false, f, args.get(k + 1));
        return;
      }
      if (a.equals("-m") && k + 1 < args.size()) {
        if (args.get(k + 1).equals("awscli")) {
          // python -m awscli is the AWS CLI itself.
          List<String> aws = new ArrayList<>();
          aws.add("aws");
          aws.addAll(args.subList(k + 2, args.size()));
          emit(aws, f.inner(name + " -m awscli"));
        } else {
          keep(argv, f);
        }
        return;
      }
      if (!a.startsWith("-")) {
        if (!runWritten(a, language, f)) {
          keep(argv, f);
        }
        return;
      }
    }
    if (f.stdin() != null || f.stdinUnseen()) {
      keep(argv, f);
      if (f.stdin() != null) {
        unknown(name + " runs a program from its input, which safeops cannot read as shell commands", false, f,
            f.stdin());
      } else {
        unknown(name + " runs a program from its input, which safeops cannot read as shell commands", false, f);
      }
      return;
    }
    keep(argv, f);
  }

  private void awk(List<String> argv, String name, List<String> args, Frame f) {
    keep(argv, f);
    String program = null;
    for (int k = 0; k < args.size(); k++) {
      String a = args.get(k);
      if ((a.equals("-e") || a.equals("--source")) && k + 1 < args.size()) {
        program = args.get(k + 1);
        break;
      }
      if (a.equals("-F") || a.equals("-v") || a.equals("-f") || a.equals("-i") || a.equals("-l")) {
        if (a.equals("-f")) {
          return; // the program is in a file outside this line
        }
        k++;
        continue;
      }
      if (a.startsWith("-") && a.length() > 1) {
        continue;
      }
      program = a;
      break;
    }
    if (program != null && (program.contains("system") || program.contains("getline") || program.contains("| \"")
        || program.contains("|\"") || program.contains("> \"") || program.contains(">\"") || program.contains(">>"))) {
      unknown("an " + name + " program that can run commands or write files, which safeops cannot read as shell "
          + "commands", false, f, program);
    }
  }

  private void sed(List<String> argv, List<String> args, Frame f) {
    keep(argv, f);
    List<String> scripts = new ArrayList<>();
    boolean explicit = false;
    for (int k = 0; k < args.size(); k++) {
      String a = args.get(k);
      if ((a.equals("-e") || a.equals("--expression")) && k + 1 < args.size()) {
        scripts.add(args.get(++k));
        explicit = true;
      } else if (a.startsWith("--expression=")) {
        scripts.add(a.substring("--expression=".length()));
        explicit = true;
      } else if (a.equals("-f") || a.equals("--file")) {
        k++;
        explicit = true;
      } else if (!a.startsWith("-") && !explicit) {
        scripts.add(a);
        break;
      }
    }
    for (String script : scripts) {
      if (SedScript.runsOrWrites(script)) {
        unknown("a sed script that runs commands or writes files, which safeops cannot read as shell commands",
            false, f, script);
        return;
      }
    }
  }

  private void tar(List<String> argv, List<String> args, Frame f) {
    keep(argv, f);
    for (int k = 0; k < args.size(); k++) {
      String a = args.get(k);
      String next = k + 1 < args.size() ? args.get(k + 1) : null;
      String command = null;
      String option = a;
      int eq = a.indexOf('=');
      String longName = a.startsWith("--") && eq > 0 ? a.substring(0, eq) : a;
      String value = a.startsWith("--") && eq > 0 ? a.substring(eq + 1) : next;
      switch (longName) {
        case "--checkpoint-action" -> {
          if (value != null && value.startsWith("exec=")) {
            command = value.substring("exec=".length());
          }
        }
        case "--to-command", "--use-compress-program", "--info-script", "--new-volume-script", "--rsh-command",
            "-I", "-F" -> command = value;
        default -> {
          // not an option that runs a command
        }
      }
      if (command != null) {
        parseText(command, f.inner("tar " + option));
      }
    }
  }

  private void editor(List<String> argv, String name, List<String> args, Frame f) {
    keep(argv, f);
    for (int k = 0; k < args.size(); k++) {
      String a = args.get(k);
      String cmd = null;
      if ((a.equals("-c") || a.equals("--cmd")) && k + 1 < args.size()) {
        cmd = args.get(++k);
      } else if (a.startsWith("+") && a.length() > 1 && !isNumber(a.substring(1))) {
        cmd = a.substring(1);
      }
      if (cmd == null) {
        continue;
      }
      String c = cmd.strip();
      while (c.startsWith(":")) {
        c = c.substring(1).strip();
      }
      if (c.startsWith("silent!")) {
        c = c.substring("silent!".length()).strip();
      } else if (c.startsWith("silent ")) {
        c = c.substring("silent ".length()).strip();
      }
      if (c.startsWith("!")) {
        parseText(c.substring(1), f.inner(name + " -c !"));
      } else {
        unknown("a " + name + " command, which safeops cannot read as shell commands", false, f, cmd);
      }
    }
  }

  private static boolean isNumber(String s) {
    if (s.isEmpty()) {
      return false;
    }
    for (int k = 0; k < s.length(); k++) {
      if (!Character.isDigit(s.charAt(k))) {
        return false;
      }
    }
    return true;
  }

  private void emacs(List<String> argv, List<String> args, Frame f) {
    keep(argv, f);
    for (int k = 0; k < args.size(); k++) {
      String a = args.get(k);
      if ((a.equals("--eval") || a.equals("-eval")) && k + 1 < args.size()) {
        unknown("emacs lisp, which safeops cannot read as shell commands", false, f, args.get(++k));
      } else if (a.startsWith("--eval=")) {
        unknown("emacs lisp, which safeops cannot read as shell commands", false, f, a.substring("--eval=".length()));
      }
    }
  }

  /** {@code git -c KEY=VALUE} and {@code git config KEY VALUE}: keys whose values git runs as commands. */
  private void git(List<String> argv, List<String> args, Frame f) {
    keep(argv, f);
    int k = 0;
    while (k < args.size() && args.get(k).startsWith("-")) {
      String a = args.get(k);
      if (a.equals("-c") && k + 1 < args.size()) {
        String kv = args.get(k + 1);
        int eq = kv.indexOf('=');
        if (eq > 0) {
          gitConfig(kv.substring(0, eq), kv.substring(eq + 1), f);
        }
        k += 2;
      } else if (a.equals("-C") || a.equals("--git-dir") || a.equals("--work-tree") || a.equals("--namespace")) {
        k += 2;
      } else {
        k++;
      }
    }
    if (k < args.size() && args.get(k).equals("config")) {
      List<String> operands = new ArrayList<>();
      for (int j = k + 1; j < args.size(); j++) {
        String a = args.get(j);
        if (a.equals("-f") || a.equals("--file") || a.equals("--type") || a.equals("--blob")) {
          j++;
        } else if (!a.startsWith("-")) {
          operands.add(a);
        }
      }
      if (operands.size() >= 2) {
        gitConfig(operands.get(0), operands.get(1), f);
      }
    }
  }

  private void gitConfig(String key, String value, Frame f) {
    String k = key.toLowerCase(Locale.ROOT);
    if (k.startsWith("alias.")) {
      if (value.startsWith("!")) {
        parseText(value.substring(1), f.inner("git alias " + key.substring("alias.".length())));
      }
      return;
    }
    boolean runs = k.equals("core.sshcommand") || k.equals("core.pager") || k.equals("core.editor")
        || k.equals("core.fsmonitor") || k.equals("core.gitproxy") || k.equals("core.askpass")
        || k.equals("sequence.editor") || k.equals("diff.external") || k.equals("gpg.program")
        || k.equals("gpg.ssh.program") || k.equals("uploadpack.packobjectshook") || k.startsWith("pager.")
        || k.endsWith(".textconv") || k.endsWith(".clean") || k.endsWith(".smudge") || k.endsWith(".process")
        || k.endsWith(".driver") || k.endsWith(".cmd") || k.endsWith(".command")
        || k.equals("credential.helper") && value.startsWith("!");
    if (runs) {
      parseText(value.startsWith("!") ? value.substring(1) : value, f.inner("git -c " + key));
    } else if (k.equals("core.hookspath")) {
      unknown("git hooks from " + value + ", which safeops cannot see", false, f, value);
    }
  }

  private void trap(List<String> argv, List<String> args, Frame f) {
    List<String> rest = !args.isEmpty() && args.get(0).equals("--") ? args.subList(1, args.size()) : args;
    if (rest.size() >= 2 && !rest.get(0).startsWith("-")) {
      parseText(rest.get(0), f.inner("trap"));
    } else {
      keep(argv, f);
    }
  }

  /** {@code at} and {@code batch} run, later, a script read from standard input or from {@code -f FILE}. */
  private void at(List<String> argv, String name, List<String> args, Frame f) {
    for (int k = 0; k < args.size(); k++) {
      String a = args.get(k);
      if (a.equals("-l") || a.equals("-r") || a.equals("-d") || a.equals("-c") || a.equals("-V")) {
        keep(argv, f);
        return;
      }
      if (a.equals("-f") && k + 1 < args.size()) {
        if (!runWritten(args.get(k + 1), null, f)) {
          keep(argv, f);
        }
        return;
      }
    }
    readScript(argv, name, f);
  }

  /** {@code crontab FILE} or {@code crontab -} installs commands that run later. */
  private void crontab(List<String> argv, List<String> args, Frame f) {
    String file = null;
    for (int k = 0; k < args.size(); k++) {
      String a = args.get(k);
      if (a.equals("-u")) {
        k++;
      } else if (a.equals("-l") || a.equals("-r") || a.equals("-e") || a.equals("-i")) {
        keep(argv, f);
        return;
      } else if (!a.startsWith("-") || a.equals("-")) {
        file = a;
      }
    }
    String table;
    if (file == null || file.equals("-")) {
      if (f.stdin() == null) {
        if (f.stdinUnseen() || file != null) {
          unknown("crontab installs a table of commands read from a pipe safeops cannot see", true, f);
        } else {
          keep(argv, f);
        }
        return;
      }
      table = f.stdin();
    } else {
      String key = fileKey(file, f.cwd());
      if (!written.containsKey(key)) {
        keep(argv, f);
        return;
      }
      table = written.get(key);
      if (table == null) {
        unknown("crontab installs " + file + ", which this line writes with content safeops cannot see", true, f);
        return;
      }
    }
    for (String entry : table.split("\n")) {
      String e = entry.strip();
      if (e.isEmpty() || e.startsWith("#") || isAssignment(e)) {
        continue;
      }
      String[] fields = e.split("\\s+", e.startsWith("@") ? 2 : 6);
      if (fields.length == (e.startsWith("@") ? 2 : 6)) {
        parseText(fields[fields.length - 1], f.inner("crontab"));
      }
    }
  }

  /** {@code docker run IMAGE cmd}: the container's command; {@code docker exec}: the table's rule. */
  private void container(List<String> argv, String name, List<String> args, Frame f) {
    int k = 0;
    if (!args.isEmpty() && args.get(0).equals("compose") || name.equals("docker-compose")) {
      k = name.equals("docker-compose") ? 0 : 1;
      // compose run|exec [options] SERVICE cmd
      if (k < args.size() && (args.get(k).equals("run") || args.get(k).equals("exec"))) {
        containerCommand(argv, args, k + 1, name + " compose", f);
      } else {
        keep(argv, f);
      }
      return;
    }
    if (!args.isEmpty() && (args.get(0).equals("run") || args.get(0).equals("create")
        || args.get(0).equals("container") && args.size() > 1 && args.get(1).equals("run"))) {
      // The classifiers judge the image (terraform, the AWS CLI); the command inside is judged too.
      keep(argv, f);
      containerCommand(null, args, args.get(0).equals("container") ? 2 : 1, name + " run", f);
      return;
    }
    Wrapper w = Wrappers.of(name.equals("docker-compose") ? "docker" : name);
    if (w != null) {
      unwrap(argv, name, w, f);
    } else {
      keep(argv, f);
    }
  }

  /**
   * The command after a container's options and its image or service, run inside it. The
   * official Terraform, OpenTofu and AWS CLI images run their tool as the entry point, so what
   * follows them is the tool's arguments, which the classifiers read from the docker command.
   */
  private void containerCommand(List<String> argv, List<String> args, int from, String label, Frame f) {
    int k = from;
    while (k < args.size() && args.get(k).startsWith("-")) {
      String a = args.get(k);
      k += CONTAINER_RUN_OPTIONS.contains(a) && a.indexOf('=') < 0 ? 2 : 1;
    }
    String image = k < args.size() ? args.get(k).toLowerCase(Locale.ROOT) : "";
    boolean toolImage = image.contains("terraform") || image.contains("tofu") || image.contains("aws-cli")
        || image.contains("awscli");
    if (k + 1 < args.size() && !toolImage) {
      emit(args.subList(k + 1, args.size()), f.remote(label + " " + args.get(k)));
    } else if (argv != null) {
      keep(argv, f);
    }
  }

  private void xargs(List<String> argv, List<String> args, Frame f) {
    Set<String> withValue = Set.of("-I", "-L", "-n", "-P", "-d", "-E", "-s", "-a", "-e", "-l", "--max-args",
        "--max-procs", "--delimiter", "--arg-file", "--max-lines", "--replace", "--eof", "--max-chars",
        "--process-slot-var");
    int k = 0;
    while (k < args.size()) {
      String a = args.get(k);
      if (a.equals("--")) {
        k++;
        break;
      }
      if (!a.startsWith("-")) {
        break;
      }
      k += withValue.contains(a) ? 2 : 1;
    }
    List<String> inner = new ArrayList<>(k < args.size() ? args.subList(k, args.size()) : List.of("echo"));
    // Without literal input (a pipe from echo, a here-string), xargs appends words safeops cannot see.
    String stdin = f.stdin();
    boolean unseen = stdin == null;
    if (stdin != null) {
      for (String w : stdin.trim().split("\\s+")) {
        if (!w.isEmpty()) {
          inner.add(w);
        }
      }
    }
    if (inner.isEmpty()) {
      keep(argv, f);
      return;
    }
    String innerName = base(inner.get(0)).toLowerCase(Locale.ROOT);
    Frame in = f.reading(null, false).inner("xargs");
    if (SHELLS.contains(innerName) || innerName.equals("eval") || innerName.equals("env")
        || Wrappers.of(innerName) != null) {
      emit(inner, in);
      return;
    }
    add(command(inner, in, unseen));
  }

  private void ssh(List<String> argv, List<String> args, Frame f) {
    Set<String> withValue = Set.of("-b", "-c", "-D", "-E", "-e", "-F", "-I", "-i", "-J", "-L", "-l", "-m", "-O", "-o",
        "-p", "-Q", "-R", "-S", "-W", "-w");
    int k = 0;
    while (k < args.size() && args.get(k).startsWith("-")) {
      k += withValue.contains(args.get(k)) ? 2 : 1;
    }
    keep(argv, f);
    if (k + 1 < args.size()) {
      parseText(String.join(" ", args.subList(k + 1, args.size())), f.remote("ssh " + args.get(k)));
    }
  }

  private void find(List<String> argv, List<String> args, Frame f) {
    keep(argv, f);
    for (int k = 0; k < args.size(); k++) {
      String a = args.get(k);
      if (a.equals("-exec") || a.equals("-execdir") || a.equals("-ok") || a.equals("-okdir")) {
        int end = k + 1;
        while (end < args.size() && !args.get(end).equals(";") && !args.get(end).equals("+")) {
          end++;
        }
        if (end > k + 1) {
          emit(new ArrayList<>(args.subList(k + 1, end)), f.withoutRedirects().reading(null, false)
              .inner("find " + a));
        }
        k = end;
      }
    }
  }

  private static String joinQuoted(List<String> words, boolean quote) {
    if (!quote) {
      return String.join(" ", words);
    }
    StringBuilder b = new StringBuilder();
    for (String w : words) {
      b.append(b.length() > 0 ? " " : "").append(shellQuote(w));
    }
    return b.toString();
  }

  private static String shellQuote(String w) {
    return "'" + w.replace("'", "'\\''") + "'";
  }
}
