package dev.safeops.core;

import dev.safeops.core.internal.SshSig;
import dev.safeops.core.internal.SshWire;
import java.util.Objects;

/**
 * An OpenSSH signature in the SSHSIG format, as {@code ssh-keygen -Y sign -n NAMESPACE} (and
 * git, for signed commits) writes it: the armored text between {@code -----BEGIN SSH
 * SIGNATURE-----} and {@code -----END SSH SIGNATURE-----}. Reading it checks its shape only;
 * whether it signs a message, and whether its key may sign, is {@link AllowedSigners#verify}'s
 * to say. Verified in Java with the JDK's providers, never by running a program.
 *
 * <p>Key types: {@code ssh-ed25519}, {@code ecdsa-sha2-nistp256/384/521}, {@code ssh-rsa}
 * (signed with rsa-sha2-256 or rsa-sha2-512), and the FIDO security keys {@code
 * sk-ssh-ed25519@openssh.com} and {@code sk-ecdsa-sha2-nistp256@openssh.com}, whose signatures
 * must carry the user-presence flag (a touch). Immutable and thread-safe.
 */
public final class SshSignature {
  private final SshSig sig;

  private SshSignature(SshSig sig) {
    this.sig = sig;
  }

  /**
   * Reads armored signature text.
   *
   * @throws SignatureRejectedException ({@link SignatureRejectedException.Problem#MALFORMED}) when
   *     the text is not a complete, well-formed SSH signature of a supported key type
   */
  public static SshSignature parse(String armored) {
    Objects.requireNonNull(armored, "armored");
    try {
      return new SshSignature(SshSig.parse(armored));
    } catch (SshWire.MalformedException e) {
      throw new SignatureRejectedException(SignatureRejectedException.Problem.MALFORMED,
          "This is not a usable SSH signature: " + e.getMessage() + ".");
    }
  }

  /** The namespace it was made for ({@code -n}); safeops approvals use {@code safeops}. */
  public String namespace() {
    return sig.namespace();
  }

  /** The signing key's type, for example {@code ssh-ed25519}. */
  public String keyType() {
    return sig.key().type();
  }

  /** The signing key's fingerprint as {@code ssh-keygen -l} prints it ({@code SHA256:...}). */
  public String keyFingerprint() {
    return sig.key().fingerprint();
  }

  /** The armored text, normalised (no surrounding blank lines, one final newline). */
  public String armored() {
    return sig.armored();
  }

  SshSig parsed() {
    return sig;
  }

  @Override
  public String toString() {
    return "SshSignature[" + keyType() + " " + keyFingerprint() + ", namespace " + namespace() + "]";
  }
}
