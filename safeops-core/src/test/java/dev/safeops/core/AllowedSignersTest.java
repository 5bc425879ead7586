package dev.safeops.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.safeops.core.SignatureRejectedException.Problem;
import dev.safeops.core.internal.SshSig;
import dev.safeops.core.internal.SshWire;
import dev.safeops.core.testing.FakeSshKey;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * SSHSIG signatures checked in Java against an allowed_signers file: signatures made by the real
 * ssh-keygen for every plain key type, and forged, altered, misplaced or unlisted ones refused
 * with a sentence.
 */
class AllowedSignersTest {
  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
  private static final String MESSAGE = "safeops-approval-v1\nrequest r1\n";

  @TempDir Path dir;

  private static Signer verify(String allowed, String armored, String message) {
    return AllowedSigners.parse(allowed, "allowed_signers", ZoneOffset.UTC)
        .verify(SshSignature.parse(armored), message.getBytes(StandardCharsets.UTF_8), "safeops", NOW);
  }

  private static void assertRejected(Runnable r, Problem problem, String... phrases) {
    assertThatThrownBy(r::run).isInstanceOfSatisfying(SignatureRejectedException.class, e -> {
      assertThat(e.problem()).isEqualTo(problem);
      for (String p : phrases) {
        assertThat(e.getMessage()).contains(p);
      }
    });
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({"ed25519, 0", "ecdsa, 256", "ecdsa, 384", "ecdsa, 521", "rsa, 3072"})
  void aSignatureMadeByTheRealSshKeygenNamesThePrincipalOfItsKey(String type, int bits) throws Exception {
    SshKeygen keygen = SshKeygen.in(dir);
    Path key = keygen.generate("alice-" + type + bits, type, bits);
    String armored = keygen.sign(key, "safeops", MESSAGE);

    Signer signer = verify(keygen.allowedSignersLine("alice@example.com", key), armored, MESSAGE);

    assertThat(signer.principal()).isEqualTo(Principal.human("alice@example.com"));
    assertThat(signer.keyFingerprint()).isEqualTo(SshSignature.parse(armored).keyFingerprint()).startsWith("SHA256:");
  }

  @Test
  void theFingerprintIsTheOneSshKeygenPrints() throws Exception {
    SshKeygen keygen = SshKeygen.in(dir);
    Path key = keygen.generate("fp", "ed25519", 0);
    String armored = keygen.sign(key, "safeops", MESSAGE);

    assertThat(keygen.fingerprint(key)).isEqualTo(SshSignature.parse(armored).keyFingerprint());
  }

  @Test
  void aSignatureForAnotherNamespaceIsRefused() throws Exception {
    SshKeygen keygen = SshKeygen.in(dir);
    Path key = keygen.generate("alice", "ed25519", 0);
    String gitSignature = keygen.sign(key, "git", MESSAGE);
    String line = keygen.allowedSignersLine("alice", key);

    assertRejected(() -> verify(line, gitSignature, MESSAGE), Problem.INVALID,
        "namespace 'git'", "-n safeops");
  }

  @Test
  void aSignatureOfAnotherMessageIsRefused() throws Exception {
    SshKeygen keygen = SshKeygen.in(dir);
    Path key = keygen.generate("alice", "ecdsa", 256);
    String armored = keygen.sign(key, "safeops", MESSAGE);
    String line = keygen.allowedSignersLine("alice", key);

    assertRejected(() -> verify(line, armored, MESSAGE.replace("r1", "r2")),
        Problem.INVALID, "does not verify");
  }

  @Test
  void aKeyThatIsNotInAllowedSignersIsRefused() throws Exception {
    SshKeygen keygen = SshKeygen.in(dir);
    Path alice = keygen.generate("alice", "ed25519", 0);
    Path mallory = keygen.generate("mallory", "ed25519", 0);
    String armored = keygen.sign(mallory, "safeops", MESSAGE);
    String line = keygen.allowedSignersLine("alice", alice);

    assertRejected(() -> verify(line, armored, MESSAGE), Problem.NOT_ALLOWED,
        "is not in allowed_signers");
  }

  @Test
  void aKeyOutsideItsValidityWindowIsRefused() {
    FakeSshKey alice = FakeSshKey.ed25519("alice");
    String armored = alice.sign(MESSAGE);

    assertRejected(() -> verify("alice valid-before=\"20251231Z\" " + alice.publicKey(), armored, MESSAGE),
        Problem.NOT_ALLOWED, "not valid at");
    assertRejected(() -> verify("alice valid-after=\"202601020000Z\" " + alice.publicKey(), armored, MESSAGE),
        Problem.NOT_ALLOWED, "not valid at");
    assertThat(verify("alice valid-after=\"20251231Z\",valid-before=\"20260101000000Z\" " + alice.publicKey(), armored, MESSAGE)
        .principal()).isEqualTo(Principal.human("alice"));
  }

  @Test
  void aTruncatedOrDamagedArmorIsRefusedAsMalformed() throws Exception {
    SshKeygen keygen = SshKeygen.in(dir);
    Path key = keygen.generate("alice", "ed25519", 0);
    String armored = keygen.sign(key, "safeops", MESSAGE);
    String[] lines = armored.strip().split("\n");

    String noFooter = String.join("\n", java.util.Arrays.copyOf(lines, lines.length - 1));
    assertRejected(() -> SshSignature.parse(noFooter), Problem.MALFORMED, "truncated");
    String shortBody = lines[0] + "\n" + lines[1] + "\n" + lines[lines.length - 1] + "\n";
    assertRejected(() -> SshSignature.parse(shortBody), Problem.MALFORMED);
    assertRejected(() -> SshSignature.parse(""), Problem.MALFORMED, "empty");
    assertRejected(() -> SshSignature.parse("approved by alice"), Problem.MALFORMED, "BEGIN SSH SIGNATURE");
  }

  @Test
  void aSignatureWithOneBitFlippedIsRefused() {
    FakeSshKey alice = FakeSshKey.ed25519("alice");
    String armored = alice.sign(MESSAGE);
    String body = armored.replace(SshSig.BEGIN, "").replace(SshSig.END, "").replaceAll("\\s", "");
    byte[] blob = Base64.getDecoder().decode(body);
    blob[blob.length - 5] ^= 0x01;
    String flipped = SshSig.BEGIN + "\n" + Base64.getEncoder().encodeToString(blob) + "\n" + SshSig.END + "\n";

    assertRejected(() -> verify(alice.allowedSignersLine(), flipped, MESSAGE), Problem.INVALID, "does not verify");
  }

  @Test
  void theNamespacesOptionIsHonoured() {
    FakeSshKey alice = FakeSshKey.ecdsa("alice");
    String armored = alice.sign(MESSAGE);

    assertRejected(() -> verify("alice namespaces=\"git,file\" " + alice.publicKey(), armored, MESSAGE),
        Problem.NOT_ALLOWED, "only for namespaces other than 'safeops'");
    assertRejected(() -> verify("alice namespaces=\"*,!safeops\" " + alice.publicKey(), armored, MESSAGE), Problem.NOT_ALLOWED);
    assertThat(verify("alice namespaces=\"git,safe*\" " + alice.publicKey(), armored, MESSAGE).principal().id()).isEqualTo("alice");
  }

  @Test
  void aKeyListedForSeveralPeopleOrAWildcardCannotSay() {
    FakeSshKey key = FakeSshKey.ed25519("shared");
    String armored = key.sign(MESSAGE);

    assertRejected(() -> verify("alice,bob " + key.publicKey(), armored, MESSAGE), Problem.NOT_ALLOWED, "exactly one principal");
    assertRejected(() -> verify("*@example.com " + key.publicKey(), armored, MESSAGE), Problem.NOT_ALLOWED, "without wildcards");
    assertRejected(() -> verify("alice " + key.publicKey() + "\nbob " + key.publicKey(), armored, MESSAGE),
        Problem.NOT_ALLOWED, "several people");
  }

  @Test
  void linesSafeopsDoesNotImplementAreRefusedWithTheLineNumber() {
    String key = FakeSshKey.ed25519("ca").publicKey();

    assertThatThrownBy(() -> AllowedSigners.parse("# ca\n*@example.com cert-authority " + key, "allowed_signers"))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("allowed_signers line 2")
        .hasMessageContaining("cert-authority keys are not supported");
    assertThatThrownBy(() -> AllowedSigners.parse("bob no-touch-required " + key, "f"))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("always requires a touch");
    assertThatThrownBy(() -> AllowedSigners.parse("bob restrict " + key, "f"))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("unknown option 'restrict'");
    assertThatThrownBy(() -> AllowedSigners.parse("bob namespaces=safeops " + key, "f"))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("double quotes");
    assertThatThrownBy(() -> AllowedSigners.parse("bob ssh-ed25519-cert-v01@openssh.com AAAA", "f"))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("certificate keys");
    assertThatThrownBy(() -> AllowedSigners.parse("bob ssh-rsa " + key.split(" ")[1], "f"))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("says it is ssh-ed25519");
    assertThatThrownBy(() -> AllowedSigners.parse("bob ssh-ed25519 AAAA!!", "f"))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("not valid base64");
  }

  @Test
  void commentsBlankLinesAndTrailingKeyCommentsAreIgnored() {
    FakeSshKey bob = FakeSshKey.ed25519("bob");
    AllowedSigners signers = AllowedSigners.parse("# approvers\n\n\"bob\" " + bob.publicKey() + " bob's laptop\n", "f");

    assertThat(signers.size()).isEqualTo(1);
    assertThat(signers.verify(SshSignature.parse(bob.sign(MESSAGE)), MESSAGE.getBytes(StandardCharsets.UTF_8), "safeops", NOW)
        .principal()).isEqualTo(Principal.human("bob"));
  }

  @Test
  void aMissingOrUndecodableFileIsRefusedNamingIt() throws Exception {
    assertThatThrownBy(() -> AllowedSigners.read(dir.resolve("allowed_signers")))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("There is no allowed signers file at").hasMessageContaining("allowed_signers");
    Path latin1 = dir.resolve("latin1");
    Files.write(latin1, new byte[] {'b', 'j', (byte) 0xf6, 'r', 'n'});
    assertThatThrownBy(() -> AllowedSigners.read(latin1)).isInstanceOf(InvalidInputException.class).hasMessageContaining("not UTF-8");
  }

  @ParameterizedTest
  @CsvSource({"ed25519", "ecdsa", "rsa", "sk-ed25519", "sk-ecdsa"})
  void opensshItselfAcceptsTheSignaturesOurTestKeysMake(String kind) throws Exception {
    SshKeygen keygen = SshKeygen.in(dir);
    FakeSshKey key = fake(kind, "alice@example.com");
    String armored = key.sign(MESSAGE);
    Path allowed = dir.resolve("allowed_signers");
    Files.writeString(allowed, key.allowedSignersLine() + "\n");

    assertThat(keygen.opensshAccepts(allowed, "alice@example.com", "safeops", MESSAGE, armored))
        .as("ssh-keygen -Y verify of a %s signature built in Java", kind).isTrue();
    assertThat(verify(key.allowedSignersLine(), armored, MESSAGE).principal().id()).isEqualTo("alice@example.com");
  }

  @ParameterizedTest
  @CsvSource({"sk-ed25519", "sk-ecdsa"})
  void aSecurityKeySignatureWithoutATouchIsRefused(String kind) throws Exception {
    FakeSshKey key = fake(kind, "alice");
    String untouched = key.sign(MESSAGE.getBytes(StandardCharsets.UTF_8), "safeops", 0x00);

    assertRejected(() -> verify(key.allowedSignersLine(), untouched, MESSAGE), Problem.INVALID, "without a touch");
  }

  @ParameterizedTest
  @CsvSource({"sk-ed25519", "sk-ecdsa"})
  void verifyRequiredAsksTheSecurityKeyToHaveVerifiedTheUser(String kind) {
    FakeSshKey key = fake(kind, "alice");
    String line = "alice verify-required " + key.publicKey();
    byte[] message = MESSAGE.getBytes(StandardCharsets.UTF_8);

    assertRejected(() -> verify(line, key.sign(message, "safeops", 0x01), MESSAGE), Problem.INVALID, "without verifying the user");
    assertThat(verify(line, key.sign(message, "safeops", 0x05), MESSAGE).principal().id()).isEqualTo("alice");
  }

  @Test
  void aSecurityKeySignatureCannotHaveItsFlagsRewritten() {
    FakeSshKey key = FakeSshKey.securityKeyEd25519("alice");
    // Signed without a touch, then the flags byte (the fifth byte from the end) set to "touched".
    String armored = key.sign(MESSAGE.getBytes(StandardCharsets.UTF_8), "safeops", 0x00);
    byte[] blob = Base64.getDecoder().decode(armored.replace(SshSig.BEGIN, "").replace(SshSig.END, "").replaceAll("\\s", ""));
    blob[blob.length - 5] = 0x01;
    String rewritten = SshSig.BEGIN + "\n" + Base64.getEncoder().encodeToString(blob) + "\n" + SshSig.END + "\n";

    assertRejected(() -> verify(key.allowedSignersLine(), rewritten, MESSAGE), Problem.INVALID, "does not verify");
  }

  @Test
  void anRsaSignatureWithSha1IsRefusedAndWithSha256Verifies() throws Exception {
    java.security.KeyPairGenerator g = java.security.KeyPairGenerator.getInstance("RSA");
    g.initialize(2048);
    java.security.KeyPair pair = g.generateKeyPair();
    java.security.interfaces.RSAPublicKey pub = (java.security.interfaces.RSAPublicKey) pair.getPublic();
    byte[] keyBlob = new SshWire.Writer().string("ssh-rsa").mpint(pub.getPublicExponent()).mpint(pub.getModulus()).bytes();
    String line = "alice ssh-rsa " + Base64.getEncoder().encodeToString(keyBlob);
    byte[] signed = SshSig.signedData("safeops", "", "sha256", MESSAGE.getBytes(StandardCharsets.UTF_8));

    for (String[] alg : new String[][] {{"rsa-sha2-256", "SHA256withRSA"}, {"ssh-rsa", "SHA1withRSA"}}) {
      java.security.Signature s = java.security.Signature.getInstance(alg[1]);
      s.initSign(pair.getPrivate());
      s.update(signed);
      String armored = SshSig.armor(keyBlob, "safeops", "sha256",
          new SshWire.Writer().string(alg[0]).string(s.sign()).bytes());
      if (alg[0].equals("ssh-rsa")) {
        assertRejected(() -> verify(line, armored, MESSAGE), Problem.INVALID, "SHA-1");
      } else {
        assertThat(verify(line, armored, MESSAGE).principal().id()).isEqualTo("alice");
      }
    }
  }

  static FakeSshKey fake(String kind, String principal) {
    return switch (kind) {
      case "ed25519" -> FakeSshKey.ed25519(principal);
      case "ecdsa" -> FakeSshKey.ecdsa(principal);
      case "rsa" -> FakeSshKey.rsa(principal);
      case "sk-ed25519" -> FakeSshKey.securityKeyEd25519(principal);
      case "sk-ecdsa" -> FakeSshKey.securityKeyEcdsa(principal);
      default -> throw new IllegalArgumentException(kind);
    };
  }
}
