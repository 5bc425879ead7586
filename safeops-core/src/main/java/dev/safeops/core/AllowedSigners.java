package dev.safeops.core;

import dev.safeops.core.SignatureRejectedException.Problem;
import dev.safeops.core.internal.AllowedSignersFile;
import dev.safeops.core.internal.AllowedSignersFile.Entry;
import dev.safeops.core.internal.AtomicFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The keys allowed to sign, and whose they are: an {@code allowed_signers} file in OpenSSH's
 * and git's format, one key a line:
 *
 * <pre>
 * # principals [options] key-type base64-key [comment]
 * alice@example.com ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAA...
 * bob@example.com namespaces="safeops,git",valid-before="20271231Z" sk-ssh-ed25519@openssh.com AAAAGnNr...
 * </pre>
 *
 * <p>{@link #verify} turns a signature into a {@link Signer}: the principal listed for the key
 * that signed, never a name the signer typed. It refuses, with one sentence, a signature for
 * another namespace, one that does not match the message, a key that is not listed (or not for
 * this namespace, or outside its {@code valid-after}/{@code valid-before} window), and a key
 * listed for more than one principal or for a wildcard, because then nobody could say which
 * person approved. Options honoured: {@code namespaces}, {@code valid-after}, {@code
 * valid-before}, {@code verify-required}; {@code cert-authority}, certificates, {@code
 * no-touch-required} and unknown options are refused when the file is read. Immutable and
 * thread-safe.
 */
public final class AllowedSigners {
  private final List<Entry> entries;
  private final String source;

  private AllowedSigners(List<Entry> entries, String source) {
    this.entries = entries;
    this.source = source;
  }

  /**
   * Reads the text of an allowed_signers file; timestamps without {@code Z} are in the system
   * time zone, as OpenSSH reads them.
   *
   * @param source names the text in messages, for example the file's path
   * @throws InvalidInputException naming the source and line that cannot be used
   */
  public static AllowedSigners parse(String text, String source) {
    return parse(text, source, ZoneId.systemDefault());
  }

  /** As {@link #parse(String, String)}, reading timestamps without {@code Z} in {@code zone}. */
  public static AllowedSigners parse(String text, String source, ZoneId zone) {
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(zone, "zone");
    return new AllowedSigners(AllowedSignersFile.parse(text, source, zone), source);
  }

  /**
   * Reads an allowed_signers file.
   *
   * @throws InvalidInputException when the file is missing, unreadable, not UTF-8, or has a line that cannot be used
   */
  public static AllowedSigners read(Path file) {
    Objects.requireNonNull(file, "file");
    Optional<byte[]> bytes;
    try {
      bytes = AtomicFiles.readIfExists(file);
    } catch (IOException e) {
      throw new InvalidInputException("The allowed signers file " + file + " cannot be read: " + e.getMessage() + ".", e);
    }
    if (bytes.isEmpty()) {
      throw new InvalidInputException("There is no allowed signers file at " + file
          + ": list each approver's public key there as 'principal key-type base64-key'.");
    }
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes.get())).toString();
    } catch (CharacterCodingException e) {
      throw new InvalidInputException("The allowed signers file " + file + " is not UTF-8 text.", e);
    }
    return parse(text, file.toString());
  }

  /**
   * Checks that {@code signature} signs {@code message} in {@code namespace}, by a key this file
   * allows for that namespace at {@code at}, and says whose key it is.
   *
   * @throws SignatureRejectedException with one sentence when it does not
   */
  public Signer verify(SshSignature signature, byte[] message, String namespace, Instant at) {
    Objects.requireNonNull(signature, "signature");
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(at, "at");
    String key = signature.keyType() + " key " + signature.keyFingerprint();
    if (!signature.namespace().equals(namespace)) {
      throw new SignatureRejectedException(Problem.INVALID, "The signature by " + key + " was made for namespace '"
          + signature.namespace() + "', not '" + namespace + "'; sign with ssh-keygen -Y sign -n " + namespace + ".");
    }
    List<Entry> listed = new ArrayList<>();
    for (Entry e : entries) {
      if (e.key().sameKey(signature.parsed().key().blob())) {
        listed.add(e);
      }
    }
    if (listed.isEmpty()) {
      throw new SignatureRejectedException(Problem.NOT_ALLOWED, "The " + key + " is not in " + source
          + ", so it cannot sign for safeops; an administrator must list it with its owner's name.");
    }
    List<Entry> forNamespace = listed.stream().filter(e -> e.allowsNamespace(namespace)).toList();
    if (forNamespace.isEmpty()) {
      throw new SignatureRejectedException(Problem.NOT_ALLOWED, "The " + key + " of " + principals(listed) + " is listed in "
          + source + " only for namespaces other than '" + namespace + "'.");
    }
    boolean requireVerification = forNamespace.stream().anyMatch(Entry::verifyRequired);
    Optional<String> invalid = signature.parsed().verify(message, requireVerification);
    if (invalid.isPresent()) {
      throw new SignatureRejectedException(Problem.INVALID, "The signature by " + key + " of " + principals(forNamespace)
          + " does not verify: " + invalid.get() + ".");
    }
    List<Entry> valid = forNamespace.stream().filter(e -> e.validAt(at)).toList();
    if (valid.isEmpty()) {
      Entry e = forNamespace.get(0);
      throw new SignatureRejectedException(Problem.NOT_ALLOWED, "The " + key + " of " + principals(forNamespace)
          + " is not valid at " + at + " (" + source + " line " + e.line() + " allows it"
          + (e.validAfter() == null ? "" : " from " + e.validAfter()) + (e.validBefore() == null ? "" : " until " + e.validBefore()) + ").");
    }
    Set<String> people = new LinkedHashSet<>();
    for (Entry e : valid) {
      if (e.principals().size() != 1 || e.principals().get(0).matches(".*[*?!].*") || e.principals().get(0).isBlank()) {
        throw new SignatureRejectedException(Problem.NOT_ALLOWED, "The " + key + " is listed in " + source + " line " + e.line()
            + " for '" + e.rawPrincipals() + "'; safeops needs exactly one principal per approver key, without wildcards, so the approver is known.");
      }
      people.add(e.principals().get(0));
    }
    if (people.size() > 1) {
      throw new SignatureRejectedException(Problem.NOT_ALLOWED, "The " + key + " is listed in " + source + " for several people ("
          + String.join(", ", people) + "), so nobody can say who signed; list it once.");
    }
    return new Signer(Principal.human(people.iterator().next()), signature.keyFingerprint(), signature.keyType());
  }

  /** How many keys the file lists. */
  public int size() {
    return entries.size();
  }

  private static String principals(List<Entry> entries) {
    return entries.stream().map(Entry::rawPrincipals).distinct().collect(Collectors.joining(", "));
  }

  @Override
  public String toString() {
    return "AllowedSigners[" + source + ", " + entries.size() + " key(s)]";
  }
}
