package dev.safeops.core.command;

import java.util.Objects;

/**
 * One redirection of a {@link SimpleCommand}, after unquoting: the operator as written
 * ({@code >}, {@code >>}, {@code 2>}, {@code &>}, {@code <}, {@code <<}, {@code <<<},
 * {@code >&}) and its target (a file, a file descriptor such as {@code &1}, or the body of a
 * here-document). Immutable.
 *
 * @param operator the operator, with its file descriptor prefix when one was written
 * @param target the file, {@code &N} for a descriptor duplication, or the here-document text
 */
public record Redirect(String operator, String target) {

  public Redirect {
    Objects.requireNonNull(operator, "operator");
    Objects.requireNonNull(target, "target");
  }

  /** True when the redirection writes (creates, truncates or appends to) a file. */
  public boolean writesFile() {
    if (!operator.contains(">")) {
      return false;
    }
    if (target.startsWith("&") || target.equals("-")) {
      return false;
    }
    return !target.equals("/dev/null") && !target.equals("/dev/stdout") && !target.equals("/dev/stderr");
  }

  /** True for a here-document or here-string: the target is text fed to standard input. */
  public boolean isHereDocument() {
    return operator.startsWith("<<");
  }
}
