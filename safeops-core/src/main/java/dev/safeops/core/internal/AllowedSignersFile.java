package dev.safeops.core.internal;

import dev.safeops.core.InvalidInputException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * Reads an {@code allowed_signers} file in OpenSSH's format (ssh-keygen(1), "ALLOWED
 * SIGNERS"), as git uses it: {@code principals [options] key-type base64-key [comment]}, one
 * key a line, {@code #} comments and blank lines ignored. Options: {@code namespaces="..."},
 * {@code valid-after="..."}, {@code valid-before="..."} (timestamps {@code YYYYMMDD[Z]} or
 * {@code YYYYMMDDHHMM[SS][Z]}, local time unless suffixed {@code Z}) and {@code
 * verify-required}. Everything safeops does not implement is refused with the line number:
 * {@code cert-authority} and certificate keys, {@code no-touch-required} (safeops always
 * requires a touch of a security key), unknown options, unquoted option values.
 */
public final class AllowedSignersFile {
  private AllowedSignersFile() {}

  /** One line of the file. */
  public record Entry(int line, List<String> principals, String rawPrincipals, SshPublicKey key, List<String> namespaces,
      Instant validAfter, Instant validBefore, boolean verifyRequired) {

    /** True when the line's namespaces option (if any) admits {@code namespace}. */
    public boolean allowsNamespace(String namespace) {
      return namespaces == null || Patterns.matchList(namespace, namespaces);
    }

    public boolean validAt(Instant at) {
      return (validAfter == null || !at.isBefore(validAfter)) && (validBefore == null || !at.isAfter(validBefore));
    }
  }

  /**
   * Parses the whole text.
   *
   * @throws InvalidInputException naming the source and the line at the first line it cannot use
   */
  public static List<Entry> parse(String text, String source, ZoneId zone) {
    List<Entry> entries = new ArrayList<>();
    String[] lines = text.split("\r?\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      try {
        entries.add(line(line, i + 1, zone));
      } catch (Bad e) {
        throw new InvalidInputException(source + " line " + (i + 1) + ": " + e.getMessage());
      }
    }
    return List.copyOf(entries);
  }

  private static final class Bad extends Exception {
    private static final long serialVersionUID = 1L;

    Bad(String message) {
      super(message);
    }
  }

  private static Entry line(String line, int number, ZoneId zone) throws Bad {
    Cursor c = new Cursor(line);
    String principals = c.token(true);
    if (principals.isEmpty()) {
      throw new Bad("no principal before the key.");
    }
    String next = c.token(false);
    String options = null;
    if (!looksLikeKeyType(next)) {
      options = next;
      next = c.token(false);
    }
    String type = next;
    String base64 = c.token(false);
    if (type.isEmpty()) {
      throw new Bad("no key type after the principals.");
    }
    if (type.endsWith("-cert-v01@openssh.com")) {
      throw new Bad("certificate keys (" + type + ") are not supported by safeops; list each approver's own key.");
    }
    if (!SshPublicKey.isSupportedType(type)) {
      throw new Bad("key type " + type + " is not supported; use ed25519, ecdsa, rsa, ed25519-sk or ecdsa-sk keys.");
    }
    if (base64.isEmpty()) {
      throw new Bad("the " + type + " key has no base64 data.");
    }
    SshPublicKey key;
    try {
      key = SshPublicKey.parse(Base64.getDecoder().decode(base64));
    } catch (IllegalArgumentException e) {
      throw new Bad("the " + type + " key is not valid base64.");
    } catch (SshWire.MalformedException e) {
      throw new Bad("the " + type + " key is unusable: " + e.getMessage() + ".");
    }
    if (!key.type().equals(type)) {
      throw new Bad("the key says it is " + key.type() + " but the line says " + type + ".");
    }
    List<String> namespaces = null;
    Instant after = null;
    Instant before = null;
    boolean verifyRequired = false;
    List<String> seen = new ArrayList<>();
    if (options != null) {
      for (String opt : splitOutsideQuotes(options, ',')) {
        int eq = opt.indexOf('=');
        String name = (eq < 0 ? opt : opt.substring(0, eq)).toLowerCase(Locale.ROOT);
        if (seen.contains(name)) {
          throw new Bad("option " + name + " appears twice.");
        }
        seen.add(name);
        String value = eq < 0 ? null : dequote(name, opt.substring(eq + 1));
        switch (name) {
          case "cert-authority" -> throw new Bad("cert-authority keys are not supported by safeops; list each approver's own key.");
          case "no-touch-required" -> throw new Bad("no-touch-required is refused: safeops always requires a touch of a security key.");
          case "verify-required" -> {
            noValue(name, value);
            verifyRequired = true;
          }
          case "namespaces" -> namespaces = List.of(requireValue(name, value).split(",", -1));
          case "valid-after" -> after = time(name, requireValue(name, value), zone);
          case "valid-before" -> before = time(name, requireValue(name, value), zone);
          default -> throw new Bad("unknown option '" + name + "'; safeops understands namespaces, valid-after, valid-before and verify-required.");
        }
      }
    }
    List<String> list = List.of(principals.split(",", -1));
    return new Entry(number, list, principals, key, namespaces, after, before, verifyRequired);
  }

  private static boolean looksLikeKeyType(String token) {
    return token.startsWith("ssh-") || token.startsWith("ecdsa-") || token.startsWith("sk-") || token.startsWith("webauthn-")
        || token.startsWith("rsa-");
  }

  private static void noValue(String name, String value) throws Bad {
    if (value != null) {
      throw new Bad("option " + name + " takes no value.");
    }
  }

  private static String requireValue(String name, String value) throws Bad {
    if (value == null || value.isEmpty()) {
      throw new Bad("option " + name + " needs a quoted value, as in " + name + "=\"...\".");
    }
    return value;
  }

  private static String dequote(String name, String v) throws Bad {
    if (v.length() < 2 || v.charAt(0) != '"' || v.charAt(v.length() - 1) != '"') {
      throw new Bad("the value of option " + name + " must be in double quotes, as in " + name + "=\"...\".");
    }
    String inner = v.substring(1, v.length() - 1);
    if (inner.indexOf('"') >= 0) {
      throw new Bad("the value of option " + name + " contains a stray double quote.");
    }
    return inner;
  }

  private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("uuuuMMdd");
  private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("uuuuMMddHHmm");
  private static final DateTimeFormatter SECOND = DateTimeFormatter.ofPattern("uuuuMMddHHmmss");

  private static Instant time(String name, String v, ZoneId zone) throws Bad {
    boolean utc = v.endsWith("Z") || v.endsWith("z");
    String digits = utc ? v.substring(0, v.length() - 1) : v;
    ZoneId z = utc ? ZoneOffset.UTC : zone;
    try {
      if (!digits.chars().allMatch(Character::isDigit)) {
        throw new DateTimeParseException("not digits", digits, 0);
      }
      return switch (digits.length()) {
        case 8 -> LocalDate.parse(digits, DAY).atStartOfDay(z).toInstant();
        case 12 -> LocalDateTime.parse(digits, MINUTE).atZone(z).toInstant();
        case 14 -> LocalDateTime.parse(digits, SECOND).atZone(z).toInstant();
        default -> throw new DateTimeParseException("length", digits, 0);
      };
    } catch (DateTimeParseException e) {
      throw new Bad("option " + name + "=\"" + v + "\" is not a time in the form YYYYMMDD[Z] or YYYYMMDDHHMM[SS][Z].");
    }
  }

  static List<String> splitOutsideQuotes(String s, char sep) throws Bad {
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < s.length(); i++) {
      char ch = s.charAt(i);
      if (ch == '"') {
        quoted = !quoted;
      }
      if (ch == sep && !quoted) {
        out.add(cur.toString());
        cur.setLength(0);
      } else {
        cur.append(ch);
      }
    }
    if (quoted) {
      throw new Bad("the options have an unclosed double quote.");
    }
    out.add(cur.toString());
    for (String o : out) {
      if (o.isEmpty()) {
        throw new Bad("the options have an empty entry (two commas in a row, or a trailing comma).");
      }
    }
    return out;
  }

  /** Walks a line token by token; a token ends at unquoted whitespace. */
  private static final class Cursor {
    private final String s;
    private int pos;

    Cursor(String s) {
      this.s = s;
    }

    String token(boolean stripQuotes) throws Bad {
      while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
        pos++;
      }
      StringBuilder out = new StringBuilder();
      boolean quoted = false;
      while (pos < s.length()) {
        char ch = s.charAt(pos);
        if (ch == '"') {
          quoted = !quoted;
          if (!stripQuotes) {
            out.append(ch);
          }
          pos++;
          continue;
        }
        if (!quoted && Character.isWhitespace(ch)) {
          break;
        }
        out.append(ch);
        pos++;
      }
      if (quoted) {
        throw new Bad("a double quote is not closed.");
      }
      return out.toString();
    }
  }

  /** OpenSSH pattern lists: {@code *} and {@code ?} wildcards, {@code !} negates, any negated match refuses. */
  static final class Patterns {
    private Patterns() {}

    static boolean matchList(String value, List<String> patterns) {
      boolean matched = false;
      for (String p : patterns) {
        boolean negated = p.startsWith("!");
        String pattern = negated ? p.substring(1) : p;
        if (glob(value, 0, pattern, 0)) {
          if (negated) {
            return false;
          }
          matched = true;
        }
      }
      return matched;
    }

    static boolean glob(String s, int si, String p, int pi) {
      while (pi < p.length()) {
        char c = p.charAt(pi);
        if (c == '*') {
          for (int k = si; k <= s.length(); k++) {
            if (glob(s, k, p, pi + 1)) {
              return true;
            }
          }
          return false;
        }
        if (si >= s.length() || (c != '?' && c != s.charAt(si))) {
          return false;
        }
        si++;
        pi++;
      }
      return si == s.length();
    }
  }
}
