package dev.safeops.core.testing;

import dev.safeops.core.internal.SshPublicKey;
import dev.safeops.core.internal.SshSig;
import dev.safeops.core.internal.SshWire;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.RSAKeyGenParameterSpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;

/**
 * An SSH key held in memory, for tests: its {@code allowed_signers} line, and SSHSIG signatures
 * of the kind {@code ssh-keygen -Y sign} makes, so a test can approve requests without
 * {@code ssh-keygen} or a key file.
 *
 * <p>The security-key kinds ({@link #securityKeyEd25519}, {@link #securityKeyEcdsa}) stand in
 * for a FIDO token: a software key signs what the token would sign ({@code
 * SHA256(application) || flags || counter || SHA256(data)}, PROTOCOL.u2f), with the flags the
 * test chooses, so tests can cover touch and no-touch signatures without hardware.
 * Thread-safe.
 *
 * <pre>{@code
 * FakeSshKey bob = FakeSshKey.ed25519("bob@example.com");
 * AllowedSigners signers = AllowedSigners.parse(bob.allowedSignersLine(), "test");
 * desk.approve(request.id(), bob.sign(request.approvalMessage()));
 * }</pre>
 */
public final class FakeSshKey {
  /** The namespace safeops approvals are signed in. */
  public static final String NAMESPACE = "safeops";

  private final String principal;
  private final String type;
  private final KeyPair pair;
  private final byte[] publicBlob;
  private final String application;

  private FakeSshKey(String principal, String type, KeyPair pair, String application) {
    this.principal = Objects.requireNonNull(principal, "principal");
    this.type = type;
    this.pair = pair;
    this.application = application;
    this.publicBlob = blob(type, pair, application);
  }

  /** A new ed25519 key of {@code principal}. */
  public static FakeSshKey ed25519(String principal) {
    return new FakeSshKey(principal, SshPublicKey.ED25519, generate("Ed25519", null), null);
  }

  /** A new ecdsa-sha2-nistp256 key of {@code principal}. */
  public static FakeSshKey ecdsa(String principal) {
    return new FakeSshKey(principal, "ecdsa-sha2-nistp256", generate("EC", new ECGenParameterSpec("secp256r1")), null);
  }

  /** A new 2048-bit RSA key of {@code principal}; it signs with rsa-sha2-512, as ssh-keygen does. */
  public static FakeSshKey rsa(String principal) {
    return new FakeSshKey(principal, SshPublicKey.RSA, generate("RSA", new RSAKeyGenParameterSpec(2048, RSAKeyGenParameterSpec.F4)), null);
  }

  /** A software stand-in for an {@code sk-ssh-ed25519@openssh.com} FIDO key with application {@code ssh:}. */
  public static FakeSshKey securityKeyEd25519(String principal) {
    return new FakeSshKey(principal, SshPublicKey.SK_ED25519, generate("Ed25519", null), "ssh:");
  }

  /** A software stand-in for an {@code sk-ecdsa-sha2-nistp256@openssh.com} FIDO key with application {@code ssh:}. */
  public static FakeSshKey securityKeyEcdsa(String principal) {
    return new FakeSshKey(principal, SshPublicKey.SK_ECDSA, generate("EC", new ECGenParameterSpec("secp256r1")), "ssh:");
  }

  public String principal() {
    return principal;
  }

  /** The public key as a {@code .pub} file holds it: {@code key-type base64}. */
  public String publicKey() {
    return type + " " + Base64.getEncoder().encodeToString(publicBlob);
  }

  /** The line that allows this key for its principal: {@code principal key-type base64}. */
  public String allowedSignersLine() {
    return principal + " " + publicKey();
  }

  /** The key's fingerprint as {@code ssh-keygen -l} prints it. */
  public String fingerprint() {
    return SshPublicKey.fingerprint(publicBlob);
  }

  /** An armored signature of {@code message} (UTF-8) in the safeops namespace; a security key signs with a touch. */
  public String sign(String message) {
    return sign(message.getBytes(StandardCharsets.UTF_8), NAMESPACE);
  }

