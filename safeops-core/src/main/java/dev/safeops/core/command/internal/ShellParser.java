package dev.safeops.core.command.internal;

import dev.safeops.core.command.Redirect;
import dev.safeops.core.command.SimpleCommand;
import dev.safeops.core.command.internal.ShellLexer.Kind;
import dev.safeops.core.command.internal.ShellLexer.LexException;
import dev.safeops.core.command.internal.ShellLexer.Substitution;
import dev.safeops.core.command.internal.ShellLexer.Token;
import dev.safeops.core.command.internal.ShellLexer.Word;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Finds every simple command in a shell command line, following what agents send: lists,
 * pipelines, subshells, groups, loops and conditionals, substitutions, here-documents, and
 * the wrappers that run another command ({@code sudo}, {@code env}, {@code xargs},
 * {@code bash -c}, {@code eval}, {@code echo ... | bash}, {@code find -exec}, {@code ssh}).
 *
 * <p>Bounded: text beyond {@link #MAX_INPUT} characters, nesting beyond {@link #MAX_DEPTH}
 * and more than {@link #MAX_COMMANDS} commands become unknown commands. It never throws:
 * anything it cannot read becomes an unknown command, which classifiers treat as mutating.
 * Each nesting level re-reads only its own substring, so the work is at most
 * {@code MAX_DEPTH} times the input length. Not thread-safe; one instance per parse.
 */
public final class ShellParser {
  public static final int MAX_INPUT = 64 * 1024;
  public static final int MAX_DEPTH = 8;
  public static final int MAX_COMMANDS = 512;

  private static final Set<String> SHELLS = Set.of("bash", "sh", "zsh", "dash", "ksh", "ash", "mksh", "busybox");
  private static final Set<String> INTERPRETERS =
      Set.of("python", "python2", "python3", "node", "perl", "ruby", "php", "deno", "bun", "lua", "osascript", "pwsh");
  private static final Set<String> START_KEYWORDS =
      Set.of("if", "then", "else", "elif", "do", "while", "until", "!", "{");
  private static final Set<String> END_KEYWORDS = Set.of("fi", "done", "esac", "}");

  private final List<SimpleCommand> out = new ArrayList<>();
  private boolean truncated;
  /** The assignments in effect for the command being emitted; scoped dynamically around each emit. */
  private List<String> env = List.of();

  private ShellParser() {}

  /** Every simple command in {@code text}; never throws, never returns an empty list for unreadable text. */
  public static List<SimpleCommand> parse(String text) {
    ShellParser p = new ShellParser();
    try {
      if (text == null) {
        p.unknown("no command line", false, 0, List.of());
      } else if (text.length() > MAX_INPUT) {
        p.unknown("the command line is longer than " + MAX_INPUT + " characters", true, 0, List.of());
      } else {
        p.parseText(text, 0, List.of(), null);
      }
    } catch (RuntimeException | StackOverflowError e) {
      // Last resort: the bounds above should make this unreachable, but a parser bug must fail closed.
      p.out.add(SimpleCommand.unknown("the parser failed on this line (" + e.getClass().getSimpleName() + ")", true, 0,
          List.of()));
    }
    return List.copyOf(p.out);
  }

  private void unknown(String reason, boolean hides, int depth, List<String> via) {
    add(SimpleCommand.unknown(reason, hides, depth, via));
  }

  private void add(SimpleCommand c) {
    if (out.size() >= MAX_COMMANDS) {
      if (!truncated) {
        truncated = true;
        out.add(SimpleCommand.unknown("more than " + MAX_COMMANDS + " commands in one line", true, c.depth(), c.via()));
      }
      return;
    }
    out.add(c);
  }

  private void parseText(String text, int depth, List<String> via, String cwd) {
    if (depth > MAX_DEPTH) {
      unknown("nested more than " + MAX_DEPTH + " levels deep", true, depth, via);
      return;
    }
    List<Token> tokens;
    try {
      tokens = ShellLexer.lex(text);
    } catch (LexException e) {
      unknown(e.getMessage(), false, depth, via);
      return;
    }
    new Walk(tokens, depth, via, cwd).run();
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

    Walk(List<Token> tokens, int depth, List<String> via, String cwd) {
      this.tokens = tokens;
      this.depth = depth;
      this.via = via;
      this.cwd = cwd;
    }

    void run() {
      while (pos < tokens.size()) {
        Token t = tokens.get(pos++);
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
        unknown("unbalanced parentheses", false, depth, via);
      }
    }

    private boolean atStart() {
      return words.isEmpty();
    }

    private void word(Token t) {
      Word w = t.word;
      String v = w.text();
      for (Substitution sub : w.substitutions) {
        parseText(sub.body(), depth + 1, append(via, "$(...)"), cwd);
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
            parseText(sub.body(), depth + 1, append(via, "$(...)"), cwd);
          }
          pos++;
        }
      }
    }

    private void skipCaseHeader() {
      while (pos < tokens.size() && tokens.get(pos).kind == Kind.WORD) {
        Token t = tokens.get(pos++);
        for (Substitution sub : t.word.substitutions) {
          parseText(sub.body(), depth + 1, append(via, "$(...)"), cwd);
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
          parseText(sub.body(), depth + 1, append(via, "$(...)"), cwd);
        }
        target = w.text();
        if (t.text.endsWith(">&") && !target.matches("\\d+|-")) {
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
        unknown("a redirection without a target", false, depth, via);
        return;
      }
      redirects.add(new Redirect(t.text, target));
    }

    private void scanHereDocumentSubstitutions(String body) {
      if (!body.contains("$(") && !body.contains("`")) {
        return;
      }
      // Substitutions in an unquoted here-document run; read the body as a double-quoted word.
      try {
        List<Token> ts = ShellLexer.lex("\"" + body.replace("\\", "\\\\").replace("\"", "\\\"") + "\"");
        for (Token t : ts) {
          if (t.word != null) {
            for (Substitution sub : t.word.substitutions) {
              parseText(sub.body(), depth + 1, append(via, "here-document"), cwd);
            }
          }
        }
      } catch (LexException e) {
        unknown("a here-document whose substitutions cannot be read: " + e.getMessage(), false, depth, via);
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
            unknown("a closing parenthesis without an opening one", false, depth, via);
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
      List<String> argv = new ArrayList<>(words.size());
      boolean nameComputed = !words.isEmpty() && words.get(0).expansion && computedBasename(words.get(0).text());
      for (Word w : words) {
        argv.add(w.text());
      }
      String stdin = hereDocStdin != null ? hereDocStdin : pipedText;
      boolean stdinUnseen = hereDocStdin == null && pipedUnseen;
      List<Redirect> rs = List.copyOf(redirects);
      String outputText = literalOutput(argv, words);
      words.clear();
      redirects.clear();
      hereDocStdin = null;

      List<String> saved = env;
      List<String> inEffect = new ArrayList<>(shellVariables);
      inEffect.addAll(prefixAssignments);
      prefixAssignments.clear();
      env = inEffect;
      try {
        if (nameComputed) {
          unknown("the command name '" + argv.get(0) + "' is computed at run time", true, depth, via);
        } else {
          emit(argv, rs, stdin, stdinUnseen, depth, via);
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
      if (!argv.isEmpty() && Set.of("export", "declare", "typeset", "readonly", "local").contains(argv.get(0))) {
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

    private void emit(List<String> argv, List<Redirect> rs, String stdin, boolean stdinUnseen, int d, List<String> v) {
      ShellParser.this.emit(argv, rs, stdin, stdinUnseen, d, v, cwd);
    }
  }

  private static boolean computedBasename(String w) {
    int slash = w.lastIndexOf('/');
    String base = slash >= 0 ? w.substring(slash + 1) : w;
    return base.isEmpty() || base.contains("$") || base.contains("`");
  }

  /** What {@code echo}/{@code printf}/{@code cat <<EOF} would print, when it is literal; else null. */
  private static String literalOutput(List<String> argv, List<Word> words) {
    if (argv.isEmpty()) {
      return null;
    }
    String name = argv.get(0);
    for (Word w : words) {
      if (w.expansion) {
        return null;
      }
    }
    if (name.equals("echo")) {
      List<String> rest = new ArrayList<>(argv.subList(1, argv.size()));
      boolean escapes = false;
      while (!rest.isEmpty() && rest.get(0).matches("-[neE]+")) {
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
    return null;
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

  private SimpleCommand command(List<String> words, List<Redirect> redirects, String cwd, int depth,
      List<String> via, boolean readsUnseenInput) {
    SimpleCommand.Builder b = SimpleCommand.builder().words(words).redirects(redirects).depth(depth).via(via)
        .readsUnseenInput(readsUnseenInput).assignments(env);
    if (cwd != null) {
      b.workingDirectory(cwd);
    }
    return b.build();
  }

  private static String base(String w) {
    int slash = w.lastIndexOf('/');
    return slash >= 0 ? w.substring(slash + 1) : w;
  }

  /** Emits one command, first unwrapping the wrappers that run another command. */
  private void emit(List<String> argv, List<Redirect> rs, String stdin, boolean stdinUnseen, int depth,
      List<String> via, String cwd) {
    if (truncated) {
      return;
    }
    if (depth > MAX_DEPTH) {
      unknown("wrappers nested more than " + MAX_DEPTH + " levels deep", true, depth, via);
      return;
    }
    if (argv.isEmpty()) {
      add(command(argv, rs, cwd, depth, via, false));
      return;
    }
    String name = base(argv.get(0)).toLowerCase(Locale.ROOT);
    List<String> args = argv.subList(1, argv.size());
    switch (name) {
      case "sudo", "doas" -> {
        int k = skipOptions(args, Set.of("-u", "-g", "-h", "-p", "-C", "-D", "-r", "-t", "-T", "-U", "--user",
            "--group", "--host", "--prompt", "--chdir", "--role", "--type", "--other-user", "--close-from"));
        if (k < args.size()) {
          emit(args.subList(k, args.size()), rs, stdin, stdinUnseen, depth + 1, append(via, name), cwd);
        } else {
          add(command(argv, rs, cwd, depth, via, false));
        }
        return;
      }
      case "env" -> {
        int k = 0;
        String dir = cwd;
        while (k < args.size()) {
          String a = args.get(k);
          if (a.equals("-S") || a.equals("--split-string")) {
            if (k + 1 < args.size()) {
              StringBuilder text = new StringBuilder(args.get(k + 1));
              for (String rest : args.subList(k + 2, args.size())) {
                text.append(' ').append(shellQuote(rest));
              }
              parseText(text.toString(), depth + 1, append(via, "env -S"), dir);
            }
            return;
          } else if (a.startsWith("-S")) {
            parseText(a.substring(2), depth + 1, append(via, "env -S"), dir);
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
          emit(args.subList(k, args.size()), rs, stdin, stdinUnseen, depth + 1, append(via, "env"), dir);
        } else {
          add(command(argv, rs, cwd, depth, via, false));
        }
        return;
      }
      case "nohup", "builtin", "chronic", "unbuffer", "caffeinate", "nocorrect", "noglob", "setsid" -> {
        int k = skipOptions(args, Set.of());
        unwrapOrKeep(argv, args, k, rs, stdin, stdinUnseen, depth, via, cwd, name);
        return;
      }
      case "time" -> {
        int k = skipOptions(args, Set.of("-f", "-o", "--format", "--output"));
        unwrapOrKeep(argv, args, k, rs, stdin, stdinUnseen, depth, via, cwd, name);
        return;
      }
      case "nice" -> {
        int k = skipOptions(args, Set.of("-n", "--adjustment"));
        unwrapOrKeep(argv, args, k, rs, stdin, stdinUnseen, depth, via, cwd, name);
        return;
      }
      case "ionice" -> {
        int k = skipOptions(args, Set.of("-c", "-n", "-p", "-P", "-u", "--class", "--classdata"));
        unwrapOrKeep(argv, args, k, rs, stdin, stdinUnseen, depth, via, cwd, name);
        return;
      }
      case "stdbuf" -> {
        int k = skipOptions(args, Set.of("-i", "-o", "-e"));
        unwrapOrKeep(argv, args, k, rs, stdin, stdinUnseen, depth, via, cwd, name);
        return;
      }
      case "timeout", "gtimeout" -> {
        int k = skipOptions(args, Set.of("-s", "-k", "--signal", "--kill-after"));
        unwrapOrKeep(argv, args, Math.min(k + 1, args.size()), rs, stdin, stdinUnseen, depth, via, cwd, name);
        return;
      }
      case "exec" -> {
        int k = skipOptions(args, Set.of("-a"));
        unwrapOrKeep(argv, args, k, rs, stdin, stdinUnseen, depth, via, cwd, name);
        return;
      }
      case "command" -> {
        if (args.stream().anyMatch(a -> a.equals("-v") || a.equals("-V"))) {
          add(command(argv, rs, cwd, depth, via, false));
          return;
        }
        int k = skipOptions(args, Set.of());
        unwrapOrKeep(argv, args, k, rs, stdin, stdinUnseen, depth, via, cwd, name);
        return;
      }
      case "flock" -> {
        int k = skipOptions(args, Set.of("-w", "-E", "--timeout", "--conflict-exit-code"));
        int c = args.indexOf("-c");
        if (c >= 0 && c + 1 < args.size()) {
          parseText(args.get(c + 1), depth + 1, append(via, "flock -c"), cwd);
          return;
        }
        unwrapOrKeep(argv, args, Math.min(k + 1, args.size()), rs, stdin, stdinUnseen, depth, via, cwd, name);
        return;
      }
      case "watch" -> {
        int k = skipOptions(args, Set.of("-n", "--interval", "-q", "--equexit"));
        if (k < args.size()) {
          parseText(joinQuoted(args.subList(k, args.size()), args.contains("-x") || args.contains("--exec")),
              depth + 1, append(via, "watch"), cwd);
        } else {
          add(command(argv, rs, cwd, depth, via, false));
        }
        return;
      }
      case "parallel" -> {
        int k = skipOptions(args, Set.of("-j", "--jobs", "-S", "--sshlogin", "--delay", "--timeout", "-N", "-n",
            "--max-args", "-I", "--joblog", "--results"));
        int end = args.indexOf(":::");
        List<String> inner = args.subList(k, end > k ? end : args.size());
        if (inner.isEmpty()) {
          add(command(argv, rs, cwd, depth, via, false));
        } else {
          // Each command template is shell text that parallel runs once per input.
          parseText(String.join(" ", inner), depth + 1, append(via, "parallel"), cwd);
        }
        return;
      }
      case "script" -> {
        for (int k = 0; k + 1 < args.size(); k++) {
          if (args.get(k).equals("-c") || args.get(k).equals("--command") || args.get(k).matches("-[a-zA-Z]*c")) {
            parseText(args.get(k + 1), depth + 1, append(via, "script -c"), cwd);
            return;
          }
        }
        add(command(argv, rs, cwd, depth, via, false));
        return;
      }
      case "screen" -> {
        int k = skipOptions(args, Set.of("-S", "-c", "-e", "-h", "-L", "-Logfile", "-p", "-T", "-t", "-X"));
        unwrapOrKeep(argv, args, k, rs, stdin, stdinUnseen, depth, via, cwd, name);
        return;
      }
      case "tmux" -> {
        // new-session 'cmd', new-window 'cmd', split-window 'cmd', send-keys 'cmd' Enter: each operand may be a command.
        add(command(argv, rs, cwd, depth, via, false));
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
            parseText(a, depth + 1, append(via, "tmux"), cwd);
          }
        }
        return;
      }
      case "xargs" -> {
        xargs(argv, args, rs, stdin, stdinUnseen, depth, via, cwd);
        return;
      }
      case "eval" -> {
        parseText(String.join(" ", args), depth + 1, append(via, "eval"), cwd);
        return;
      }
      case "su" -> {
        int c = Math.max(args.indexOf("-c"), args.indexOf("--command"));
        if (c >= 0 && c + 1 < args.size()) {
          parseText(args.get(c + 1), depth + 1, append(via, "su -c"), cwd);
          return;
        }
        add(command(argv, rs, cwd, depth, via, false));
        return;
      }
      case "ssh" -> {
        ssh(argv, args, rs, depth, via, cwd);
        return;
      }
      case "find" -> {
        find(argv, args, rs, stdin, depth, via, cwd);
        return;
      }
      default -> {
        // fall through to the shells and interpreters below
      }
    }
    if (SHELLS.contains(name)) {
      shell(argv, name, args, rs, stdin, stdinUnseen, depth, via, cwd);
      return;
    }
    if (INTERPRETERS.contains(name) || INTERPRETERS.contains(stripVersion(name))) {
      for (String a : args) {
        if (a.equals("-c") || a.equals("-e") || a.equals("--eval") || a.equals("-E") || a.equals("-r")) {
          add(command(argv, rs, cwd, depth, via, false));
          unknown("inline " + name + " code, which safeops cannot read as shell commands", false, depth, via);
          return;
        }
      }
      if (args.isEmpty() || args.stream().allMatch(a -> a.startsWith("-"))) {
        if (stdin != null || stdinUnseen) {
          add(command(argv, rs, cwd, depth, via, false));
          unknown(name + " runs a program from its input, which safeops cannot read as shell commands", false, depth,
              via);
          return;
        }
      }
    }
    add(command(argv, rs, cwd, depth, via, false));
  }

  private void unwrapOrKeep(List<String> argv, List<String> args, int k, List<Redirect> rs, String stdin,
      boolean stdinUnseen, int depth, List<String> via, String cwd, String name) {
    if (k < args.size()) {
      emit(args.subList(k, args.size()), rs, stdin, stdinUnseen, depth + 1, append(via, name), cwd);
    } else {
      add(command(argv, rs, cwd, depth, via, false));
    }
  }

  /** Index of the first operand after options; options in {@code withValue} take the next word. */
  private static int skipOptions(List<String> args, Set<String> withValue) {
    int k = 0;
    while (k < args.size()) {
      String a = args.get(k);
      if (a.equals("--")) {
        return k + 1;
      }
      if (!a.startsWith("-") || a.equals("-")) {
        return k;
      }
      boolean clusterEndingInValueOption = !a.startsWith("--") && a.length() > 2 && a.indexOf('=') < 0
          && withValue.contains("-" + a.charAt(a.length() - 1));
      if (withValue.contains(a) || clusterEndingInValueOption) {
        k += 2;
      } else {
        k++;
      }
    }
    return k;
  }

  private void shell(List<String> argv, String name, List<String> args, List<Redirect> rs, String stdin,
      boolean stdinUnseen, int depth, List<String> via, String cwd) {
    int k = 0;
    boolean commandString = false;
    boolean readStdin = false;
    if (name.equals("busybox")) {
      if (args.isEmpty()) {
        add(command(argv, rs, cwd, depth, via, false));
        return;
      }
      emit(args, rs, stdin, stdinUnseen, depth + 1, append(via, "busybox"), cwd);
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
    List<String> inner = append(via, name + (commandString ? " -c" : ""));
    if (commandString) {
      if (k < args.size()) {
        parseText(args.get(k), depth + 1, inner, cwd);
      } else {
        unknown(name + " -c without a command string", false, depth, via);
      }
      return;
    }
    if (k < args.size() && !readStdin) {
      // A script file: what it runs is outside this line.
      add(command(argv, rs, cwd, depth, via, false));
      return;
    }
    if (stdin != null) {
      parseText(stdin, depth + 1, append(via, name + " <<script"), cwd);
    } else if (stdinUnseen) {
      unknown(name + " runs a script from a pipe whose content is only known at run time", true, depth, via);
    } else {
      add(command(argv, rs, cwd, depth, via, false));
    }
  }

  private void xargs(List<String> argv, List<String> args, List<Redirect> rs, String stdin, boolean stdinUnseen,
      int depth, List<String> via, String cwd) {
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
    boolean unseen = stdin == null;
    if (stdin != null) {
      for (String w : stdin.trim().split("\\s+")) {
        if (!w.isEmpty()) {
          inner.add(w);
        }
      }
    }
    if (inner.isEmpty()) {
      add(command(argv, rs, cwd, depth, via, false));
      return;
    }
    String innerName = base(inner.get(0));
    if (SHELLS.contains(innerName) || innerName.equals("eval") || innerName.equals("sudo") || innerName.equals("env")) {
      emit(inner, rs, null, false, depth + 1, append(via, "xargs"), cwd);
      return;
    }
    add(command(inner, rs, cwd, depth + 1, append(via, "xargs"), unseen));
  }

  private void ssh(List<String> argv, List<String> args, List<Redirect> rs, int depth, List<String> via, String cwd) {
    Set<String> withValue = Set.of("-b", "-c", "-D", "-E", "-e", "-F", "-I", "-i", "-J", "-L", "-l", "-m", "-O", "-o",
        "-p", "-Q", "-R", "-S", "-W", "-w");
    int k = 0;
    while (k < args.size() && args.get(k).startsWith("-")) {
      k += withValue.contains(args.get(k)) ? 2 : 1;
    }
    add(command(argv, rs, cwd, depth, via, false));
    if (k + 1 < args.size()) {
      parseText(String.join(" ", args.subList(k + 1, args.size())), depth + 1, append(via, "ssh " + args.get(k)),
          null);
    }
  }

  private void find(List<String> argv, List<String> args, List<Redirect> rs, String stdin, int depth, List<String> via,
      String cwd) {
    add(command(argv, rs, cwd, depth, via, false));
    for (int k = 0; k < args.size(); k++) {
      String a = args.get(k);
      if (a.equals("-exec") || a.equals("-execdir") || a.equals("-ok") || a.equals("-okdir")) {
        int end = k + 1;
        while (end < args.size() && !args.get(end).equals(";") && !args.get(end).equals("+")) {
          end++;
        }
        if (end > k + 1) {
          emit(new ArrayList<>(args.subList(k + 1, end)), List.of(), null, false, depth + 1, append(via, "find " + a),
              cwd);
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
