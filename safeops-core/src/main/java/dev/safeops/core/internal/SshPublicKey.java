package dev.safeops.core.internal;

import dev.safeops.core.internal.SshWire.MalformedException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.ECFieldFp;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;

/**
 * An OpenSSH public key read from its wire blob, and the check of an SSH signature blob made
 * with it, using only the JDK's providers. Supported: {@code ssh-ed25519}, {@code
 * ecdsa-sha2-nistp256/384/521}, {@code ssh-rsa} (signatures {@code rsa-sha2-256} and {@code
 * rsa-sha2-512} only, never SHA-1), and the FIDO types {@code sk-ssh-ed25519@openssh.com} and
 * {@code sk-ecdsa-sha2-nistp256@openssh.com}, whose signatures cover {@code SHA256(application)
 * || flags || counter || SHA256(data)} (PROTOCOL.u2f) and must carry the user-presence flag.
 * Certificates are not supported. Immutable.
 */
public final class SshPublicKey {
  public static final String ED25519 = "ssh-ed25519";
  public static final String RSA = "ssh-rsa";
  public static final String SK_ED25519 = "sk-ssh-ed25519@openssh.com";
  public static final String SK_ECDSA = "sk-ecdsa-sha2-nistp256@openssh.com";
  private static final String ECDSA_PREFIX = "ecdsa-sha2-";
  /** FIDO flag: the user touched the key for this signature. */
  public static final int FLAG_USER_PRESENT = 0x01;
  /** FIDO flag: the key verified the user (PIN or biometric). */
  public static final int FLAG_USER_VERIFIED = 0x04;
  private static final int MIN_RSA_BITS = 2048;
  // The DER prefix of an X.509 SubjectPublicKeyInfo for Ed25519 (RFC 8410); the raw 32-byte key follows.
  private static final byte[] ED25519_SPKI = {0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00};

  private final String type;
  private final byte[] blob;
  private final PublicKey key;
  private final String curve;
  private final String application;

  private SshPublicKey(String type, byte[] blob, PublicKey key, String curve, String application) {
    this.type = type;
    this.blob = blob;
    this.key = key;
    this.curve = curve;
    this.application = application;
  }

  /** True for the key types this class reads (plain names as they appear in allowed_signers). */
  public static boolean isSupportedType(String type) {
    return switch (type) {
      case ED25519, RSA, SK_ED25519, SK_ECDSA, "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521" -> true;
      default -> false;
    };
  }

