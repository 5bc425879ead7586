package dev.safeops.core.command;

import java.util.ArrayList;
import java.util.List;

/**
 * The words of text safeops cannot parse as shell commands (Python, Perl, an awk program, the
 * unread rest of a line), for a {@link CommandClassifier#classifyOpaque} that looks for the
 * words of its domain in it: {@code os.system("terraform -chdir=prod destroy")} has the words
 * {@code os.system}, {@code terraform}, {@code -chdir=prod}, {@code destroy}. Quotes, brackets,
 * commas, parentheses, semicolons and white space separate words; glob characters stay in
 * them ({@code terrafor[m]}). Linear in the text. Stateless and thread-safe.
 */
public final class CodeWords {
  private CodeWords() {}

  /** The words of {@code text}, in order. */
  public static List<String> of(String text) {
    List<String> words = new ArrayList<>();
    int start = -1;
    for (int k = 0; k <= text.length(); k++) {
      boolean part = k < text.length() && isWordChar(text.charAt(k));
      if (part && start < 0) {
        start = k;
      } else if (!part && start >= 0) {
        words.add(text.substring(start, k));
        start = -1;
      }
    }
    return words;
  }

  private static boolean isWordChar(char c) {
    return Character.isLetterOrDigit(c) || "_-./=:@+~*?%^[]$".indexOf(c) >= 0;
  }

  /**
   * True when {@code word}, run as a command, runs {@code program}: its base name is {@code
   * program} in any case ({@code /usr/local/bin/Terraform}), or a glob pattern that matches
   * it ({@code terrafor[m]}, {@code /usr/bin/aw?}), which the shell resolves against the file
   * names it finds.
   */
  public static boolean couldRun(String word, String program) {
    String base = word.substring(word.lastIndexOf('/') + 1);
    if (base.equalsIgnoreCase(program)) {
      return true;
    }
    return (base.indexOf('*') >= 0 || base.indexOf('?') >= 0 || base.indexOf('[') >= 0) && matchesGlob(base, program);
  }

  /**
   * Shell glob match of {@code g} against {@code s} ({@code *}, {@code ?}, {@code [...]}),
   * ignoring case, as a case-insensitive file system does; a leading dot must be matched
   * literally, as bash does. Greedy with one backtrack point, so linear-times-length: no
   * pattern can make it slow.
   */
  public static boolean matchesGlob(String g, String s) {
    if (s.startsWith(".") && !g.startsWith(".")) {
      return false;
    }
    int gi = 0;
    int si = 0;
    int starG = -1;
    int starS = -1;
    while (si < s.length()) {
      if (gi < g.length() && g.charAt(gi) == '*') {
        starG = gi++;
        starS = si;
        continue;
      }
      int next = gi < g.length() ? matchOne(g, gi, s.charAt(si)) : -1;
      if (next >= 0) {
        gi = next;
        si++;
      } else if (starG >= 0) {
        gi = starG + 1;
        si = ++starS;
      } else {
        return false;
      }
    }
    while (gi < g.length() && g.charAt(gi) == '*') {
      gi++;
    }
    return gi == g.length();
  }

  /** The index after the pattern element at {@code gi} when it matches {@code c}; -1 otherwise. */
  private static int matchOne(String g, int gi, char c) {
    char p = g.charAt(gi);
    if (p == '?') {
      return gi + 1;
    }
    if (p == '[') {
      int close = g.indexOf(']', gi + 2);
      if (close > 0) {
        String set = g.substring(gi + 1, close);
        boolean negate = set.startsWith("!") || set.startsWith("^");
        if (negate) {
          set = set.substring(1);
        }
        boolean in = false;
        for (int k = 0; k < set.length(); k++) {
          if (k + 2 < set.length() && set.charAt(k + 1) == '-') {
            in |= c >= set.charAt(k) && c <= set.charAt(k + 2);
            k += 2;
          } else {
            in |= set.charAt(k) == c;
          }
        }
        return in != negate ? close + 1 : -1;
      }
    }
    return Character.toLowerCase(p) == Character.toLowerCase(c) ? gi + 1 : -1;
  }
}
