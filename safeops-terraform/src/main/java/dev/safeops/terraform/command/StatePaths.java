package dev.safeops.terraform.command;

import dev.safeops.core.command.CodeWords;
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

  private static boolean glob(String g, String s) {
    return CodeWords.matchesGlob(g, s);
  }
}