  /** An armored signature of {@code message} in {@code namespace}; a security key signs with a touch. */
  public String sign(byte[] message, String namespace) {
    return sign(message, namespace, SshPublicKey.FLAG_USER_PRESENT);
  }

  /**
   * An armored signature with these FIDO flags (0x01 user present, 0x04 user verified); for keys
   * that are not security keys the flags are ignored.
   */
  public String sign(byte[] message, String namespace, int securityKeyFlags) {
    byte[] signed = SshSig.signedData(namespace, "", "sha512", message);
    try {
      byte[] sigBlob = switch (type) {
        case SshPublicKey.ED25519 -> new SshWire.Writer().string(type).string(raw("Ed25519", signed)).bytes();
        case SshPublicKey.RSA -> new SshWire.Writer().string("rsa-sha2-512").string(raw("SHA512withRSA", signed)).bytes();
        case SshPublicKey.SK_ED25519 -> new SshWire.Writer().string(type).string(raw("Ed25519", securityKeyData(securityKeyFlags, signed)))
            .uint8(securityKeyFlags).uint32(1).bytes();
        case SshPublicKey.SK_ECDSA -> new SshWire.Writer().string(type)
            .string(mpints(raw("SHA256withECDSAinP1363Format", securityKeyData(securityKeyFlags, signed))))
            .uint8(securityKeyFlags).uint32(1).bytes();
        default -> new SshWire.Writer().string(type).string(mpints(raw("SHA256withECDSAinP1363Format", signed))).bytes();
      };
      return SshSig.armor(publicBlob, namespace, "sha512", sigBlob);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK could not sign with a " + type + " key", e);
    }
  }

  private byte[] securityKeyData(int flags, byte[] signed) {
    try {
      return SshPublicKey.parse(publicBlob).securityKeySigned(flags, 1, signed);
    } catch (SshWire.MalformedException e) {
      throw new IllegalStateException(e);
    }
  }

  private byte[] raw(String algorithm, byte[] data) throws GeneralSecurityException {
    PrivateKey key = pair.getPrivate();
    Signature s = Signature.getInstance(algorithm);
    s.initSign(key);
    s.update(data);
    return s.sign();
  }

  private static byte[] mpints(byte[] p1363) {
    int half = p1363.length / 2;
    return new SshWire.Writer()
        .mpint(new BigInteger(1, Arrays.copyOfRange(p1363, 0, half)))
        .mpint(new BigInteger(1, Arrays.copyOfRange(p1363, half, p1363.length)))
        .bytes();
  }

  private static KeyPair generate(String algorithm, java.security.spec.AlgorithmParameterSpec spec) {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance(algorithm);
      if (spec != null) {
        g.initialize(spec);
      }
      return g.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK cannot make a " + algorithm + " key", e);
    }
  }

  private static byte[] blob(String type, KeyPair pair, String application) {
    SshWire.Writer w = new SshWire.Writer().string(type);
    switch (type) {
      case SshPublicKey.ED25519, SshPublicKey.SK_ED25519 -> {
        byte[] spki = pair.getPublic().getEncoded();
        w.string(Arrays.copyOfRange(spki, spki.length - 32, spki.length));
      }
      case SshPublicKey.RSA -> {
        RSAPublicKey k = (RSAPublicKey) pair.getPublic();
        w.mpint(k.getPublicExponent()).mpint(k.getModulus());
      }
      default -> {
        ECPublicKey k = (ECPublicKey) pair.getPublic();
        byte[] q = new byte[65];
        q[0] = 4;
        fixed(k.getW().getAffineX(), q, 1);
        fixed(k.getW().getAffineY(), q, 33);
        w.string("nistp256").string(q);
      }
    }
    if (application != null) {
      w.string(application);
    }
    return w.bytes();
  }

  private static void fixed(BigInteger v, byte[] out, int offset) {
    byte[] b = v.toByteArray();
    int start = b.length > 32 ? b.length - 32 : 0;
    int len = b.length - start;
    System.arraycopy(b, start, out, offset + 32 - len, len);
  }

  @Override
  public String toString() {
    return "FakeSshKey[" + principal + " " + type + " " + fingerprint() + "]";
  }
}
