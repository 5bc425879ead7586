package dev.safeops.core.command.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits shell text into words, operators and redirections, unquoting words the way a POSIX
 * shell does and remembering, character by character, which parts were unquoted (so brace
 * expansion and globs can be told from quoted text) and which stay computed at run time.
 * Linear in the input; never recurses: nested substitutions are found with an explicit stack
 * and handed back as text for the parser to read at the next depth. Text it cannot read
 * ends the tokens there: what was read before stays, and the rest is reported unread.
 */
final class ShellLexer {

  enum Kind { WORD, OP, REDIRECT, NEWLINE }

  /** One substitution found inside a word: {@code $(...)}, backticks or {@code <(...)}. */
  record Substitution(String body) {}

  /** How one character of a word's value was written. */
  static final char LITERAL = 'L';
  static final char QUOTED = 'Q';
  static final char EXPANDED = 'E';

  /**
   * A word: its unquoted value, a mark per character of the value ({@link #LITERAL} unquoted,
   * {@link #QUOTED} quoted or escaped, {@link #EXPANDED} the text of an expansion or
   * substitution, kept as written), whether any part is expanded at run time, and its
   * substitutions.
   */
  static final class Word {
    final StringBuilder value = new StringBuilder();
    final StringBuilder marks = new StringBuilder();
    boolean expansion;
    boolean quoted;
    final List<Substitution> substitutions = new ArrayList<>(0);

    String text() {
      return value.toString();
    }

    String marks() {
      return marks.toString();
    }

    void literal(char c) {
      value.append(c);
      marks.append(LITERAL);
    }

    void quoted(char c) {
      value.append(c);
      marks.append(QUOTED);
      quoted = true;
    }

    void quoted(CharSequence t) {
      value.append(t);
      for (int k = 0; k < t.length(); k++) {
        marks.append(QUOTED);
      }
      quoted = true;
    }

    void quotedCodePoint(int cp) {
      quoted(new String(Character.toChars(cp)));
    }

    void expanded(CharSequence t) {
      value.append(t);
      for (int k = 0; k < t.length(); k++) {
        marks.append(EXPANDED);
      }
      expansion = true;
    }
  }

  static final class Token {
    final Kind kind;
    final String text;
    final Word word;
    /** Where the token starts in the lexed text. */
    int start;
    String hereDocument;
    boolean hereDocumentExpands;

    Token(Kind kind, String text, Word word) {
      this.kind = kind;
      this.text = text;
      this.word = word;
    }

    boolean isOp(String op) {
      return kind == Kind.OP && text.equals(op);
    }

    @Override
    public String toString() {
      return kind + ":" + (word != null ? word.text() : text);
    }
  }

  /** Thrown for text the lexer cannot read; the parser turns it into an unknown command. */
  static final class LexException extends Exception {
    private static final long serialVersionUID = 1L;

    LexException(String message) {
      super(message, null, false, false);
    }
  }

  /**
   * The tokens of a text. When part of it cannot be read, {@code error} says why and
   * {@code unreadFrom} is where the unread rest starts; the tokens before it stand.
   */
  record Lexed(List<Token> tokens, String error, int unreadFrom) {
    boolean complete() {
      return error == null;
    }
  }

  private final String s;
  private final int n;
  private int i;
  private int tokenStart;
  private final List<Token> tokens = new ArrayList<>();
  private final List<Token> pendingHereDocs = new ArrayList<>();
  private final List<Boolean> pendingStripTabs = new ArrayList<>();
  private final List<String> pendingDelimiters = new ArrayList<>();

  private ShellLexer(String s) {
    this.s = s;
    this.n = s.length();
  }

  static Lexed lex(String text) {
    ShellLexer l = new ShellLexer(text);
    try {
      l.run();
    } catch (LexException e) {
      // Drop the token that could not be finished; everything before it was read.
      return new Lexed(l.tokens, e.getMessage(), l.tokenStart);
    }
    return new Lexed(l.tokens, null, text.length());
  }

