package dev.safeops.core.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.safeops.core.AllowedSigners;
import dev.safeops.core.ApprovalDesk;
import dev.safeops.core.BlastRadius;
import dev.safeops.core.ChangeAction;
import dev.safeops.core.Decision;
import dev.safeops.core.Environment;
import dev.safeops.core.Finding;
import dev.safeops.core.InvalidInputException;
import dev.safeops.core.Level;
import dev.safeops.core.Operation;
import dev.safeops.core.Plan;
import dev.safeops.core.Principal;
import dev.safeops.core.RequestLedger;
import dev.safeops.core.RequestRecord;
import dev.safeops.core.RequestRefusedException;
import dev.safeops.core.RequestStatus;
import dev.safeops.core.Rerun;
import dev.safeops.core.ResourceChange;
import dev.safeops.core.StoreException;
import dev.safeops.core.Tier;
import dev.safeops.core.testing.FakeSshKey;
import dev.safeops.core.testing.SettableClock;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every {@link RequestLedger} promises: a request is created once per id and read back
 * whole, by this view or another; {@link RequestLedger#replace} is a compare-and-set on the
 * version, so of two writers that read one version exactly one wins and the other is told to
 * read again; concurrent answers through an {@link ApprovalDesk} all land, and a request is
 * claimed exactly once, by threads and by separate processes. Extend it and give a fresh,
 * empty store; to run the two-process test, say how another JVM opens the same store.
 */
public abstract class RequestLedgerContract {
  protected static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final String DIGEST = "a".repeat(64);

  private RequestLedger ledger;
  private final List<Process> children = new ArrayList<>();
  @TempDir Path work;

  /** A new ledger over an empty store. */
  protected abstract RequestLedger newRequestLedger();

  /** A second ledger over the same store, as another process would open it; one-JVM stores return it as is. */
  protected RequestLedger anotherView(RequestLedger ledger) {
    return ledger;
  }

  /** Opens a store in another JVM from string arguments; needs a public no-argument constructor. */
  public interface StoreOpener {
    RequestLedger open(List<String> arguments) throws Exception;
  }

  /** How another JVM reaches the store {@link #newRequestLedger()} made last. */
  public record ProcessStore(Class<? extends StoreOpener> opener, List<String> arguments) {}

  /** The store as another process opens it, or empty (with the test skipped) when it lives in this JVM only. */
  protected abstract Optional<ProcessStore> storeForAnotherProcess();

  @BeforeEach
  void newStore() {
    ledger = newRequestLedger();
  }

  @AfterEach
  void stopChildren() {
    // A failed assertion must not leave a child waiting behind the test.
    children.forEach(Process::destroyForcibly);
  }

  protected static RequestRecord request(String id, Instant createdAt) {
    EnumMap<ChangeAction, Integer> counts = new EnumMap<>(ChangeAction.class);
    counts.put(ChangeAction.DELETE, 2);
    return RequestRecord.builder()
        .id(id)
        .operation(Operation.builder().id("op-" + id).name("terraform destroy").requester(Principal.agent("claude"))
            .environment(Environment.aws("prod", Tier.PRODUCTION, "123456789012", "eu-west-1")).reason("clean up").build())
        .scope("prod/network")
        .planDigest(DIGEST)
        .planSource("terraform plan -destroy")
        .bindings(Map.of("terraform.state.lineage", "lin-1", "terraform.state.serial", "5"))
        .blastRadius(new BlastRadius(Level.CRITICAL, List.of(
            new Finding("data.irrecoverable-loss", Level.CRITICAL, "aws_db_instance.main", "deletes the database and its backups")), counts))
        .decisionReasons(List.of("production, critical"))
        .approvalsRequired(2)
        .rerun(Rerun.terraformPlan(Path.of("/srv/infra"), Path.of("/srv/infra/destroy.tfplan"), "b".repeat(64),
            List.of("-destroy", "-target=terraform_data.a")))
        .createdAt(createdAt)
        .expiresAt(createdAt.plus(Duration.ofHours(24)))
        .build();
  }

  @Test
  void aCreatedRequestIsReadBackWholeAtVersionOne() {
    RequestRecord created = ledger.create(request("r1", T0));

    assertThat(created.version()).isEqualTo(1);
    assertThat(ledger.find("r1")).contains(created);
    assertThat(anotherView(ledger).find("r1")).contains(created);
    RequestRecord read = anotherView(ledger).find("r1").orElseThrow();
    assertThat(read.rerun()).isEqualTo(Rerun.terraformPlan(Path.of("/srv/infra"), Path.of("/srv/infra/destroy.tfplan"), "b".repeat(64),
            List.of("-destroy", "-target=terraform_data.a")));
    assertThat(read.operation().environment().accountId()).contains("123456789012");
    assertThat(read.blastRadius().findings()).hasSize(1);
    assertThat(read.bindings()).containsEntry("terraform.state.serial", "5");
  }

  @Test
  void anIdIsCreatedOnlyOnce() {
    ledger.create(request("r1", T0));

    assertThatThrownBy(() -> anotherView(ledger).create(request("r1", T0.plusSeconds(1))))
        .isInstanceOf(StoreException.class).hasMessageContaining("r1");
    assertThat(ledger.find("r1").orElseThrow().createdAt()).isEqualTo(T0);
  }

  @Test
  void anUnknownIdIsEmptyAndAMalformedOneIsRefused() {
    assertThat(ledger.find("nothing-here")).isEmpty();
    assertThatThrownBy(() -> ledger.find("../etc/passwd")).isInstanceOf(InvalidInputException.class).hasMessageContaining("not a request id");
  }

  @Test
  void listShowsEveryRequestNewestFirst() {
    ledger.create(request("r-old", T0));
    ledger.create(request("r-new", T0.plusSeconds(60)));
    ledger.create(request("r-mid", T0.plusSeconds(30)));

    assertThat(anotherView(ledger).list()).extracting(RequestRecord::id).containsExactly("r-new", "r-mid", "r-old");
  }

  @Test
  void replaceWinsOnTheVersionItReadAndMovesTheVersionOn() {
    RequestRecord v1 = ledger.create(request("r1", T0));

    Optional<RequestRecord> v2 = ledger.replace(v1, v1.toBuilder().statusReason("first").build());

    assertThat(v2).isPresent();
    assertThat(v2.get().version()).isEqualTo(2);
    assertThat(anotherView(ledger).find("r1").orElseThrow().statusReason()).isEqualTo("first");
  }

  @Test
  void replaceOnAnOlderVersionIsToldToReadAgainAndChangesNothing() {
    RequestRecord v1 = ledger.create(request("r1", T0));
    ledger.replace(v1, v1.toBuilder().statusReason("first").build()).orElseThrow();

    Optional<RequestRecord> late = anotherView(ledger).replace(v1, v1.toBuilder().statusReason("second").build());

    assertThat(late).isEmpty();
    assertThat(ledger.find("r1").orElseThrow().statusReason()).isEqualTo("first");
    assertThat(ledger.find("r1").orElseThrow().version()).isEqualTo(2);
  }

  @Test
  void replacingARequestThatDoesNotExistFails() {
    RequestRecord ghost = request("ghost", T0).toBuilder().version(1).build();

    assertThatThrownBy(() -> ledger.replace(ghost, ghost)).isInstanceOf(StoreException.class).hasMessageContaining("ghost");
    assertThatThrownBy(() -> ledger.replace(ghost, request("other", T0))).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void concurrentReadModifyWritesAllLandAndNoneIsLost() throws Exception {
    ledger.create(request("r1", T0));
    int writers = 4;
    int each = 10;

    Race.of(writers, n -> {
      RequestLedger mine = n % 2 == 0 ? ledger : anotherView(ledger);
      for (int i = 0; i < each; i++) {
        while (true) {
          RequestRecord cur = mine.find("r1").orElseThrow();
          String next = cur.statusReason().isEmpty() ? n + ":" + i : cur.statusReason() + "," + n + ":" + i;
          if (mine.replace(cur, cur.toBuilder().statusReason(next).build()).isPresent()) {
            break;
          }
        }
      }
      return null;
    });

    RequestRecord last = ledger.find("r1").orElseThrow();
    assertThat(last.statusReason().split(",")).hasSize(writers * each).doesNotHaveDuplicates();
    assertThat(last.version()).isEqualTo(1 + writers * each);
  }

  // ---- the desk over this store -----------------------------------------------------------

  private static Plan plan() {
    return Plan.builder().change(ResourceChange.builder().address("aws_db_instance.main").type("aws_db_instance")
        .action(ChangeAction.DELETE).before(Map.of("id", "db-1")).build()).binding("terraform.state.serial", "5").build();
  }

  private static RequestRecord propose(ApprovalDesk desk) {
    Plan plan = plan();
    return desk.propose(Operation.builder().name("terraform destroy").requester(Principal.agent("claude"))
            .environment(Environment.of("prod", Tier.PRODUCTION)).build(), "prod/db", plan,
        BlastRadius.of(plan, List.of()), Decision.requireApprovals(2, "production"), Rerun.nothing());
  }

  @Test
  void twoApproversAtOnceThroughTwoViewsBothLandAndTheRequestIsClaimedOnce() throws Exception {
    SettableClock clock = SettableClock.at(T0);
    FakeSshKey bob = FakeSshKey.ed25519("bob");
    FakeSshKey carol = FakeSshKey.ecdsa("carol");
    AllowedSigners signers = AllowedSigners.parse(bob.allowedSignersLine() + "\n" + carol.allowedSignersLine(), "allowed_signers");
    ApprovalDesk one = ApprovalDesk.builder(ledger).allowedSigners(signers).clock(clock).build();
    ApprovalDesk two = ApprovalDesk.builder(anotherView(ledger)).allowedSigners(signers).clock(clock).build();
    List<RequestRecord> requests = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      requests.add(propose(one));
    }

    Race.of(2, n -> {
      ApprovalDesk desk = n == 0 ? one : two;
      FakeSshKey key = n == 0 ? bob : carol;
      for (RequestRecord r : requests) {
        desk.approve(r.id(), key.sign(r.approvalMessage()));
      }
      return null;
    });
    List<Integer> claims = Race.of(4, n -> {
      ApprovalDesk desk = n % 2 == 0 ? one : two;
      int won = 0;
      for (RequestRecord r : requests) {
        try {
          desk.claim(r.id(), "run-" + n);
          won++;
        } catch (RequestRefusedException e) {
          assertThat(e.reason()).isEqualTo(RequestRefusedException.Reason.CLOSED);
        }
      }
      return won;
    });

    assertThat(claims.stream().mapToInt(Integer::intValue).sum()).isEqualTo(requests.size());
    for (RequestRecord r : requests) {
      RequestRecord now = ledger.find(r.id()).orElseThrow();
      assertThat(now.status()).isEqualTo(RequestStatus.EXECUTED);
      assertThat(now.approvals()).extracting(a -> a.approver().id()).containsExactlyInAnyOrder("bob", "carol");
    }
  }

  @Test
  void twoProcessesApprovingTheSameRequestsAtOnceBothLandAndEachRequestIsClaimedOnce() throws Exception {
    Optional<ProcessStore> store = storeForAnotherProcess();
    Assumptions.assumeTrue(store.isPresent(), "this store lives in one JVM, so there is no second process to race");
    FakeSshKey bob = FakeSshKey.ed25519("bob");
    FakeSshKey carol = FakeSshKey.securityKeyEd25519("carol");
    Path allowed = work.resolve("allowed_signers");
    Files.writeString(allowed, bob.allowedSignersLine() + "\n" + carol.allowedSignersLine() + "\n");
    ApprovalDesk desk = ApprovalDesk.builder(ledger).allowedSignersFile(allowed).clock(Clock.systemUTC()).build();
    List<RequestRecord> requests = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      requests.add(propose(desk));
    }
    for (FakeSshKey key : List.of(bob, carol)) {
      List<String> lines = new ArrayList<>();
      for (RequestRecord r : requests) {
        lines.add(r.id() + " " + Base64.getEncoder().encodeToString(key.sign(r.approvalMessage()).getBytes(StandardCharsets.UTF_8)));
      }
      Files.write(work.resolve(key.principal() + ".signatures"), lines);
    }

    List<Process> both = List.of(start(store.get(), "bob"), start(store.get(), "carol"));
    for (Process p : both) {
      expect(p, "READY");
    }
    for (Process p : both) {
      say(p, "APPROVE");
    }
    for (Process p : both) {
      expect(p, "APPROVED");
    }
    for (Process p : both) {
      say(p, "CLAIM");
    }
    for (Process p : both) {
      expect(p, "DONE");
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("child finished").isTrue();
      assertThat(p.exitValue()).as("child exit code, see " + work).isZero();
    }

    List<String> claimed = new ArrayList<>();
    for (String who : List.of("bob", "carol")) {
      List<String> out = Files.readAllLines(work.resolve(who + ".out"));
      assertThat(out).as("%s's approvals", who).filteredOn(l -> l.startsWith("APPROVE ")).hasSize(requests.size())
          .allMatch(l -> l.endsWith(" OK"));
      out.stream().filter(l -> l.startsWith("CLAIMED ")).map(l -> l.substring(8)).forEach(claimed::add);
    }
    assertThat(claimed).hasSize(requests.size()).doesNotHaveDuplicates();
    Set<String> ids = new HashSet<>();
    for (RequestRecord r : requests) {
      ids.add(r.id());
      RequestRecord now = ledger.find(r.id()).orElseThrow();
      assertThat(now.status()).isEqualTo(RequestStatus.EXECUTED);
      assertThat(now.approvals()).extracting(a -> a.approver().id()).containsExactlyInAnyOrder("bob", "carol");
    }
    assertThat(claimed).containsExactlyInAnyOrderElementsOf(ids);
  }

  private Process start(ProcessStore store, String who) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<String> command = new ArrayList<>(List.of(java, "-Xmx128m", "-XX:TieredStopAtLevel=1", "-cp", classpath,
        Approver.class.getName(), work.toString(), who, store.opener().getName()));
    command.addAll(store.arguments());
    Process p = new ProcessBuilder(command).redirectError(work.resolve(who + ".err").toFile()).start();
    children.add(p);
    return p;
  }

  private void expect(Process p, String line) throws IOException {
    BufferedReader r = readers.computeIfAbsent(p, x -> new BufferedReader(new InputStreamReader(x.getInputStream(), StandardCharsets.UTF_8)));
    String got = r.readLine();
    assertThat(got).as("child said (stderr in %s)", work).isEqualTo(line);
  }

  private final Map<Process, BufferedReader> readers = new java.util.HashMap<>();

  private static void say(Process p, String line) throws IOException {
    OutputStream out = p.getOutputStream();
    out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  /**
   * A child JVM: opens the store, waits for APPROVE, records its signatures (one approver's) on
   * every request, says APPROVED, waits for CLAIM, tries to claim every request, says DONE.
   * Writes "APPROVE id OK|reason" and "CLAIMED id" lines to WORK/WHO.out.
   */
  public static final class Approver {
    private Approver() {}

    public static void main(String[] args) throws Exception {
      Path work = Path.of(args[0]);
      String who = args[1];
      StoreOpener opener = (StoreOpener) Class.forName(args[2]).getDeclaredConstructor().newInstance();
      RequestLedger ledger = opener.open(List.of(args).subList(3, args.length));
      ApprovalDesk desk = ApprovalDesk.builder(ledger).allowedSignersFile(work.resolve("allowed_signers")).build();
      List<String[]> signatures = new ArrayList<>();
      for (String line : Files.readAllLines(work.resolve(who + ".signatures"))) {
        String[] f = line.split(" ");
        signatures.add(new String[] {f[0], new String(Base64.getDecoder().decode(f[1]), StandardCharsets.UTF_8)});
      }
      BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      PrintStream out = new PrintStream(Files.newOutputStream(work.resolve(who + ".out")), true, StandardCharsets.UTF_8);
      System.out.println("READY");
      System.out.flush();
      require(in.readLine(), "APPROVE");
      for (String[] s : signatures) {
        try {
          desk.approve(s[0], s[1]);
          out.println("APPROVE " + s[0] + " OK");
        } catch (RuntimeException e) {
          out.println("APPROVE " + s[0] + " " + e);
        }
      }
      System.out.println("APPROVED");
      System.out.flush();
      require(in.readLine(), "CLAIM");
      for (String[] s : signatures) {
        try {
          desk.claim(s[0], who + "-run");
          out.println("CLAIMED " + s[0]);
        } catch (RequestRefusedException e) {
          out.println("REFUSED " + s[0] + " " + e.reason());
        }
      }
      out.close();
      System.out.println("DONE");
      System.out.flush();
      System.exit(0);
    }

    private static void require(String got, String expected) {
      if (!expected.equals(got)) {
        throw new IllegalStateException("expected " + expected + " from the test, got " + got);
      }
    }
  }
}
