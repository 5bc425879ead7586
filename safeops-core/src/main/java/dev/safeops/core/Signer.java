package dev.safeops.core;

import java.util.Objects;

/**
 * Who made a verified signature: the principal that {@code allowed_signers} lists for the key,
 * and the key itself. The principal is always a {@link Principal.Kind#HUMAN}: a key in
 * {@code allowed_signers} belongs to a person.
 *
 * @param principal the person, from {@code allowed_signers}, never from the signer's own words
 * @param keyFingerprint the key's {@code SHA256:} fingerprint
 * @param keyType the key's type, for example {@code sk-ssh-ed25519@openssh.com}
 */
public record Signer(Principal principal, String keyFingerprint, String keyType) {
  public Signer {
    Objects.requireNonNull(principal, "principal");
    Objects.requireNonNull(keyFingerprint, "keyFingerprint");
    Objects.requireNonNull(keyType, "keyType");
    if (!principal.isHuman()) {
      throw new IllegalArgumentException("a signer is a human, not " + principal);
    }
  }
}