  private void run() throws LexException {
    while (i < n) {
      tokenStart = i;
      char c = s.charAt(i);
      if (c == ' ' || c == '\t' || c == '\r') {
        i++;
      } else if (c == '\\' && i + 1 < n && s.charAt(i + 1) == '\n') {
        i += 2;
      } else if (c == '\n') {
        i++;
        token(new Token(Kind.NEWLINE, "\n", null));
        readHereDocumentBodies();
      } else if (c == '#') {
        while (i < n && s.charAt(i) != '\n') {
          i++;
        }
      } else if (c == ';') {
        if (startsWith(";;&")) {
          op(";;&");
        } else if (startsWith(";;") || startsWith(";&")) {
          op(s.substring(i, i + 2));
        } else {
          op(";");
        }
      } else if (c == '&') {
        if (startsWith("&&")) {
          op("&&");
        } else if (startsWith("&>>")) {
          redirect("&>>");
        } else if (startsWith("&>")) {
          redirect("&>");
        } else {
          op("&");
        }
      } else if (c == '|') {
        if (startsWith("||")) {
          op("||");
        } else if (startsWith("|&")) {
          op("|&");
        } else {
          op("|");
        }
      } else if (c == '(' || c == ')') {
        op(String.valueOf(c));
      } else if ((c == '<' || c == '>') && i + 1 < n && s.charAt(i + 1) == '(') {
        token(new Token(Kind.WORD, null, readWord()));
      } else if (c == '<' || c == '>') {
        lexRedirect("");
      } else if (Character.isDigit(c) && digitsThenRedirect()) {
        int start = i;
        while (Character.isDigit(s.charAt(i))) {
          i++;
        }
        lexRedirect(s.substring(start, i));
      } else {
        token(new Token(Kind.WORD, null, readWord()));
      }
    }
    if (!pendingHereDocs.isEmpty()) {
      // A here-document whose body never started: bash reads it as empty.
      for (Token t : pendingHereDocs) {
        t.hereDocument = "";
      }
      pendingHereDocs.clear();
    }
  }

  private void token(Token t) {
    t.start = tokenStart;
    tokens.add(t);
  }

  private boolean digitsThenRedirect() {
    int j = i;
    while (j < n && Character.isDigit(s.charAt(j))) {
      j++;
    }
    if (j >= n || (s.charAt(j) != '<' && s.charAt(j) != '>')) {
      return false;
    }
    return i == 0 || " \t\n;&|()".indexOf(s.charAt(i - 1)) >= 0;
  }

  private void lexRedirect(String fd) throws LexException {
    String[] ops = {"<<<", "<<-", "<<", "<>", "<&", ">>", ">&", ">|", "<", ">"};
    for (String o : ops) {
      if (startsWith(o)) {
        i += o.length();
        if (o.equals("<<") || o.equals("<<-")) {
          Token t = new Token(Kind.REDIRECT, fd + o, null);
          token(t);
          skipBlanks();
          Word delimiter = readWord();
          pendingHereDocs.add(t);
          pendingStripTabs.add(o.equals("<<-"));
          pendingDelimiters.add(delimiter.text());
          t.hereDocumentExpands = !delimiter.quoted;
          return;
        }
        token(new Token(Kind.REDIRECT, fd + o, null));
        return;
      }
    }
    throw new LexException("unreadable redirection");
  }

  private void redirect(String o) {
    i += o.length();
    token(new Token(Kind.REDIRECT, o, null));
  }

  private void skipBlanks() {
    while (i < n && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
      i++;
    }
  }

  private void readHereDocumentBodies() {
    for (int k = 0; k < pendingHereDocs.size(); k++) {
      String delimiter = pendingDelimiters.get(k);
      boolean strip = pendingStripTabs.get(k);
      StringBuilder body = new StringBuilder();
      while (i < n) {
        int eol = s.indexOf('\n', i);
        int end = eol < 0 ? n : eol;
        String line = s.substring(i, end);
        i = eol < 0 ? n : eol + 1;
        String cmp = strip ? line.replaceFirst("^\t+", "") : line;
        if (cmp.equals(delimiter) || cmp.equals(delimiter + "\r")) {
          break;
        }
        body.append(cmp).append('\n');
      }
      pendingHereDocs.get(k).hereDocument = body.toString();
    }
    pendingHereDocs.clear();
    pendingStripTabs.clear();
    pendingDelimiters.clear();
  }

  private boolean startsWith(String p) {
    return s.startsWith(p, i);
  }

  private void op(String o) {
    i += o.length();
    token(new Token(Kind.OP, o, null));
  }

  private static boolean isMeta(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == ';' || c == '&' || c == '|' || c == '(' || c == ')'
        || c == '<' || c == '>';
  }

