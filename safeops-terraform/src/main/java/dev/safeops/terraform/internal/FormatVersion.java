package dev.safeops.terraform.internal;

import dev.safeops.core.InvalidInputException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@code format_version} of Terraform's JSON output, {@code MAJOR.MINOR}. Terraform
 * promises that a new minor version only adds to the format, so a newer minor version is
 * read (with a warning, since what it adds is not judged); a new major version may change the
 * meaning of what is there, so an unknown major version is refused. Majors 0 (Terraform 0.12
 * to 1.0) and 1 are known.
 */
record FormatVersion(int major, int minor) {
  private static final Logger LOG = LoggerFactory.getLogger(FormatVersion.class);
  private static final Pattern SHAPE = Pattern.compile("(\\d{1,6})\\.(\\d{1,6})");

  /** Parses the current string value, refusing anything that is not {@code MAJOR.MINOR}. */
  static FormatVersion parse(Tokens p, String text) {
    Matcher m = SHAPE.matcher(text);
    if (!m.matches()) {
      throw p.shape("format_version \"" + abbreviate(text) + "\"", "a version such as \"1.2\"");
    }
    return new FormatVersion(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
  }

  /** Refuses an unknown major version; warns about a minor version newer than {@code known}. */
  void check(String name, String what, FormatVersion known) {
    if (major > known.major) {
      throw new InvalidInputException(name + " is " + what + " JSON of format " + this + ", a major version this version of safeops "
          + "does not know (it reads " + known.major + ".x and older); its meaning may have changed, so it is not judged.");
    }
    if (major == known.major && minor > known.minor) {
      LOG.warn("{} is {} JSON of format {}, newer than the {} this version of safeops knows; it is read, but what the newer "
          + "format adds is not judged", name, what, this, known);
    }
  }

  @Override
  public String toString() {
    return major + "." + minor;
  }

  private static String abbreviate(String s) {
    return s.length() <= 20 ? s : s.substring(0, 20) + "...";
  }
}
