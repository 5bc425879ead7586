package dev.safeops.core.internal;

import dev.safeops.core.InvalidInputException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.regex.Pattern;

/**
 * The exact texts approvers sign, and the shapes of the values that go into them. Every field
 * is on its own line, labelled, in a fixed order, and no value can hold a line break, so no
 * text for one request, answer or field order can be read as another's.
 *
 * <pre>
 * safeops-approval-v1
 * request {id}                 lower-case letters, digits, dashes; at most 64
 * digest {plan digest}         64 lower-case hex digits (SHA-256)
 * expires {expiry}             UTC to the second, e.g. 2026-01-02T00:00:00Z
 * answer approve               or: answer deny
 * reason {reason}              deny only: one line of printable text, at most 500 characters
 * </pre>
 *
 * Each line ends with a line feed (also the last); UTF-8; nothing else.
 */
public final class RequestMessages {
  public static final String HEADER = "safeops-approval-v1";
  public static final String NAMESPACE = "safeops";
  public static final int MAX_REASON = 500;
  private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");
  private static final Pattern DIGEST = Pattern.compile("[0-9a-f]{64}");

  private RequestMessages() {}

  public static String approval(String id, String digest, Instant expiresAt) {
    return common(id, digest, expiresAt) + "answer approve\n";
  }

  public static String denial(String id, String digest, Instant expiresAt, String reason) {
    requireReason(reason);
    return common(id, digest, expiresAt) + "answer deny\nreason " + reason + "\n";
  }

  private static String common(String id, String digest, Instant expiresAt) {
    return HEADER + "\nrequest " + requireId(id) + "\ndigest " + requireDigest(digest) + "\nexpires "
        + DateTimeFormatter.ISO_INSTANT.format(expiresAt.truncatedTo(ChronoUnit.SECONDS)) + "\n";
  }

  /** @throws InvalidInputException when {@code id} is not a request id */
  public static String requireId(String id) {
    if (id == null || !ID.matcher(id).matches()) {
      throw new InvalidInputException("'" + id + "' is not a request id (lower-case letters, digits and dashes, at most 64).");
    }
    return id;
  }

  /** @throws InvalidInputException when {@code digest} is not a plan digest */
  public static String requireDigest(String digest) {
    if (digest == null || !DIGEST.matcher(digest).matches()) {
      throw new InvalidInputException("'" + digest + "' is not a plan digest (64 lower-case hex digits).");
    }
    return digest;
  }

  /** @throws InvalidInputException when {@code reason} cannot be signed as one line */
  public static String requireReason(String reason) {
    if (reason == null || reason.isBlank()) {
      throw new InvalidInputException("A denial needs a reason.");
    }
    if (reason.length() > MAX_REASON) {
      throw new InvalidInputException("A denial's reason has at most " + MAX_REASON + " characters; this one has " + reason.length() + ".");
    }
    if (!reason.equals(reason.strip())) {
      throw new InvalidInputException("A denial's reason must not start or end with spaces.");
    }
    for (int i = 0; i < reason.length(); i++) {
      char c = reason.charAt(i);
      if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
        throw new InvalidInputException("A denial's reason is one line of printable text, without tabs or line breaks.");
      }
    }
    return reason;
  }
}
