package dev.safeops.core.command.internal;

import dev.safeops.core.command.internal.ShellLexer.Word;
import java.util.ArrayList;
import java.util.List;

/**
 * What the shell makes of one word before it runs, as far as the line itself decides it:
 * variables the line assigned are substituted ({@code STATE=terraform.tfstate; cp x
 * "$STATE"}), unquoted braces are expanded ({@code mv terraform.tfstate{.backup,}} is {@code
 * mv terraform.tfstate.backup terraform.tfstate}), and unquoted glob characters are noticed.
 * Everything else (a variable the line does not set, a command substitution) stays as
 * written, so classifiers still see a {@code $} where the value is unknown.
 *
 * <p>Bounded: one word becomes at most {@link #MAX_WORDS} words; beyond that the expansion
 * is reported as too large rather than carried out. Iterative; no input can make it recurse.
 */
final class WordExpansion {
  /** The most words one word may become by brace expansion. */
  static final int MAX_WORDS = 64;

  private static final char LITERAL = ShellLexer.LITERAL;
  private static final char QUOTED = ShellLexer.QUOTED;
  private static final char EXPANDED = ShellLexer.EXPANDED;

  /**
   * One word after expansion.
   *
   * @param text the value
   * @param marks how each character was written ({@link ShellLexer#LITERAL} and so on)
   */
  record Expanded(String text, String marks) {
    /** True when an unquoted {@code *}, {@code ?} or {@code [...]} makes this word a file-name pattern. */
    boolean isGlob() {
      for (int k = 0; k < text.length(); k++) {
        char c = text.charAt(k);
        if (marks.charAt(k) != LITERAL) {
          continue;
        }
        if (c == '*' || c == '?') {
          return true;
        }
        if (c == '[') {
          for (int j = k + 2; j < text.length(); j++) {
            if (text.charAt(j) == ']' && marks.charAt(j) == LITERAL) {
              return true;
            }
          }
        }
      }
      return false;
    }

    /** True when part of the value is still computed at run time. */
    boolean unresolved() {
      return marks.indexOf(EXPANDED) >= 0;
    }
  }

  private WordExpansion() {}

  /**
   * The words {@code w} becomes, or null when brace expansion would make more than
   * {@link #MAX_WORDS}.
   *
   * @param assignments {@code NAME=VALUE} in effect, the last one winning
   */
  static List<Expanded> expand(Word w, List<String> assignments) {
    Expanded substituted = substitute(w.text(), w.marks(), assignments);
    if (substituted.text().indexOf('{') < 0) {
      return List.of(substituted);
    }
    return braces(substituted);
  }

  /** Replaces {@code $NAME} and {@code ${NAME}} whose value the line set; anything else stays. */
  private static Expanded substitute(String text, String marks, List<String> assignments) {
    if (marks.indexOf(EXPANDED) < 0 || assignments.isEmpty()) {
      return new Expanded(text, marks);
    }
    StringBuilder t = new StringBuilder(text.length());
    StringBuilder m = new StringBuilder(text.length());
    int k = 0;
    while (k < text.length()) {
      if (marks.charAt(k) != EXPANDED) {
        t.append(text.charAt(k));
        m.append(marks.charAt(k));
        k++;
        continue;
      }
      int runEnd = k;
      while (runEnd < text.length() && marks.charAt(runEnd) == EXPANDED) {
        runEnd++;
      }
      // One run may hold several expansions ($A$B); resolve from the left while they are simple.
      while (k < runEnd) {
        int[] name = simpleVariable(text, k, runEnd);
        String value = name == null ? null : value(assignments, text.substring(name[0], name[1]));
        if (value == null) {
          t.append(text, k, runEnd);
          for (int j = k; j < runEnd; j++) {
            m.append(EXPANDED);
          }
          k = runEnd;
        } else {
          t.append(value);
          for (int j = 0; j < value.length(); j++) {
            m.append(QUOTED);
          }
          k = name[2];
        }
      }
    }
    return new Expanded(t.toString(), m.toString());
  }

  /** For {@code $NAME} or {@code ${NAME}} at {@code k}: the name's start and end and where the expansion ends. */
  private static int[] simpleVariable(String text, int k, int end) {
    if (text.charAt(k) != '$' || k + 1 >= end) {
      return null;
    }
    boolean braced = text.charAt(k + 1) == '{';
    int start = braced ? k + 2 : k + 1;
    int j = start;
    while (j < end && (Character.isLetterOrDigit(text.charAt(j)) || text.charAt(j) == '_')) {
      j++;
    }
    if (j == start || Character.isDigit(text.charAt(start))) {
      return null;
    }
    if (braced) {
      return j < end && text.charAt(j) == '}' ? new int[] {start, j, j + 1} : null;
    }
    return new int[] {start, j, j};
  }

