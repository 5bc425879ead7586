package dev.safeops.core.internal;

import dev.safeops.core.Approval;
import dev.safeops.core.ApprovalVerifier;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

/** Verifies approval signatures with the JDK's {@link Signature}. */
public final class SignatureVerifier implements ApprovalVerifier {
  private final Map<String, PublicKey> keys;

  public SignatureVerifier(Map<String, PublicKey> keys) {
    this.keys = Map.copyOf(keys);
  }

  @Override
  public Optional<String> reject(Approval approval) {
    PublicKey key = keys.get(approval.approver().id());
    if (key == null) {
      return Optional.of("no public key is known for approver " + approval.approver());
    }
    if (approval.signature().isEmpty()) {
      return Optional.of("approval " + approval.id() + " by " + approval.approver() + " is not signed");
    }
    try {
      Signature sig = Signature.getInstance(algorithm(key));
      sig.initVerify(key);
      sig.update(approval.signedContent().getBytes(StandardCharsets.UTF_8));
      if (sig.verify(Base64.getDecoder().decode(approval.signature()))) {
        return Optional.empty();
      }
      return Optional.of("approval " + approval.id() + " by " + approval.approver() + " has a signature that does not verify: forged or altered");
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      return Optional.of("approval " + approval.id() + " by " + approval.approver() + " has an unreadable signature: " + e.getMessage());
    }
  }

  static String algorithm(PublicKey key) {
    return switch (key.getAlgorithm()) {
      case "Ed25519", "EdDSA" -> "Ed25519";
      case "EC" -> "SHA256withECDSA";
      case "RSA" -> "SHA256withRSA";
      default -> key.getAlgorithm();
    };
  }
}
