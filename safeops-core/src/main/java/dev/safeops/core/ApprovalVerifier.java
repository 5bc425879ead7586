package dev.safeops.core;

import dev.safeops.core.internal.SignatureVerifier;
import java.security.PublicKey;
import java.util.Map;
import java.util.Optional;

/**
 * Checks that an approval is authentic, beyond the two-person rule: for example that it is
 * signed by the approver's key, so an approval forged in transit is refused. {@link
 * ApprovalDesk#verifier()} checks OpenSSH signatures against an {@code allowed_signers} file.
 */
@FunctionalInterface
public interface ApprovalVerifier {

  /** Empty when authentic; otherwise why not, in one sentence. */
  Optional<String> reject(Approval approval);

  /** Trusts the callback: every approval is authentic. The default. */
  static ApprovalVerifier trustCallback() {
    return approval -> Optional.empty();
  }

  /**
   * Requires a signature over {@link Approval#signedContent()} by the approver's key, using
   * the JDK's {@link java.security.Signature} ({@code Ed25519} keys, or RSA/EC with SHA-256).
   */
  static ApprovalVerifier signedBy(Map<String, PublicKey> keysByApproverId) {
    return new SignatureVerifier(keysByApproverId);
  }
}