  /** Reads one word from {@code i}: quotes, escapes, expansions and substitutions. */
  private Word readWord() throws LexException {
    Word w = new Word();
    while (i < n) {
      char c = s.charAt(i);
      if (isMeta(c)) {
        if ((c == '<' || c == '>') && i + 1 < n && s.charAt(i + 1) == '(' && w.value.length() == 0) {
          int end = matchParen(i + 1);
          w.substitutions.add(new Substitution(s.substring(i + 2, end)));
          w.expanded(s.substring(i, end + 1));
          i = end + 1;
          continue;
        }
        break;
      }
      if (c == '\\') {
        if (i + 1 >= n) {
          i++;
          continue;
        }
        char d = s.charAt(i + 1);
        if (d != '\n') {
          w.quoted(d);
        }
        i += 2;
      } else if (c == '\'') {
        int end = s.indexOf('\'', i + 1);
        if (end < 0) {
          throw new LexException("unterminated single quote");
        }
        w.quoted(s.substring(i + 1, end));
        w.quoted = true;
        i = end + 1;
      } else if (c == '"') {
        w.quoted = true;
        i++;
        readDoubleQuoted(w);
      } else if (c == '$') {
        readDollar(w, false);
      } else if (c == '`') {
        readBacktick(w);
      } else {
        w.literal(c);
        i++;
      }
    }
    return w;
  }

  private void readDoubleQuoted(Word w) throws LexException {
    while (i < n) {
      char c = s.charAt(i);
      if (c == '"') {
        i++;
        return;
      }
      if (c == '\\' && i + 1 < n) {
        char d = s.charAt(i + 1);
        if (d == '$' || d == '`' || d == '"' || d == '\\') {
          w.quoted(d);
        } else if (d != '\n') {
          w.quoted(c);
          w.quoted(d);
        }
        i += 2;
      } else if (c == '$') {
        readDollar(w, true);
      } else if (c == '`') {
        readBacktick(w);
      } else {
        w.quoted(c);
        i++;
      }
    }
    throw new LexException("unterminated double quote");
  }

  private void readDollar(Word w, boolean inDoubleQuotes) throws LexException {
    if (i + 1 >= n) {
      appendDollar(w, inDoubleQuotes);
      i++;
      return;
    }
    char d = s.charAt(i + 1);
    if (d == '(') {
      if (i + 2 < n && s.charAt(i + 2) == '(') {
        int end = matchParen(i + 1);
        w.expanded(s.substring(i, end + 1));
        i = end + 1;
        return;
      }
      int end = matchParen(i + 1);
      w.substitutions.add(new Substitution(s.substring(i + 2, end)));
      w.expanded(s.substring(i, end + 1));
      i = end + 1;
    } else if (d == '{') {
      int end = matchBrace(i + 1);
      String inner = s.substring(i + 2, end);
      collectNestedSubstitutions(inner, w);
      w.expanded(s.substring(i, end + 1));
      i = end + 1;
    } else if (d == '\'' && !inDoubleQuotes) {
      i += 2;
      readAnsiC(w);
    } else if (d == '"' && !inDoubleQuotes) {
      i += 2;
      w.quoted = true;
      readDoubleQuoted(w);
    } else if (Character.isLetterOrDigit(d) || "_@*#?$!-".indexOf(d) >= 0) {
      int j = i + 1;
      if (Character.isLetter(d) || d == '_') {
        while (j < n && (Character.isLetterOrDigit(s.charAt(j)) || s.charAt(j) == '_')) {
          j++;
        }
      } else {
        j++;
      }
      w.expanded(s.substring(i, j));
      i = j;
    } else {
      appendDollar(w, inDoubleQuotes);
      i++;
    }
  }

  private static void appendDollar(Word w, boolean inDoubleQuotes) {
    if (inDoubleQuotes) {
      w.quoted('$');
    } else {
      w.literal('$');
    }
  }

  private void readBacktick(Word w) throws LexException {
    StringBuilder body = new StringBuilder();
    int j = i + 1;
    while (j < n) {
      char c = s.charAt(j);
      if (c == '\\' && j + 1 < n) {
        char d = s.charAt(j + 1);
        if (d == '`' || d == '\\' || d == '$') {
          body.append(d);
        } else {
          body.append(c).append(d);
        }
        j += 2;
      } else if (c == '`') {
        w.substitutions.add(new Substitution(body.toString()));
        w.expanded(s.substring(i, j + 1));
        i = j + 1;
        return;
      } else {
        body.append(c);
        j++;
      }
    }
    throw new LexException("unterminated backquote");
  }