  private static String value(List<String> assignments, String name) {
    String prefix = name + "=";
    String value = null;
    for (String a : assignments) {
      if (a.startsWith(prefix)) {
        value = a.substring(prefix.length());
      }
    }
    return value;
  }

  /**
   * Bash brace expansion of unquoted braces: {@code a{b,c}d} is {@code abd acd}, {@code
   * {1..3}} is {@code 1 2 3}; braces without a comma or a sequence stay as written. Worked
   * off a queue, so nesting costs no stack.
   */
  private static List<Expanded> braces(Expanded first) {
    List<Expanded> done = new ArrayList<>();
    List<Expanded> queue = new ArrayList<>();
    queue.add(first);
    int steps = 0;
    while (!queue.isEmpty()) {
      if (++steps > 16 * MAX_WORDS || done.size() + queue.size() > MAX_WORDS) {
        return null;
      }
      Expanded e = queue.remove(queue.size() - 1);
      List<Expanded> alternatives = expandFirstGroup(e);
      if (alternatives == null) {
        done.add(e);
      } else {
        if (alternatives.size() > MAX_WORDS) {
          return null;
        }
        for (int k = alternatives.size() - 1; k >= 0; k--) {
          queue.add(alternatives.get(k));
        }
      }
    }
    return done;
  }

  /** The words the first expandable brace group of {@code e} makes, or null when it has none. */
  private static List<Expanded> expandFirstGroup(Expanded e) {
    String t = e.text();
    String m = e.marks();
    for (int open = 0; open < t.length(); open++) {
      if (t.charAt(open) != '{' || m.charAt(open) != LITERAL) {
        continue;
      }
      int depth = 0;
      List<Integer> commas = new ArrayList<>();
      int close = -1;
      for (int k = open; k < t.length() && close < 0; k++) {
        if (m.charAt(k) != LITERAL) {
          continue;
        }
        char c = t.charAt(k);
        if (c == '{') {
          depth++;
        } else if (c == '}') {
          depth--;
          if (depth == 0) {
            close = k;
          }
        } else if (c == ',' && depth == 1) {
          commas.add(k);
        }
      }
      if (close < 0) {
        return null;
      }
      String prefix = t.substring(0, open);
      String prefixMarks = m.substring(0, open);
      String suffix = t.substring(close + 1);
      String suffixMarks = m.substring(close + 1);
      List<Expanded> out = new ArrayList<>();
      if (!commas.isEmpty()) {
        int from = open + 1;
        commas.add(close);
        for (int c : commas) {
          out.add(new Expanded(prefix + t.substring(from, c) + suffix,
              prefixMarks + m.substring(from, c) + suffixMarks));
          from = c + 1;
        }
        return out;
      }
      List<String> sequence = sequence(t.substring(open + 1, close));
      if (sequence == null) {
        continue; // {x} or {} stays as written; a later group may still expand
      }
      if (sequence.size() > MAX_WORDS) {
        return java.util.Collections.nCopies(MAX_WORDS + 1, e); // the caller sees too many and gives up
      }
      for (String s : sequence) {
        out.add(new Expanded(prefix + s + suffix, prefixMarks + String.valueOf(QUOTED).repeat(s.length()) + suffixMarks));
      }
      return out;
    }
    return null;
  }

  /** {@code 1..5}, {@code 10..1..3}, {@code a..e}: the items, or null when the text is not a sequence. */
  private static List<String> sequence(String inner) {
    List<String> split = new ArrayList<>(3);
    int from = 0;
    for (int dots = inner.indexOf(".."); dots >= 0 && split.size() < 3; dots = inner.indexOf("..", from)) {
      split.add(inner.substring(from, dots));
      from = dots + 2;
    }
    split.add(inner.substring(from));
    String[] parts = split.toArray(new String[0]);
    if (parts.length < 2 || parts.length > 3) {
      return null;
    }
    try {
      long step = parts.length == 3 ? Math.abs(Long.parseLong(parts[2])) : 1;
      if (step == 0) {
        step = 1;
      }
      if (parts[0].length() == 1 && parts[1].length() == 1 && Character.isLetter(parts[0].charAt(0))
          && Character.isLetter(parts[1].charAt(0))) {
        return items(parts[0].charAt(0), parts[1].charAt(0), step, true);
      }
      return items(Long.parseLong(parts[0]), Long.parseLong(parts[1]), step, false);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static List<String> items(long from, long to, long step, boolean letters) {
    List<String> out = new ArrayList<>();
    long n = Math.abs(to - from) / step + 1;
    if (n > MAX_WORDS) {
      // Enough to say "too many" without building them all.
      for (int k = 0; k <= MAX_WORDS; k++) {
        out.add("");
      }
      return out;
    }
    long dir = to >= from ? step : -step;
    for (long v = from; to >= from ? v <= to : v >= to; v += dir) {
      out.add(letters ? String.valueOf((char) v) : Long.toString(v));
    }
    return out;
  }
}
