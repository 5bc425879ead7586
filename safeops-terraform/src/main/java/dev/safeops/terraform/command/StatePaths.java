package dev.safeops.terraform.command;

import java.util.List;
import java.util.Locale;

/** Which paths are Terraform state or its working directory, including globs that could match them. */
final class StatePaths {
  private static final List<String> STATE_NAMES =
      List.of("terraform.tfstate", "terraform.tfstate.backup", "errored.tfstate", ".terraform");

  private StatePaths() {}

  /** True for {@code *.tfstate}, {@code *.tfstate.backup}, {@code .terraform} and anything under it. */
  static boolean isState(String path) {
    String p = stripSlashes(path).toLowerCase(Locale.ROOT);
    String base = baseName(p);
    return base.endsWith(".tfstate") || base.endsWith(".tfstate.backup") || base.equals(".terraform")
        || p.startsWith(".terraform/") || p.contains("/.terraform/") || base.equals("terraform.tfstate.d") || p.contains("terraform.tfstate.d/");
  }

  /** True when the base name is a state file name (for copies into a directory). */
  static boolean isStateFileName(String path) {
    String base = baseName(stripSlashes(path)).toLowerCase(Locale.ROOT);
    return base.endsWith(".tfstate") || base.endsWith(".tfstate.backup") || base.equals(".terraform");
  }

  /**
   * True when {@code path} is a glob that names state itself ({@code *.tfstate},
   * {@code .terra*}): its literal text mentions state and it could match a state file name.
   * A bare {@code *} is judged against the directory's real content instead.
   */
  static boolean globNamesState(String path) {
    String base = baseName(stripSlashes(path));
    if (!isGlob(base)) {
      return false;
    }
    String lower = base.toLowerCase(Locale.ROOT);
    if (!lower.contains("tf") && !lower.contains("terra")) {
      return false;
    }
    for (String name : STATE_NAMES) {
      if (glob(base, name)) {
        return true;
      }
    }
    return false;
  }

  static boolean isGlob(String s) {
    return s.indexOf('*') >= 0 || s.indexOf('?') >= 0 || s.indexOf('[') >= 0;
  }

  /** The directory part of a path ({@code .} when none). */
  static String parent(String path) {
    String p = stripSlashes(path);
    int slash = p.lastIndexOf('/');
    return slash < 0 ? "." : slash == 0 ? "/" : p.substring(0, slash);
  }

  /** True when the glob's last segment matches {@code name}. */
  static boolean globMatches(String path, String name) {
    return glob(baseName(stripSlashes(path)), name);
  }

  static boolean isDirectoryLike(String path) {
    return path.equals(".") || path.equals("..") || path.endsWith("/") || path.equals("~") || path.endsWith("/.")
        || baseName(stripSlashes(path)).equals(".terraform");
  }

  private static String stripSlashes(String p) {
    String s = p;
    while (s.length() > 1 && s.endsWith("/")) {
      s = s.substring(0, s.length() - 1);
    }
    return s;
  }

  private static String baseName(String p) {
    int slash = p.lastIndexOf('/');
    return slash >= 0 ? p.substring(slash + 1) : p;
  }

  /**
   * Shell glob match of {@code g} against {@code s} ({@code *}, {@code ?}, {@code [...]}); a
   * leading dot must be matched literally, as bash does. Greedy with one backtrack point, so
   * linear-times-length: no pattern can make it slow.
   */
  private static boolean glob(String g, String s) {
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