  private void readAnsiC(Word w) throws LexException {
    w.quoted = true;
    while (i < n) {
      char c = s.charAt(i);
      if (c == '\'') {
        i++;
        return;
      }
      if (c != '\\' || i + 1 >= n) {
        w.quoted(c);
        i++;
        continue;
      }
      char d = s.charAt(i + 1);
      i += 2;
      switch (d) {
        case 'n' -> w.quoted('\n');
        case 't' -> w.quoted('\t');
        case 'r' -> w.quoted('\r');
        case 'a' -> w.quoted('\u0007');
        case 'b' -> w.quoted('\b');
        case 'e', 'E' -> w.quoted('\u001b');
        case 'f' -> w.quoted('\f');
        case 'v' -> w.quoted('\u000b');
        case 'x' -> w.quoted((char) hex(2));
        case 'u' -> w.quotedCodePoint(hex(4));
        case 'U' -> w.quotedCodePoint(Math.min(hex(8), Character.MAX_CODE_POINT));
        case '0', '1', '2', '3', '4', '5', '6', '7' -> {
          int v = d - '0';
          for (int k = 0; k < 2 && i < n && s.charAt(i) >= '0' && s.charAt(i) <= '7'; k++) {
            v = v * 8 + (s.charAt(i++) - '0');
          }
          w.quoted((char) (v & 0xff));
        }
        default -> w.quoted(d);
      }
    }
    throw new LexException("unterminated $'...' quote");
  }

  private int hex(int max) {
    int v = 0;
    int k = 0;
    while (k < max && i < n && Character.digit(s.charAt(i), 16) >= 0) {
      v = v * 16 + Character.digit(s.charAt(i), 16);
      i++;
      k++;
    }
    return v;
  }

  /**
   * The index of the parenthesis closing the one at {@code open}, skipping quotes, escapes,
   * backquotes and nested parentheses; iterative so deep nesting cannot overflow the stack.
   */
  private int matchParen(int open) throws LexException {
    return matchClosing(open, '(', ')');
  }

  private int matchBrace(int open) throws LexException {
    return matchClosing(open, '{', '}');
  }

  private int matchClosing(int open, char o, char cl) throws LexException {
    int depth = 0;
    int j = open;
    // Track double-quote nesting introduced by "$( ... " ... ")" with a small stack of modes.
    StringBuilder modes = new StringBuilder();
    while (j < n) {
      char c = s.charAt(j);
      boolean inDq = modes.length() > 0 && modes.charAt(modes.length() - 1) == '"';
      if (c == '\\') {
        j += 2;
        continue;
      }
      if (inDq) {
        if (c == '"') {
          modes.setLength(modes.length() - 1);
        } else if (c == '$' && j + 1 < n && (s.charAt(j + 1) == '(' || s.charAt(j + 1) == '{')) {
          modes.append(s.charAt(j + 1) == '(' ? '(' : '{');
          depth++;
          j++;
        } else if (c == '`') {
          int end = s.indexOf('`', j + 1);
          if (end < 0) {
            throw new LexException("unterminated backquote");
          }
          j = end;
        }
        j++;
        continue;
      }
      if (c == '\'') {
        int end = s.indexOf('\'', j + 1);
        if (end < 0) {
          throw new LexException("unterminated single quote");
        }
        j = end + 1;
        continue;
      }
      if (c == '"') {
        modes.append('"');
      } else if (c == '`') {
        int end = s.indexOf('`', j + 1);
        if (end < 0) {
          throw new LexException("unterminated backquote");
        }
        j = end;
      } else if (c == o || (c == '(' || c == '{') && j > 0 && s.charAt(j - 1) == '$') {
        depth++;
        modes.append(c == '(' ? '(' : '{');
      } else if (c == ')' || c == '}') {
        if (modes.length() > 0 && modes.charAt(modes.length() - 1) == (c == ')' ? '(' : '{')) {
          modes.setLength(modes.length() - 1);
          depth--;
          if (depth == 0 && c == cl) {
            return j;
          }
        }
      }
      j++;
    }
    throw new LexException("unterminated " + (o == '(' ? "$( or (" : "${"));
  }

  /** Substitutions inside {@code ${...}} (for example {@code ${X:-$(cmd)}}) still run. */
  private static void collectNestedSubstitutions(String inner, Word w) {
    int k = inner.indexOf("$(");
    int b = inner.indexOf('`');
    if (k >= 0 || b >= 0) {
      w.substitutions.add(new Substitution(inner.substring(Math.max(0, Math.min(k < 0 ? b : k, b < 0 ? k : b)))
          .replaceFirst("^\\$\\(", "").replaceFirst("\\)$", "")));
    }
  }
}