  /**
   * Reads a public key blob.
   *
   * @throws MalformedException when the blob is not a well-formed key of a supported type
   */
  public static SshPublicKey parse(byte[] blob) throws MalformedException {
    SshWire.Reader r = new SshWire.Reader(blob);
    String type = r.readText("key type");
    try {
      SshPublicKey k;
      switch (type) {
        case ED25519 -> k = new SshPublicKey(type, blob, ed25519(r.readString("ed25519 key")), null, null);
        case SK_ED25519 -> {
          PublicKey pk = ed25519(r.readString("ed25519 key"));
          k = new SshPublicKey(type, blob, pk, null, r.readText("security key application"));
        }
        case RSA -> {
          BigInteger e = r.readPositiveMpint("rsa exponent");
          BigInteger n = r.readPositiveMpint("rsa modulus");
          if (n.bitLength() < MIN_RSA_BITS) {
            throw new MalformedException("the RSA key has " + n.bitLength() + " bits; keys under " + MIN_RSA_BITS + " bits are refused");
          }
          k = new SshPublicKey(type, blob, KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(n, e)), null, null);
        }
        case SK_ECDSA -> {
          String curve = r.readText("curve name");
          if (!curve.equals("nistp256")) {
            throw new MalformedException("a " + SK_ECDSA + " key must be on nistp256, not " + curve);
          }
          PublicKey pk = ecdsa(curve, r.readString("ec point"));
          k = new SshPublicKey(type, blob, pk, curve, r.readText("security key application"));
        }
        default -> {
          if (!type.startsWith(ECDSA_PREFIX) || !isSupportedType(type)) {
            throw new MalformedException("key type " + type + " is not supported (use ed25519, ecdsa, rsa or their -sk forms)");
          }
          String curve = r.readText("curve name");
          if (!type.equals(ECDSA_PREFIX + curve)) {
            throw new MalformedException("key type " + type + " names curve " + curve);
          }
          k = new SshPublicKey(type, blob, ecdsa(curve, r.readString("ec point")), curve, null);
        }
      }
      r.requireEnd("the " + type + " key");
      return k;
    } catch (GeneralSecurityException e) {
      throw new MalformedException("the " + type + " key is not a valid key: " + e.getMessage());
    }
  }

  public String type() {
    return type;
  }

  public byte[] blob() {
    return blob.clone();
  }

  /** The fingerprint as {@code ssh-keygen -l} prints it: {@code SHA256:} and unpadded base64. */
  public String fingerprint() {
    return fingerprint(blob);
  }

  public static String fingerprint(byte[] blob) {
    return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(sha("SHA-256", blob));
  }

  public boolean isSecurityKey() {
    return application != null;
  }

  /** Same key: the same blob, byte for byte. */
  public boolean sameKey(byte[] otherBlob) {
    return MessageDigest.isEqual(blob, otherBlob);
  }

  /**
   * Checks an SSH signature blob over {@code data}.
   *
   * @param requireUserVerification for security keys, also require the user-verified flag
   * @return empty when the signature is valid; otherwise why not, as a clause
   * @throws MalformedException when the signature blob is not well formed for this key
   */
  public Optional<String> verify(byte[] signatureBlob, byte[] data, boolean requireUserVerification) throws MalformedException {
    SshWire.Reader r = new SshWire.Reader(signatureBlob);
    String sigType = r.readText("signature type");
    try {
      switch (type) {
        case ED25519 -> {
          requireType(sigType, ED25519);
          byte[] sig = r.readString("ed25519 signature");
          r.requireEnd("the signature");
          return valid(check("Ed25519", sig, data));
        }
        case RSA -> {
          String alg = switch (sigType) {
            case "rsa-sha2-256" -> "SHA256withRSA";
            case "rsa-sha2-512" -> "SHA512withRSA";
            case "ssh-rsa" -> throw new MalformedException("the RSA signature uses SHA-1 (ssh-rsa), which is refused; sign with rsa-sha2-256 or rsa-sha2-512");
            default -> throw new MalformedException("signature type " + sigType + " does not match an RSA key");
          };
          byte[] sig = r.readString("rsa signature");
          r.requireEnd("the signature");
          return valid(check(alg, leftPad(sig, modulusBytes()), data));
        }
        case SK_ED25519 -> {
          requireType(sigType, SK_ED25519);
          byte[] sig = r.readString("ed25519 signature");
          int flags = r.readByte("security key flags");
          int counter = r.readUint32("security key counter");
          r.requireEnd("the signature");
          Optional<String> presence = presence(flags, requireUserVerification);
          if (presence.isPresent()) {
            return presence;
          }
          return valid(check("Ed25519", sig, securityKeySigned(flags, counter, data)));
        }
        case SK_ECDSA -> {
          requireType(sigType, SK_ECDSA);
          byte[] rs = ecdsaSignature(r.readString("ecdsa signature"), 32);
          int flags = r.readByte("security key flags");
          int counter = r.readUint32("security key counter");
          r.requireEnd("the signature");
          Optional<String> presence = presence(flags, requireUserVerification);
          if (presence.isPresent()) {
            return presence;
          }
          return valid(check("SHA256withECDSAinP1363Format", rs, securityKeySigned(flags, counter, data)));
        }
        default -> {
          requireType(sigType, type);
          int size = fieldBytes(curve);
          byte[] rs = ecdsaSignature(r.readString("ecdsa signature"), size);
          r.requireEnd("the signature");
          String hash = switch (curve) {
            case "nistp256" -> "SHA256";
            case "nistp384" -> "SHA384";
            default -> "SHA512";
          };
          return valid(check(hash + "withECDSAinP1363Format", rs, data));
        }
      }
    } catch (GeneralSecurityException e) {
      return Optional.of("the signature could not be checked (" + e.getMessage() + ")");
    }
  }

  /** The bytes a FIDO key signs (PROTOCOL.u2f): SHA256(application) || flags || counter || SHA256(data). */
  public byte[] securityKeySigned(int flags, int counter, byte[] data) {
    return new SshWire.Writer()
        .raw(sha("SHA-256", application.getBytes(StandardCharsets.UTF_8)))
        .uint8(flags)
        .uint32(counter & 0xffffffffL)
        .raw(sha("SHA-256", data))
        .bytes();
  }

  private static Optional<String> presence(int flags, boolean requireUserVerification) {
    if ((flags & FLAG_USER_PRESENT) == 0) {
      return Optional.of("the security key signed without a touch (user presence flag not set)");
    }
    if (requireUserVerification && (flags & FLAG_USER_VERIFIED) == 0) {
      return Optional.of("the security key signed without verifying the user (PIN), which allowed_signers requires for this key");
    }
    return Optional.empty();
  }

  private static Optional<String> valid(boolean ok) {
    return ok ? Optional.empty() : Optional.of("the signature does not match the signed content: forged, altered, or made over another request");
  }

  private boolean check(String algorithm, byte[] sig, byte[] data) throws GeneralSecurityException {
    Signature s = Signature.getInstance(algorithm);
    s.initVerify(key);
    s.update(data);
    try {
      return s.verify(sig);
    } catch (java.security.SignatureException malformed) {
      return false;
    }
  }

  private void requireType(String sigType, String expected) throws MalformedException {
    if (!sigType.equals(expected)) {
      throw new MalformedException("signature type " + sigType + " does not match the " + type + " key");
    }
  }

  private int modulusBytes() {
    return (((java.security.interfaces.RSAPublicKey) key).getModulus().bitLength() + 7) / 8;
  }

  private static byte[] leftPad(byte[] b, int size) throws MalformedException {
    if (b.length > size) {
      throw new MalformedException("the RSA signature is longer than the key's modulus");
    }
    if (b.length == size) {
      return b;
    }
    byte[] out = new byte[size];
    System.arraycopy(b, 0, out, size - b.length, b.length);
    return out;
  }

  /** RFC 5656 {@code mpint r, mpint s} as the fixed-width r || s the JDK's P1363 format expects. */
  private static byte[] ecdsaSignature(byte[] inner, int size) throws MalformedException {
    SshWire.Reader r = new SshWire.Reader(inner);
    BigInteger rr = r.readPositiveMpint("ecdsa r");
    BigInteger ss = r.readPositiveMpint("ecdsa s");
    r.requireEnd("the ecdsa signature");
    byte[] out = new byte[2 * size];
    put(rr, out, 0, size);
    put(ss, out, size, size);
    return out;
  }

  private static void put(BigInteger v, byte[] out, int offset, int size) throws MalformedException {
    byte[] b = v.toByteArray();
    int start = 0;
    while (start < b.length - 1 && b[start] == 0) {
      start++;
    }
    int len = b.length - start;
    if (len > size) {
      throw new MalformedException("an ecdsa signature value is larger than the curve allows");
    }
    System.arraycopy(b, start, out, offset + size - len, len);
  }

  private static int fieldBytes(String curve) {
    return switch (curve) {
      case "nistp256" -> 32;
      case "nistp384" -> 48;
      default -> 66;
    };
  }

  private static PublicKey ed25519(byte[] raw) throws GeneralSecurityException, MalformedException {
    if (raw.length != 32) {
      throw new MalformedException("an ed25519 key has 32 bytes, not " + raw.length);
    }
    byte[] spki = Arrays.copyOf(ED25519_SPKI, ED25519_SPKI.length + 32);
    System.arraycopy(raw, 0, spki, ED25519_SPKI.length, 32);
    return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(spki));
  }

  private static PublicKey ecdsa(String curve, byte[] q) throws GeneralSecurityException, MalformedException {
    String std = switch (curve) {
      case "nistp256" -> "secp256r1";
      case "nistp384" -> "secp384r1";
      case "nistp521" -> "secp521r1";
      default -> throw new MalformedException("curve " + curve + " is not supported");
    };
    int size = fieldBytes(curve);
    if (q.length != 1 + 2 * size || q[0] != 0x04) {
      throw new MalformedException("the ec point is not an uncompressed point on " + curve);
    }
    BigInteger x = new BigInteger(1, Arrays.copyOfRange(q, 1, 1 + size));
    BigInteger y = new BigInteger(1, Arrays.copyOfRange(q, 1 + size, q.length));
    AlgorithmParameters params = AlgorithmParameters.getInstance("EC");
    params.init(new ECGenParameterSpec(std));
    ECParameterSpec spec = params.getParameterSpec(ECParameterSpec.class);
    BigInteger p = ((ECFieldFp) spec.getCurve().getField()).getP();
    // A point off the curve would let a crafted key leak nothing here, but it is not a key: refuse it.
    BigInteger lhs = y.multiply(y).mod(p);
    BigInteger rhs = x.pow(3).add(spec.getCurve().getA().multiply(x)).add(spec.getCurve().getB()).mod(p);
    if (x.compareTo(p) >= 0 || y.compareTo(p) >= 0 || !lhs.equals(rhs)) {
      throw new MalformedException("the ec point is not on curve " + curve);
    }
    return KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(new ECPoint(x, y), spec));
  }

  static byte[] sha(String algorithm, byte[] data) {
    try {
      return MessageDigest.getInstance(algorithm).digest(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(algorithm + " is missing from this JDK", e);
    }
  }
}
