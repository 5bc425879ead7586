package dev.safeops.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.safeops.aws.LiveEvidence;
import dev.safeops.core.Principal;
import dev.safeops.core.RequestRecord;
import dev.safeops.core.Tier;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code propose [--requester agent:NAME|human:NAME] [--environment NAME] [--tier TIER] [--reason
 * TEXT] [--key PATH] [--json] -- terraform [-chdir=DIR] apply|destroy [ARGS]} (or a supported
 * {@code aws ...} call): plans, evaluates and records an approval request; see {@link
 * RequestWorkflow#propose}. Exit 0 when the policy allows it without approval (the request is
 * APPROVED: apply it), 10 when approvals are pending, 20 when the policy denies it, 2 for bad
 * input, 1 when planning failed.
 */
@Command(name = "propose", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Plan a change, judge it and record an approval request; nothing is applied.",
        "People approve it from their own terminals (safeops approve ID --key ...); then safeops apply ID applies exactly that plan.",
        "Exit 0 allowed without approval (apply it), 10 approvals pending, 20 denied by the policy, 2 bad input, 1 failure."})
final class ProposeCommand implements Callable<Integer> {
  @ParentCommand Main main;
  @Mixin HomeOption home;

  @Option(names = "--requester", paramLabel = "KIND:NAME", defaultValue = "agent:unknown",
      description = "who asks: agent:NAME or human:NAME (a human counts as one of the two people only with --key); default ${DEFAULT-VALUE}")
  Principal requester;

  @Option(names = "--environment", paramLabel = "NAME", description = "the environment's name; default the tier's name")
  String environment;

  @Option(names = "--tier", paramLabel = "TIER", defaultValue = "production",
      description = "production, staging or development; default ${DEFAULT-VALUE}, the strictest")
  Tier tier;

  @Option(names = "--reason", paramLabel = "TEXT", description = "why, for the approvers")
  String reason;

  @Option(names = "--key", paramLabel = "PATH",
      description = "a human requester's own SSH key (or its .pub with ssh-agent): signs the proposal so the requester counts as one person")
  Path key;

  @Option(names = "--json", description = "print one JSON object")
  boolean json;

  @Mixin LiveOption live;

  @Parameters(paramLabel = "COMMAND", arity = "1..*",
      description = "after --: terraform [-chdir=DIR] apply|destroy [-target=... -var=...], or a supported aws call")
  List<String> command;

  @Override
  public Integer call() throws Exception {
    SafeopsHome h = home.open();
    Optional<LiveEvidence> evidence = live.evidence();
    try {
      return propose(h, RequestWorkflow.of(h, Duration.ZERO, LiveOption.rules(evidence)));
    } finally {
      evidence.ifPresent(LiveEvidence::close);
    }
  }

  private int propose(SafeopsHome h, RequestWorkflow workflow) throws Exception {
    String env = environment != null ? environment : tier.name().toLowerCase(Locale.ROOT);
    RequestWorkflow.Proposal p = workflow.propose(new RequestWorkflow.ProposalInput(requester, env, tier, reason, command,
        key == null ? null : message -> SshKeygen.onPath().sign(key, message)));
    RequestView view = new RequestView(h, workflow.now());
    PrintStream out = main.out;
    if (json) {
      out.println(json(p, view));
    } else {
      text(p, view, out);
    }
    return p.exitCode();
  }

  static ObjectNode json(RequestWorkflow.Proposal p, RequestView view) {
    if (p.request().isPresent()) {
      ObjectNode n = view.json(p.request().get());
      n.put("requesterVerified", p.requesterVerified());
      n.put("requesterNote", p.requesterNote());
      return n;
    }
    ObjectNode n = new ObjectMapper().createObjectNode();
    n.putNull("id");
    n.put("status", "DENIED");
    n.put("operation", p.operation().name());
    n.put("requester", p.operation().requester().toString());
    n.put("reason", p.operation().reason());
    RequestView.environment(n, p.operation().environment());
    n.put("digest", p.plan().digest());
    RequestView.radius(n, p.blastRadius(), 0);
    n.put("approvalsRequired", 0);
    ArrayNode why = n.putArray("decisionReasons");
    p.decision().reasons().forEach(why::add);
    RequestView.state(n, p.plan().bindings());
    n.put("requesterVerified", p.requesterVerified());
    n.put("requesterNote", p.requesterNote());
    return n;
  }

  private static void text(RequestWorkflow.Proposal p, RequestView view, PrintStream out) {
    if (p.request().isEmpty()) {
      out.println("DENIED by the policy: nothing was recorded, there is nothing to approve.");
      RequestView.details(p.operation().name(), p.operation().requester().toString(), p.operation().reason(),
          p.operation().environment(), p.blastRadius(), 0, p.plan().digest(), p.plan().bindings(), out);
      p.decision().reasons().forEach(r -> out.println("why         " + r));
      return;
    }
    RequestRecord r = p.request().get();
    view.print(r, out);
    out.println("counted as  " + p.requesterNote());
    p.decision().reasons().forEach(x -> out.println("why         " + x));
    out.println();
    if (r.approvalsRequired() == 0) {
      out.println("The policy allows it without approval. Apply exactly this plan with:");
    } else {
      out.println("Each of " + r.approvalsRequired() + " approver(s), from their own terminal, with their own key:");
      out.println("  " + view.approveCommand(r));
      out.println("(or deny it: " + view.denyCommand(r) + ")");
      out.println("Then apply exactly this plan with:");
    }
    out.println("  " + view.applyCommand(r));
  }
}
