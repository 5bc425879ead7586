package dev.safeops.core.command;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * One simple command found in a command line: its words after unquoting (the command name
 * first), its redirections, the working directory a preceding {@code cd} set (when the
 * parser could follow it), how deeply it was nested ({@code bash -c}, {@code $(...)},
 * {@code eval}) and through which wrappers it was reached ({@code sudo}, {@code xargs}...).
 *
 * <p>An <em>unknown</em> command stands for text that will run but that the parser could not
 * read as commands: a syntax it does not understand, nesting or length beyond its bounds, a
 * command name computed at run time, code handed to another interpreter, a script written
 * and run in the same line. It has no words, a reason and, when known, that text
 * ({@link #unreadText()}); the judge treats it as mutating, and as destructive when a
 * destructive word of a domain is visible in the text. Words that still contain a run-time
 * expansion keep it literally ({@code $X}, {@code $(...)}), so a classifier sees that it
 * cannot know the value. Immutable and thread-safe.
 */
public final class SimpleCommand {
  private final List<String> words;
  private final List<Redirect> redirects;
  private final String workingDirectory;
  private final int depth;
  private final List<String> via;
  private final String unknownReason;
  private final boolean hidesCommand;
  private final boolean readsUnseenInput;
  private final List<String> assignments;
  private final String unreadText;
  /** The name in lower case, computed once: every classifier asks for it. */
  private final String name;

  private SimpleCommand(List<String> words, List<Redirect> redirects, String workingDirectory, int depth,
      List<String> via, String unknownReason, boolean hidesCommand, boolean readsUnseenInput,
      List<String> assignments, String unreadText) {
    this.words = List.copyOf(words);
    this.redirects = List.copyOf(redirects);
    this.workingDirectory = workingDirectory;
    this.depth = depth;
    this.via = List.copyOf(via);
    this.unknownReason = unknownReason;
    this.hidesCommand = hidesCommand;
    this.readsUnseenInput = readsUnseenInput;
    this.assignments = List.copyOf(assignments);
    this.unreadText = unreadText;
    if (this.words.isEmpty()) {
      this.name = "";
    } else {
      String w = this.words.get(0);
      this.name = w.substring(w.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
    }
  }

  /** Builds a parsed command; only the words are required. */
  public static Builder builder() {
    return new Builder();
  }

  /** A command of the given words, at the top level, with nothing else known. */
  public static SimpleCommand of(String... words) {
    return builder().words(List.of(words)).build();
  }

  /**
   * Text the parser could not read.
   *
   * @param hidesCommand true when what runs is computed at run time or beyond the parser's
   *     bounds, so it could be anything; false for plain syntax the parser does not follow
   */
  public static SimpleCommand unknown(String reason, boolean hidesCommand, int depth, List<String> via) {
    Objects.requireNonNull(reason, "reason");
    return new SimpleCommand(List.of(), List.of(), null, depth, via, reason, hidesCommand, false, List.of(), null);
  }

  /**
   * Text the parser could not read, with that text: code for another interpreter, a script
   * written in the line, the unread rest of a line beyond the parser's bounds.
   *
   * @param unreadText the text that will run, as far as the line shows it
   */
  public static SimpleCommand unknown(String reason, boolean hidesCommand, int depth, List<String> via,
      String unreadText) {
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(unreadText, "unreadText");
    return new SimpleCommand(List.of(), List.of(), null, depth, via, reason, hidesCommand, false, List.of(),
        unreadText);
  }

  /** The words after unquoting, command name first; empty for an unknown command or a bare redirection. */
  public List<String> words() {
    return words;
  }

  /**
   * The command name without its directory, in lower case ({@code /usr/bin/Terraform} is
   * {@code terraform}): command names are case-insensitive on the file systems macOS and
   * Windows use, so {@code AWS} runs {@code aws} there. Empty when none.
   */
  public String name() {
    return name;
  }

  /** The words after the command name. */
  public List<String> arguments() {
    return words.isEmpty() ? List.of() : words.subList(1, words.size());
  }

  public List<Redirect> redirects() {
    return redirects;
  }

  /** The working directory set by a preceding {@code cd}, when the parser could follow it. */
  public Optional<String> workingDirectory() {
    return Optional.ofNullable(workingDirectory);
  }

  /** 0 at the top level, one more for each {@code bash -c}, {@code eval}, substitution or here-doc script. */
  public int depth() {
    return depth;
  }

  /** The wrappers this command was reached through, outermost first, e.g. {@code [sudo, bash -c]}. */
  public List<String> via() {
    return via;
  }

  /**
   * The {@code NAME=VALUE} assignments in effect for this command, as far as the line shows
   * them: prefixes ({@code TF_LOG=1 terraform ...}), {@code env NAME=VALUE}, and earlier
   * {@code NAME=VALUE} or {@code export NAME=VALUE} statements of the same line.
   */
  public List<String> assignments() {
    return assignments;
  }

  /** The value the line gives variable {@code name} for this command, the last assignment winning. */
  public Optional<String> variable(String name) {
    String prefix = name + "=";
    String value = null;
    for (String a : assignments) {
      if (a.startsWith(prefix)) {
        value = a.substring(prefix.length());
      }
    }
    return Optional.ofNullable(value);
  }

  public boolean isUnknown() {
    return unknownReason != null;
  }

  /** Why the parser could not read this part; empty for a parsed command. */
  public Optional<String> unknownReason() {
    return Optional.ofNullable(unknownReason);
  }

  /**
   * For an unknown command, the text that will run but could not be read as commands (code
   * handed to an interpreter, a script written in the line, the unread rest of a line), when
   * the line shows it; empty otherwise.
   */
  public Optional<String> unreadText() {
    return Optional.ofNullable(unreadText);
  }

  /** True for an unknown whose command is computed at run time or beyond bounds: it could be anything. */
  public boolean hidesCommand() {
    return hidesCommand;
  }

  /** True when more arguments come from input the parser could not see ({@code ... | xargs rm}). */
  public boolean readsUnseenInput() {
    return readsUnseenInput;
  }

  /** The command as a person would write it again, for messages. */
  public String display() {
    if (isUnknown()) {
      return "<unreadable: " + unknownReason + ">";
    }
    StringBuilder b = new StringBuilder();
    for (String w : words) {
      if (b.length() > 0) {
        b.append(' ');
      }
      b.append(quote(w));
    }
    for (Redirect r : redirects) {
      if (!r.isHereDocument()) {
        b.append(b.length() > 0 ? " " : "").append(r.operator()).append(quote(r.target()));
      }
    }
    return b.toString();
  }

  private static String quote(String w) {
    if (!w.isEmpty() && w.chars().allMatch(c -> Character.isLetterOrDigit(c) || "-_./=:,@%+{}*$&~".indexOf(c) >= 0)) {
      return w;
    }
    return "'" + w.replace("'", "'\\''") + "'";
  }

  /** Builds a {@link SimpleCommand}; by default no redirections, no working directory, depth 0, not wrapped. */
  public static final class Builder {
    private List<String> words = List.of();
    private List<Redirect> redirects = List.of();
    private String workingDirectory;
    private int depth;
    private List<String> via = List.of();
    private boolean readsUnseenInput;
    private List<String> assignments = List.of();

    private Builder() {}

    /** {@code NAME=VALUE} words in effect for the command, in order; a later one overrides an earlier one. */
    public Builder assignments(List<String> assignments) {
      this.assignments = Objects.requireNonNull(assignments, "assignments");
      return this;
    }

    public Builder words(List<String> words) {
      this.words = Objects.requireNonNull(words, "words");
      return this;
    }

    public Builder redirects(List<Redirect> redirects) {
      this.redirects = Objects.requireNonNull(redirects, "redirects");
      return this;
    }

    /** The directory a preceding {@code cd} set; leave unset when unknown. */
    public Builder workingDirectory(String workingDirectory) {
      this.workingDirectory = Objects.requireNonNull(workingDirectory, "workingDirectory");
      return this;
    }

    public Builder depth(int depth) {
      if (depth < 0) {
        throw new IllegalArgumentException("depth must be >= 0, was " + depth);
      }
      this.depth = depth;
      return this;
    }

    public Builder via(List<String> via) {
      this.via = Objects.requireNonNull(via, "via");
      return this;
    }

    /** True when more arguments come from input the parser could not see ({@code ... | xargs rm}). */
    public Builder readsUnseenInput(boolean readsUnseenInput) {
      this.readsUnseenInput = readsUnseenInput;
      return this;
    }

    public SimpleCommand build() {
      return new SimpleCommand(words, redirects, workingDirectory, depth, via, null, false, readsUnseenInput,
          assignments, null);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SimpleCommand c
        && words.equals(c.words)
        && redirects.equals(c.redirects)
        && Objects.equals(workingDirectory, c.workingDirectory)
        && depth == c.depth
        && via.equals(c.via)
        && Objects.equals(unknownReason, c.unknownReason)
        && hidesCommand == c.hidesCommand
        && readsUnseenInput == c.readsUnseenInput
        && assignments.equals(c.assignments)
        && Objects.equals(unreadText, c.unreadText);
  }

  @Override
  public int hashCode() {
    return Objects.hash(words, redirects, workingDirectory, depth, via, unknownReason);
  }

  @Override
  public String toString() {
    return display();
  }
}
