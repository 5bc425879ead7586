package dev.safeops.cli;

import dev.safeops.aws.command.AwsCliDryRuns;
import dev.safeops.aws.command.AwsCliGuardedActions;
import dev.safeops.core.AllowedSigners;
import dev.safeops.core.ApprovalDesk;
import dev.safeops.core.AuditEvent;
import dev.safeops.core.AuditSink;
import dev.safeops.core.BlastRadius;
import dev.safeops.core.BlastRadiusEvaluator;
import dev.safeops.core.Decision;
import dev.safeops.core.Environment;
import dev.safeops.core.GuardedAction;
import dev.safeops.core.GuardedExecutor;
import dev.safeops.core.InvalidInputException;
import dev.safeops.core.Level;
import dev.safeops.core.LockProvider;
import dev.safeops.core.Operation;
import dev.safeops.core.Outcome;
import dev.safeops.core.Plan;
import dev.safeops.core.Policy;
import dev.safeops.core.Principal;
import dev.safeops.core.RequestLedger;
import dev.safeops.core.RequestRecord;
import dev.safeops.core.Rule;
import dev.safeops.core.RequestRefusedException;
import dev.safeops.core.RequestRefusedException.Reason;
import dev.safeops.core.RequestStatus;
import dev.safeops.core.Rerun;
import dev.safeops.core.SignatureRejectedException;
import dev.safeops.core.Signer;
import dev.safeops.core.SshSignature;
import dev.safeops.core.StateLedger;
import dev.safeops.core.Step;
import dev.safeops.core.Tier;
import dev.safeops.core.command.CommandContext;
import dev.safeops.core.command.SimpleCommand;
import dev.safeops.core.command.ToolCall;
import dev.safeops.terraform.ApplyResult;
import dev.safeops.terraform.GuardedTerraform;
import dev.safeops.terraform.SavedPlan;
import dev.safeops.terraform.StateGuard;
import dev.safeops.terraform.TerraformCli;
import dev.safeops.terraform.TerraformRules;
import dev.safeops.terraform.command.TerraformApplyCommand;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * Propose, approve, deny and apply: the one path from a change that needs approval to that change
 * applied, shared by the {@code safeops} commands and every other front end (an MCP server's
 * {@code propose} and {@code apply_approved} call these same methods), so "the same path as
 * {@code safeops apply}" is this code.
 *
 * <ul>
 *   <li>{@link #propose}: makes the plan ({@code terraform plan -out}, kept under the safeops home,
 *       never in the caller's working tree; or the SDK dry run of a supported AWS CLI call),
 *       evaluates it with the same rules and policy as the apply, audits, and records an
 *       approval request, which holds nothing while people decide.
 *   <li>{@link #approve} and {@link #deny}: a person's SSH signature over the request's message,
 *       verified in Java against {@code allowed_signers}; refused at once for a key that is not
 *       listed, a closed or expired request, a second answer by the same person, or the requester
 *       answering their own request.
 *   <li>{@link #apply}: the {@link GuardedExecutor}'s pipeline with this request's approvals
 *       ({@link ApprovalDesk#callbackFor}): re-plan, digest and state binding, the two-person
 *       rule, the budget, the saved plan's hash, the file lock, the audit; it executes once, and
 *       only on a claim of the request made by this run.
 * </ul>
 *
 * <p><b>Who the requester is.</b> On the command line, {@code --requester human:NAME} is only what
 * the caller typed. A human requester counts as one of the two people of the two-person rule only
 * when the proposal is signed by that person's key ({@code requesterSignature}, verified against
 * {@code allowed_signers}, principal equal to NAME); otherwise the request needs as many approvals
 * as an agent's, and NAME still cannot approve it.
 *
 * <p>Every process on one machine may use the same home at once: the request files, locks, ledger
 * and audit are safe across processes. Not thread-safe for concurrent use of one instance's
 * proposals (create one per command).
 */
final class RequestWorkflow {
  /** Exit codes shared by the commands. */
  static final int OK = 0;
  static final int FAILED = 1;
  static final int REFUSED = 3;
  static final int PENDING = 10;
  static final int POLICY_DENIED = 20;

  static final String PROPOSAL_FORMAT = "safeops-proposal-v1";

  private final SafeopsHome home;
  private final Clock clock;
  private final Clock deskClock;
  private final AwsAccess aws;
  private final Path workingDirectory;
  private final UnaryOperator<String> programs;
  private final BlastRadiusEvaluator evaluator;
  private final Policy policy;
  private final ApprovalDesk desk;
  private final AuditSink audit;

  /**
   * @param clock the time of every decision
   * @param deskClock the time at which requests are judged expired: {@code clock}, or later (never earlier)
   * @param workingDirectory what a relative {@code -chdir} is resolved against
   * @param programs the executable to run for {@code terraform} or {@code tofu}
   */
  RequestWorkflow(SafeopsHome home, Clock clock, Clock deskClock, AwsAccess aws, Path workingDirectory,
      UnaryOperator<String> programs) {
    this(home, clock, deskClock, aws, workingDirectory, programs, List.of());
  }

  /** @param extraRules rules judged after the default and Terraform ones (the live evidence of {@code --live}) */
  RequestWorkflow(SafeopsHome home, Clock clock, Clock deskClock, AwsAccess aws, Path workingDirectory,
      UnaryOperator<String> programs, List<Rule> extraRules) {
    this.home = Objects.requireNonNull(home, "home");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.deskClock = Objects.requireNonNull(deskClock, "deskClock");
    this.aws = Objects.requireNonNull(aws, "aws");
    this.workingDirectory = workingDirectory.toAbsolutePath().normalize();
    this.programs = Objects.requireNonNull(programs, "programs");
    BlastRadiusEvaluator.Builder rules = BlastRadiusEvaluator.builder();
    TerraformRules.all().forEach(rules::addRule);
    extraRules.forEach(rules::addRule);
    this.evaluator = rules.build();
    this.policy = Policy.defaults();
    this.desk = ApprovalDesk.builder(RequestLedger.files(home.requests()))
        .allowedSignersFile(home.allowedSigners()).clock(deskClock).build();
    try {
      SafeopsHome.ownerOnlyFile(home.audit());
    } catch (IOException e) {
      throw new InvalidInputException("The audit file " + home.audit() + " cannot be created: " + e.getMessage() + ".", e);
    }
    this.audit = AuditSink.jsonLines(home.audit());
  }

  /** A workflow over {@code home} with the system clock and the SDK's default AWS configuration. */
  static RequestWorkflow of(SafeopsHome home, Duration clockAhead) {
    return of(home, clockAhead, List.of());
  }

  /** The same, judging plans with {@code extraRules} too. */
  static RequestWorkflow of(SafeopsHome home, Duration clockAhead, List<Rule> extraRules) {
    Clock now = Clock.systemUTC();
    return new RequestWorkflow(home, now, Clock.offset(now, clockAhead), AwsAccess.sdkDefaults(),
        Path.of(System.getProperty("user.dir")), UnaryOperator.identity(), extraRules);
  }

  SafeopsHome home() {
    return home;
  }

  /** The time requests are judged at. */
  Instant now() {
    return deskClock.instant();
  }

  // ---- propose ------------------------------------------------------------------------------

  /**
   * What to propose.
   *
   * @param requester who asks
   * @param environment the environment's name
   * @param tier its tier
   * @param reason why (may be empty)
   * @param command {@code terraform [-chdir=DIR] apply|destroy [ARGS]} or a supported {@code aws ...} call
   * @param requesterSignature signs a proposal message with the requester's key; null when the requester does not sign
   */
  record ProposalInput(Principal requester, String environment, Tier tier, String reason, List<String> command,
      UnaryOperator<String> requesterSignature) {
    ProposalInput {
      Objects.requireNonNull(requester, "requester");
      Objects.requireNonNull(environment, "environment");
      Objects.requireNonNull(tier, "tier");
      reason = reason == null ? "" : reason;
      command = List.copyOf(command);
    }
  }

  /**
   * What a proposal came to.
   *
   * @param request the recorded request; empty when the policy denies (nothing to approve)
   * @param requesterNote how the requester was counted, one sentence
   */
  record Proposal(Optional<RequestRecord> request, Operation operation, Plan plan, BlastRadius blastRadius, Decision decision,
      boolean requesterVerified, String requesterNote) {

    /** PENDING, APPROVED (the policy needs no approval) or DENIED (by the policy). */
    String status() {
      return request.map(r -> r.status().name()).orElse("DENIED");
    }

    int exitCode() {
      return request.map(r -> r.status() == RequestStatus.APPROVED ? OK : PENDING).orElse(POLICY_DENIED);
    }
  }

  /**
   * Makes the plan, evaluates it and records the request (nothing is applied).
   *
   * @throws InvalidInputException with one sentence for a command safeops cannot plan, or a requester signature that does not verify
   */
  Proposal propose(ProposalInput in) throws Exception {
    if (in.command().isEmpty()) {
      throw new InvalidInputException("Give the command to propose after --, for example: safeops propose -- terraform destroy.");
    }
    if (in.requesterSignature() != null && !in.requester().isHuman()) {
      throw new InvalidInputException("--key proves a human requester (--requester human:NAME); " + in.requester()
          + " cannot sign a proposal.");
    }
    String program = in.command().get(0);
    if (program.equals("terraform") || program.equals("tofu")) {
      return proposeTerraform(in);
    }
    if (program.equals("aws")) {
      return proposeAws(in);
    }
    throw new InvalidInputException("safeops proposes terraform apply|destroy and the AWS CLI calls it can dry-run, not '" + program + "'.");
  }

  private Proposal proposeTerraform(ProposalInput in) throws Exception {
    TerraformPlanned t = planTerraform(in.command(), Environment.of(in.environment(), in.tier()));
    Rerun rerun = Rerun.terraformPlan(t.dir(), t.saved().file(), t.saved().sha256(), t.saved().planArguments());
    try {
      Proposal p = record(in, t.environment(), t.name(), "terraform:" + t.workspace(), t.saved().plan(), rerun);
      if (p.request().isEmpty()) {
        Files.deleteIfExists(t.saved().file());
      }
      return p;
    } catch (Exception | Error e) {
      Files.deleteIfExists(t.saved().file());
      throw e;
    }
  }

  /** A terraform apply or destroy planned into a saved plan file under the home's {@code plans/}. */
  private record TerraformPlanned(String name, Path dir, Environment environment, String workspace, SavedPlan saved) {}

  /** Plans {@code terraform [-chdir=DIR] apply|destroy [ARGS]} into a new file under {@code plans/}; the caller keeps or deletes it. */
  private TerraformPlanned planTerraform(List<String> argv, Environment environment) throws Exception {
    TerraformApplyCommand command = TerraformApplyCommand.read(argv.get(0), argv.subList(1, argv.size()));
    Path dir = terraformDirectory(command.directory().orElse("."));
    String workspace = environment.name() + ":" + dir;
    GuardedTerraform terraform = terraform(command.binary(), dir, environment, workspace);
    Path planFile = home.plans().resolve(UUID.randomUUID() + ".tfplan");
    SavedPlan saved;
    try {
      saved = terraform.savePlan(command.planArguments(), planFile);
    } catch (Exception | Error e) {
      Files.deleteIfExists(planFile);
      throw e;
    }
    String name = command.binary() + (command.destroy() ? " destroy" : " apply")
        + (command.planOptions().isEmpty() ? "" : " " + String.join(" ", command.planOptions()));
    return new TerraformPlanned(name, dir, environment, workspace, saved);
  }

  /**
   * What a terraform change would come to if it were proposed now, recording nothing.
   *
   * @param approvalsRequired human approvals needed after the two-person rule; 0 unless the decision requires approvals
   */
  record Preview(Operation operation, Path directory, Plan plan, BlastRadius blastRadius, Decision decision, int approvalsRequired) {}

  /**
   * Makes a fresh plan of {@code terraform [-chdir=DIR] apply|destroy [ARGS]} and judges it with the
   * rules and policy {@link #propose} uses, as {@code requester} would be judged without a signed
   * proposal; records no request and no audit event, and deletes the saved plan before it returns.
   * It changes nothing, but {@code terraform plan} runs the configuration's providers and data
   * sources (see {@link GuardedTerraform}).
   *
   * @throws InvalidInputException with one sentence for a command safeops cannot plan
   */
  Preview previewTerraform(Principal requester, String environment, Tier tier, List<String> command) throws Exception {
    if (command.isEmpty() || !(command.get(0).equals("terraform") || command.get(0).equals("tofu"))) {
      throw new InvalidInputException("Only terraform or tofu apply|destroy can be previewed.");
    }
    TerraformPlanned t = planTerraform(command, Environment.of(environment, tier));
    try {
      Operation operation = Operation.builder().name(t.name()).requester(requester).environment(t.environment()).build();
      BlastRadius radius = evaluator.evaluate(t.saved().plan(), operation);
      Decision decision = policy.decide(operation, radius);
      if (requester.isHuman()) {
        decision = unproven(decision);
      }
      int approvals = decision.verdict() == Decision.Verdict.REQUIRE_APPROVALS
          ? Math.max(decision.approvalsRequired(), requester.isHuman() ? 1 : 2) : 0;
      return new Preview(operation, t.dir(), t.saved().plan(), radius, decision, approvals);
    } finally {
      Files.deleteIfExists(t.saved().file());
    }
  }

  private Proposal proposeAws(ProposalInput in) throws Exception {
    String region = regionOf(in.command()).orElseGet(aws::defaultRegion);
    String account = aws.account(region);
    Environment environment = Environment.aws(in.environment(), in.tier(), account, region);
    try (AwsAccess.Clients clients = aws.clients(environment)) {
      GuardedAction<String> action = awsAction(clients, in.command());
      Plan plan = action.dryRun();
      if (plan == null) {
        throw new IllegalStateException("the dry run of " + String.join(" ", in.command()) + " returned no plan");
      }
      return record(in, environment, String.join(" ", in.command()), action.scope(), plan, Rerun.command(in.command()));
    }
  }

  /** Evaluates, checks the requester, audits and records; shared by every kind of change. */
  private Proposal record(ProposalInput in, Environment environment, String name, String scope, Plan plan, Rerun rerun) {
    Operation operation = Operation.builder().name(name).requester(in.requester()).environment(environment)
        .reason(in.reason()).build();
    Audit trail = new Audit(operation, scope, plan.digest());
    trail.record(Step.DRY_RUN, "PLANNED", plan.changes().size() + " change(s)" + (plan.source().isEmpty() ? "" : " from " + plan.source()), null);
    BlastRadius radius = evaluator.evaluate(plan, operation);
    trail.level = radius.level();
    trail.record(Step.EVALUATE, radius.level().name(), radius.findings().size() + " finding(s)", null);
    Decision decision = policy.decide(operation, radius);
    boolean verified = false;
    String note;
    if (!in.requester().isHuman()) {
      note = in.requester() + " is not a person: the request needs two people other than it.";
    } else if (in.requesterSignature() != null) {
      Signer signer = verifyRequester(in, environment, plan);
      verified = true;
      note = in.requester() + " signed the proposal with key " + signer.keyFingerprint() + " listed in allowed_signers: "
          + "they count as one of the two people.";
    } else {
      note = in.requester() + " did not sign the proposal (--key), so nothing shows it is " + in.requester().id()
          + " and not a program using that name: it needs as many approvals as an agent's request, and "
          + in.requester().id() + " cannot approve it.";
      decision = unproven(decision);
    }
    trail.record(Step.POLICY, decision.verdict().name(), String.join("; ", decision.reasons()) + "; " + note, null);
    if (decision.verdict() == Decision.Verdict.DENY) {
      return new Proposal(Optional.empty(), operation, plan, radius, decision, verified, note);
    }
    RequestRecord request = desk.propose(operation, scope, plan, radius, decision, rerun);
    trail.record(Step.APPROVAL, "REQUEST_RECORDED", "request " + request.id() + ": " + request.status() + ", "
        + request.approvalsRequired() + " approval(s) needed, expires " + request.expiresAt(), null);
    return new Proposal(Optional.of(request), operation, plan, radius, decision, verified, note);
  }

  /** A human requester whose identity is not proven needs two approvers, as an agent's request does. */
  private static Decision unproven(Decision decision) {
    if (decision.verdict() != Decision.Verdict.REQUIRE_APPROVALS || decision.approvalsRequired() >= 2) {
      return decision;
    }
    List<String> reasons = new ArrayList<>(decision.reasons());
    reasons.add("the requester's identity is not proven, so it needs two approvers, as an agent's request does");
    return new Decision(Decision.Verdict.REQUIRE_APPROVALS, 2, reasons, decision.breakGlass());
  }

  private Signer verifyRequester(ProposalInput in, Environment environment, Plan plan) {
    String message = PROPOSAL_FORMAT + "\nrequester " + in.requester().id() + "\nenvironment " + environment.name()
        + "\ndigest " + plan.digest() + "\nat " + clock.instant().truncatedTo(ChronoUnit.SECONDS) + "\n";
    String armored = in.requesterSignature().apply(message);
    Signer signer;
    try {
      signer = AllowedSigners.read(home.allowedSigners()).verify(SshSignature.parse(armored),
          message.getBytes(StandardCharsets.UTF_8), SshKeygen.NAMESPACE, clock.instant());
    } catch (SignatureRejectedException e) {
      throw new InvalidInputException("The proposal is not signed by a key of " + in.requester().id() + ": " + e.getMessage(), e);
    }
    if (!signer.principal().id().strip().equalsIgnoreCase(in.requester().id().strip())) {
      throw new InvalidInputException("The proposal is signed by the key of " + signer.principal().id() + ", not of "
          + in.requester().id() + "; a requester proves who they are with their own key.");
    }
    return signer;
  }

  // ---- approve and deny ---------------------------------------------------------------------

  /** The request with this id. @throws InvalidInputException when there is none */
  RequestRecord request(String id) {
    return desk.find(id).orElseThrow(() -> new InvalidInputException("There is no approval request " + id + " in " + home + "."));
  }

  List<RequestRecord> requests() {
    return desk.list();
  }

  /**
   * Records an approval of {@code id}: {@code sign} is asked to sign the request's approval
   * message (and is not asked at all when the request cannot take one).
   *
   * @throws RequestRefusedException with one sentence when the approval is refused
   */
  RequestRecord approve(String id, Function<String, String> sign) {
    RequestRecord r = request(id);
    refuseUnlessPending(r, "approved");
    String armored = sign.apply(r.approvalMessage());
    Signer signer = signer(r, armored, r.approvalMessage(), true);
    Audit trail = new Audit(answerOperation(r, "approve", signer.principal()), r.scope(), r.planDigest());
    trail.record(Step.APPROVAL, "APPROVAL_SUBMITTED", "key " + signer.keyFingerprint() + " of " + signer.principal().id(),
        List.of(signer.principal().toString()));
    RequestRecord after;
    try {
      after = desk.approve(id, armored);
    } catch (RequestRefusedException e) {
      trail.record(Step.APPROVAL, "APPROVAL_REFUSED", e.getMessage(), List.of(signer.principal().toString()));
      throw e;
    }
    trail.record(Step.APPROVAL, "APPROVAL_RECORDED", after.approvals().size() + " of " + after.approvalsRequired()
        + " approval(s); request " + after.status(), List.of(signer.principal().toString()));
    return after;
  }

  /**
   * Records a denial of {@code id} with {@code reason}, which ends it.
   *
   * @throws RequestRefusedException with one sentence when the denial is refused
   * @throws InvalidInputException when the reason is not one line of printable text
   */
  RequestRecord deny(String id, String reason, Function<String, String> sign) {
    RequestRecord r = request(id);
    String message = r.denialMessage(reason);
    if (!r.statusAt(now()).isOpen()) {
      throw closed(r);
    }
    String armored = sign.apply(message);
    Signer signer = signer(r, armored, message, false);
    Audit trail = new Audit(answerOperation(r, "deny", signer.principal()), r.scope(), r.planDigest());
    trail.record(Step.APPROVAL, "DENIAL_SUBMITTED", "key " + signer.keyFingerprint() + " of " + signer.principal().id()
        + ": " + reason, List.of(signer.principal().toString()));
    RequestRecord after = desk.deny(id, armored, reason);
    trail.record(Step.APPROVAL, "DENIED", after.statusReason(), List.of(signer.principal().toString()));
    deleteSavedPlan(after);
    return after;
  }

  private void refuseUnlessPending(RequestRecord r, String what) {
    RequestStatus status = r.statusAt(now());
    if (status == RequestStatus.APPROVED) {
      throw new RequestRefusedException(Reason.CLOSED, r.id(), "Request " + r.id() + " is already approved ("
          + r.approvals().size() + " of " + r.approvalsRequired() + "); it needs no more approvals.");
    }
    if (status != RequestStatus.PENDING) {
      throw closed(r);
    }
  }

  private RequestRefusedException closed(RequestRecord r) {
    return RequestRefusedException.closed(r, now());
  }

  /**
   * Who signed. Verified here first so that an approver whose name is the requester's, whatever
   * its kind ({@code agent:alice} proposing, {@code alice} approving), is refused before anything
   * is recorded: the two-person rule at apply time would not count them. A requester may deny
   * (withdraw) their own request.
   */
  private Signer signer(RequestRecord r, String armored, String message, boolean approving) {
    Signer signer;
    try {
      signer = AllowedSigners.read(home.allowedSigners()).verify(SshSignature.parse(armored),
          message.getBytes(StandardCharsets.UTF_8), SshKeygen.NAMESPACE, clock.instant());
    } catch (SignatureRejectedException e) {
      throw new RequestRefusedException(e.problem() == SignatureRejectedException.Problem.NOT_ALLOWED ? Reason.UNKNOWN_KEY
          : Reason.BAD_SIGNATURE, r.id(), e.getMessage());
    }
    Principal requester = r.operation().requester();
    if (approving && signer.principal().id().strip().equalsIgnoreCase(requester.id().strip())) {
      throw new RequestRefusedException(Reason.OWN_REQUEST, r.id(), signer.principal().id() + " requested " + r.id()
          + " (as " + requester + ") and cannot answer it as an approver: the two-person rule needs someone else.");
    }
    return signer;
  }

  private static Operation answerOperation(RequestRecord r, String verb, Principal who) {
    return Operation.builder().name(verb + " request " + r.id()).requester(who).environment(r.operation().environment())
        .reason(r.operation().name()).build();
  }

  // ---- apply --------------------------------------------------------------------------------

  /**
   * What an apply came to.
   *
   * @param status {@code EXECUTED}, or why not: {@code PENDING}, {@code EXPIRED}, {@code STALE},
   *     {@code DENIED} (by an approver), {@code ALREADY_EXECUTED}, {@code POLICY_DENIED},
   *     {@code NOT_APPROVED}, {@code FAILED}
   * @param refusedAt the pipeline step that refused, when the pipeline ran
   * @param result what terraform printed, or the AWS call's answer, when it executed
   */
  record Applied(String id, String status, List<String> reasons, Optional<Step> refusedAt, Optional<String> result,
      Optional<String> auditId) {

    int exitCode() {
      return switch (status) {
        case "EXECUTED" -> OK;
        case "PENDING" -> PENDING;
        case "POLICY_DENIED" -> POLICY_DENIED;
        case "FAILED" -> FAILED;
        default -> REFUSED;
      };
    }
  }

  /** Applies request {@code id} through the guarded pipeline, at most once. */
  Applied apply(String id) throws Exception {
    RequestRecord r = request(id);
    RequestStatus status = r.statusAt(now());
    if (status == RequestStatus.PENDING) {
      return refused(r, "PENDING", RequestRefusedException.pending(r, "nothing was applied").getMessage());
    }
    if (!status.isOpen()) {
      RequestRefusedException why = closed(r);
      String s = status == RequestStatus.EXECUTED ? "ALREADY_EXECUTED" : status.name();
      return refused(r, s, why.getMessage());
    }
    Operation operation = r.operation().toBuilder().id(UUID.randomUUID().toString()).build();
    GuardedExecutor executor = GuardedExecutor.builder()
        .clock(clock)
        .evaluator(evaluator)
        .policy(policy)
        .approvalCallback(desk.callbackFor(id))
        .approvalVerifier(desk.verifier())
        .auditSink(audit)
        .lockProvider(LockProvider.files(home.locks(), clock))
        .build();
    Outcome<?> outcome;
    if (r.rerun() instanceof Rerun.TerraformPlan t) {
      String workspace = r.bindings().get(StateGuard.WORKSPACE);
      if (workspace == null) {
        return refused(r, "FAILED", "Request " + r.id() + " names no Terraform workspace, so its state cannot be checked; nothing was applied.");
      }
      String binary = r.operation().name().startsWith("tofu ") ? "tofu" : "terraform";
      GuardedTerraform terraform = terraform(binary, t.workingDirectory(), r.operation().environment(), workspace);
      GuardedAction<ApplyResult> action = terraform.applySaved(t.planFile(), t.planSha256(), r.planDigest(), t.planArguments());
      outcome = executor.execute(operation, new RequestBound<>(r, operation, action));
    } else if (r.rerun() instanceof Rerun.Command c && !c.argv().isEmpty() && c.argv().get(0).equals("aws")) {
      try (AwsAccess.Clients clients = aws.clients(r.operation().environment())) {
        outcome = executor.execute(operation, new RequestBound<>(r, operation, awsAction(clients, c.argv())));
      }
    } else {
      return refused(r, "NOT_APPROVED", "Request " + r.id() + " was recorded by a program that runs it itself ("
          + r.rerun() + "); the command line cannot apply it.");
    }
    RequestRecord after = desk.find(id).orElse(r);
    if (!after.status().isOpen()) {
      deleteSavedPlan(after);
    }
    return applied(after, operation, outcome);
  }

  private Applied refused(RequestRecord r, String status, String reason) {
    return new Applied(r.id(), status, List.of(reason), Optional.empty(), Optional.empty(), Optional.empty());
  }

  private static Applied applied(RequestRecord after, Operation operation, Outcome<?> outcome) {
    Optional<String> result = outcome.result().map(RequestWorkflow::describeResult);
    if (outcome.executed()) {
      return new Applied(after.id(), "EXECUTED", outcome.reasons(), Optional.empty(), result, Optional.of(outcome.auditId()));
    }
    String status;
    Optional<Reason> refusal = outcome.failure().filter(RequestRefusedException.class::isInstance)
        .map(e -> ((RequestRefusedException) e).reason());
    if (refusal.isPresent()) {
      status = switch (refusal.get()) {
        case PENDING -> "PENDING";
        case STALE -> "STALE";
        case EXPIRED -> "EXPIRED";
        case DENIED -> "DENIED";
        case CLOSED -> after.status() == RequestStatus.EXECUTED && !after.claimedBy().orElse("").equals(operation.id())
            ? "ALREADY_EXECUTED" : "NOT_APPROVED";
        default -> "NOT_APPROVED";
      };
    } else {
      status = switch (outcome.status()) {
        case DENIED -> "POLICY_DENIED";
        case FAILED -> "FAILED";
        default -> after.status() == RequestStatus.STALE ? "STALE" : "NOT_APPROVED";
      };
    }
    return new Applied(after.id(), status, outcome.reasons(), outcome.refusedAt(), Optional.empty(), Optional.of(outcome.auditId()));
  }

  private static String describeResult(Object result) {
    if (result instanceof ApplyResult a) {
      return a.output();
    }
    return String.valueOf(result);
  }

  /**
   * The action of a request, executed only on a claim of that request by this run: when the
   * policy asked for approvals, the desk's callback claimed it at the approval step; when it
   * asked for none (then, or now), it is claimed here, after checking that the plan made now is
   * the one proposed. Either way one request runs at most once, across every process.
   */
  private final class RequestBound<T> implements GuardedAction<T> {
    private final RequestRecord request;
    private final Operation operation;
    private final GuardedAction<T> action;

    RequestBound(RequestRecord request, Operation operation, GuardedAction<T> action) {
      this.request = request;
      this.operation = operation;
      this.action = action;
    }

    @Override
    public String scope() {
      return action.scope();
    }

    @Override
    public Plan dryRun() throws Exception {
      Plan plan = action.dryRun();
      if (plan != null && request.approvalsRequired() == 0 && !plan.digest().equals(request.planDigest())) {
        throw stale(plan);
      }
      return plan;
    }

    @Override
    public T execute(Plan approved) throws Exception {
      boolean claimedByThisRun = desk.find(request.id()).flatMap(RequestRecord::claimedBy).filter(operation.id()::equals).isPresent();
      if (!claimedByThisRun) {
        if (!approved.digest().equals(request.planDigest())) {
          throw stale(approved);
        }
        desk.claim(request.id(), operation.id());
      }
      return action.execute(approved);
    }

    private RequestRefusedException stale(Plan now) {
      List<String> moved = new ArrayList<>();
      for (Map.Entry<String, String> b : request.bindings().entrySet()) {
        String is = now.bindings().get(b.getKey());
        if (!b.getValue().equals(is)) {
          moved.add(b.getKey() + " was " + b.getValue() + ", is now " + (is == null ? "absent" : is));
        }
      }
      String why = "the plan made again no longer matches: " + (moved.isEmpty() ? "the planned changes differ" : String.join(", ", moved));
      RequestRecord marked = desk.markStale(request.id(), why);
      return new RequestRefusedException(Reason.STALE, request.id(), "Request " + request.id() + " is stale: "
          + marked.statusReason() + "; nothing was executed, propose it again.");
    }
  }

  // ---- shared -------------------------------------------------------------------------------

  private GuardedTerraform terraform(String binary, Path dir, Environment environment, String workspace) {
    return GuardedTerraform.builder()
        .cli(TerraformCli.builder().binary(programs.apply(binary)).workingDirectory(dir).timeout(Duration.ofMinutes(60)).build())
        .environment(environment)
        .stateLedger(StateLedger.file(home.stateLedger()))
        .workspace(workspace)
        .planDirectory(home.plans())
        .build();
  }

  private Path terraformDirectory(String written) {
    if (written.contains("$") || written.contains("`") || written.startsWith("~")) {
      throw new InvalidInputException("the terraform directory '" + written + "' is computed by a shell; write it out.");
    }
    Path dir = workingDirectory.resolve(written).toAbsolutePath().normalize();
    if (!Files.isDirectory(dir)) {
      throw new InvalidInputException("the terraform directory " + dir + " does not exist.");
    }
    return dir;
  }

  private static GuardedAction<String> awsAction(AwsAccess.Clients clients, List<String> argv) {
    ToolCall call = new ToolCall("safeops", Map.of(), String.join(" ", argv), arguments -> {
      throw new IllegalStateException("a proposed AWS call is never run raw");
    });
    return new AwsCliGuardedActions(AwsCliDryRuns.sdk(clients.actions()))
        .actionFor(SimpleCommand.builder().words(argv).build(), call, CommandContext.none())
        .orElseThrow(() -> new InvalidInputException("safeops cannot dry-run `" + String.join(" ", argv.subList(0, Math.min(3, argv.size())))
            + "`, so it cannot be proposed; the calls it can: " + String.join(", ", AwsCliDryRuns.supported()) + "."));
  }

  private static Optional<String> regionOf(List<String> argv) {
    for (int i = 0; i < argv.size(); i++) {
      String a = argv.get(i);
      if (a.equals("--region") && i + 1 < argv.size()) {
        return Optional.of(argv.get(i + 1));
      }
      if (a.startsWith("--region=")) {
        return Optional.of(a.substring("--region=".length()));
      }
    }
    return Optional.empty();
  }

  private void deleteSavedPlan(RequestRecord r) {
    if (r.rerun() instanceof Rerun.TerraformPlan t && t.planFile().startsWith(home.plans())) {
      try {
        Files.deleteIfExists(t.planFile());
      } catch (IOException e) {
        // The request is closed: its file can never be applied again, only its secrets linger.
      }
    }
  }

  /** Audit events of one command's operation, in sequence, each written before what it records takes effect. */
  private final class Audit {
    private final Operation operation;
    private final String scope;
    private final String digest;
    private Level level;
    private int sequence;

    Audit(Operation operation, String scope, String digest) {
      this.operation = operation;
      this.scope = scope;
      this.digest = digest;
    }

    void record(Step step, String verdict, String detail, List<String> approvers) {
      audit.record(AuditEvent.builder()
          .operationId(operation.id())
          .sequence(++sequence)
          .step(step)
          .time(clock.instant())
          .operationName(operation.name())
          .principal(operation.requester())
          .environment(operation.environment().name())
          .scope(scope)
          .planDigest(digest)
          .verdict(verdict)
          .level(level)
          .detail(detail)
          .approvers(approvers == null ? List.of() : approvers)
          .build());
    }
  }

}
