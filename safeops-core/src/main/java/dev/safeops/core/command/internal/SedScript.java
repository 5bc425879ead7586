package dev.safeops.core.command.internal;

/**
 * Reads just enough of a sed script to tell whether it runs commands or writes files: GNU
 * sed's {@code e} command and the {@code e} flag of {@code s} execute text as a shell
 * command, and {@code w}/{@code W} and the {@code w} flag write a file. Such a script is code
 * safeops cannot read as commands. When the script cannot be followed, it counts as one that
 * does (fail closed). Linear in the script; no regular expressions.
 */
final class SedScript {
  private SedScript() {}

  static boolean runsOrWrites(String script) {
    int n = script.length();
    int i = 0;
    while (i < n) {
      char c = script.charAt(i);
      if (c == ' ' || c == '\t' || c == '\n' || c == ';' || c == '{' || c == '}' || c == '!') {
        i++;
        continue;
      }
      // An address: line numbers, $, ranges, steps, /regex/ or \cregexc.
      if (Character.isDigit(c) || c == '$' || c == ',' || c == '~' || c == '+') {
        i++;
        continue;
      }
      if (c == '/' || c == '\\') {
        char delim = c == '\\' && i + 1 < n ? script.charAt(++i) : '/';
        int end = skipDelimited(script, i + 1, delim);
        if (end < 0) {
          return true;
        }
        i = end + 1;
        while (i < n && (script.charAt(i) == 'I' || script.charAt(i) == 'M')) {
          i++;
        }
        continue;
      }
      if (c == '#') {
        i = lineEnd(script, i);
        continue;
      }
      switch (c) {
        case 'e', 'w', 'W' -> {
          return true;
        }
        case 's', 'y' -> {
          if (i + 1 >= n) {
            return true;
          }
          char delim = script.charAt(i + 1);
          int mid = skipDelimited(script, i + 2, delim);
          int end = mid < 0 ? -1 : skipDelimited(script, mid + 1, delim);
          if (end < 0) {
            return true;
          }
          i = end + 1;
          if (c == 's') {
            while (i < n && (Character.isLetterOrDigit(script.charAt(i)))) {
              char flag = script.charAt(i);
              if (flag == 'e' || flag == 'w' || flag == 'W') {
                return true;
              }
              i++;
            }
          }
        }
        case 'a', 'i', 'c', 'r', 'R', 'b', 't', 'T', ':', 'l', 'L', 'q', 'Q' -> i = lineEnd(script, i);
        default -> i++;
      }
    }
    return false;
  }

  /** The index of the unescaped {@code delim} from {@code from}, or -1. */
  private static int skipDelimited(String s, int from, char delim) {
    for (int k = from; k < s.length(); k++) {
      char c = s.charAt(k);
      if (c == '\\') {
        k++;
      } else if (c == delim) {
        return k;
      }
    }
    return -1;
  }

  /** Commands that take the rest of the line (text, a label, a file name) end there, or at {@code ;} for labels. */
  private static int lineEnd(String s, int from) {
    int nl = s.indexOf('\n', from);
    int semi = s.indexOf(';', from);
    char c = s.charAt(from);
    boolean semicolonEnds = c == 'b' || c == 't' || c == 'T' || c == 'q' || c == 'Q' || c == 'l' || c == 'L';
    int end = nl < 0 ? s.length() : nl;
    if (semicolonEnds && semi >= 0 && semi < end) {
      end = semi;
    }
    return end;
  }
}
