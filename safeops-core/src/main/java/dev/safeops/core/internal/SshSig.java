package dev.safeops.core.internal;

import dev.safeops.core.internal.SshWire.MalformedException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * One OpenSSH signature in the SSHSIG format (PROTOCOL.sshsig), as {@code ssh-keygen -Y sign}
 * writes it: read from its armor, and checked over a message. Immutable.
 *
 * <pre>
 * blob:        "SSHSIG" uint32(1) string(publickey) string(namespace) string(reserved)
 *              string(hash_algorithm) string(signature)
 * signed data: "SSHSIG" string(namespace) string(reserved) string(hash_algorithm) string(H(message))
 * </pre>
 */
public final class SshSig {
  public static final String BEGIN = "-----BEGIN SSH SIGNATURE-----";
  public static final String END = "-----END SSH SIGNATURE-----";
  private static final byte[] MAGIC = "SSHSIG".getBytes(StandardCharsets.US_ASCII);
  private static final int VERSION = 1;
  private static final int MAX_ARMOR = 64 * 1024;

  private final String armored;
  private final SshPublicKey key;
  private final String namespace;
  private final String reserved;
  private final String hashAlgorithm;
  private final byte[] signature;

  private SshSig(String armored, SshPublicKey key, String namespace, String reserved, String hashAlgorithm, byte[] signature) {
    this.armored = armored;
    this.key = key;
    this.namespace = namespace;
    this.reserved = reserved;
    this.hashAlgorithm = hashAlgorithm;
    this.signature = signature;
  }

  /**
   * Reads an armored signature.
   *
   * @throws MalformedException naming what is wrong: no armor, truncated, another version, an unsupported key
   */
  public static SshSig parse(String text) throws MalformedException {
    if (text == null || text.isBlank()) {
      throw new MalformedException("the signature is empty");
    }
    if (text.length() > MAX_ARMOR) {
      throw new MalformedException("the signature is " + text.length() + " characters long, far more than any SSH signature");
    }
    String t = text.strip();
    if (!t.startsWith(BEGIN)) {
      throw new MalformedException("the text does not start with " + BEGIN);
    }
    if (!t.endsWith(END)) {
      throw new MalformedException("the signature is truncated: it does not end with " + END);
    }
    String body = t.substring(BEGIN.length(), t.length() - END.length());
    StringBuilder b64 = new StringBuilder(body.length());
    for (int i = 0; i < body.length(); i++) {
      char c = body.charAt(i);
      if (c == '\n' || c == '\r' || c == ' ' || c == '\t') {
        continue;
      }
      if (!(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '+' || c == '/' || c == '=')) {
        throw new MalformedException("the signature's base64 contains '" + c + "'");
      }
      b64.append(c);
    }
    byte[] blob;
    try {
      blob = Base64.getDecoder().decode(b64.toString());
    } catch (IllegalArgumentException e) {
      throw new MalformedException("the signature's base64 is damaged or truncated (" + e.getMessage() + ")");
    }
    SshWire.Reader r = new SshWire.Reader(blob);
    byte[] magic = r.readBytes(MAGIC.length, "the SSHSIG preamble");
    if (!java.util.Arrays.equals(magic, MAGIC)) {
      throw new MalformedException("the signature is not an SSHSIG signature (wrong preamble)");
    }
    int version = r.readUint32("the SSHSIG version");
    if (version != VERSION) {
      throw new MalformedException("the signature has SSHSIG version " + Integer.toUnsignedString(version) + "; only version 1 is understood");
    }
    byte[] publicKey = r.readString("the public key");
    String namespace = r.readText("the namespace");
    String reserved = r.readText("the reserved field");
    String hash = r.readText("the hash algorithm");
    byte[] signature = r.readString("the signature");
    r.requireEnd("the SSHSIG blob");
    if (namespace.isEmpty()) {
      throw new MalformedException("the signature has an empty namespace");
    }
    if (!hash.equals("sha256") && !hash.equals("sha512")) {
      throw new MalformedException("the signature hashes with " + hash + "; only sha256 and sha512 are allowed");
    }
    SshPublicKey key = SshPublicKey.parse(publicKey);
    return new SshSig(t + "\n", key, namespace, reserved, hash, signature);
  }

  public String armored() {
    return armored;
  }

  public SshPublicKey key() {
    return key;
  }

  public String namespace() {
    return namespace;
  }

  public String hashAlgorithm() {
    return hashAlgorithm;
  }

  /** The bytes the key signed for {@code message} (section 3 of PROTOCOL.sshsig). */
  public byte[] signedData(byte[] message) {
    return signedData(namespace, reserved, hashAlgorithm, message);
  }

  public static byte[] signedData(String namespace, String reserved, String hashAlgorithm, byte[] message) {
    byte[] h = SshPublicKey.sha(hashAlgorithm.equals("sha512") ? "SHA-512" : "SHA-256", message);
    return new SshWire.Writer().raw(MAGIC).string(namespace).string(reserved).string(hashAlgorithm).string(h).bytes();
  }

  /** The SSHSIG blob for these parts, armored as ssh-keygen writes it (base64 broken every 70 characters). */
  public static String armor(byte[] publicKeyBlob, String namespace, String hashAlgorithm, byte[] signatureBlob) {
    byte[] blob = new SshWire.Writer().raw(MAGIC).uint32(VERSION).string(publicKeyBlob).string(namespace).string("")
        .string(hashAlgorithm).string(signatureBlob).bytes();
    String b64 = Base64.getEncoder().encodeToString(blob);
    StringBuilder out = new StringBuilder(BEGIN).append('\n');
    for (int i = 0; i < b64.length(); i += 70) {
      out.append(b64, i, Math.min(b64.length(), i + 70)).append('\n');
    }
    return out.append(END).append('\n').toString();
  }

  /**
   * Checks the signature over {@code message}.
   *
   * @return empty when valid; otherwise why not
   */
  public Optional<String> verify(byte[] message, boolean requireUserVerification) {
    try {
      return key.verify(signature, signedData(message), requireUserVerification);
    } catch (MalformedException e) {
      return Optional.of("the signature is malformed: " + e.getMessage());
    }
  }
}
