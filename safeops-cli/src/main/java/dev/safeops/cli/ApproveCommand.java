package dev.safeops.cli;

import dev.safeops.core.RequestRecord;
import dev.safeops.core.RequestRefusedException;
import dev.safeops.core.RequestStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code approve ID --key PATH [--json]}: signs the request's approval message with {@code
 * ssh-keygen -Y sign -n safeops} and the approver's own key, and records it. Exit 0 recorded, 3
 * refused (one sentence: a key not in allowed_signers, an expired or closed request, a second
 * approval by the same person, the requester's own request), 2 bad input.
 */
@Command(name = "approve", mixinStandardHelpOptions = true,
    description = {"Approve a request with your own SSH key (ssh-keygen -Y sign -n safeops; a .pub path uses your ssh-agent).",
        "Exit 0 recorded, 3 refused, 2 bad input."})
final class ApproveCommand implements Callable<Integer> {
  @ParentCommand Main main;
  @Mixin HomeOption home;

  @Parameters(index = "0", paramLabel = "ID", description = "the request's id")
  String id;

  @Option(names = "--key", required = true, paramLabel = "PATH",
      description = "your SSH private key, or its .pub when the key is in your ssh-agent or on a security key")
  Path key;

  @Option(names = "--json", description = "print the request afterwards as one JSON object")
  boolean json;

  @Override
  public Integer call() {
    SafeopsHome h = home.open();
    RequestWorkflow workflow = RequestWorkflow.of(h, Duration.ZERO);
    RequestRecord after;
    try {
      after = workflow.approve(id, message -> SshKeygen.onPath().sign(key, message));
    } catch (RequestRefusedException e) {
      main.err.println("safeops approve: " + Main.sentence(e.getMessage()));
      return RequestWorkflow.REFUSED;
    }
    RequestView view = new RequestView(h, workflow.now());
    if (json) {
      main.out.println(view.json(after));
    } else {
      RequestRecord.Answer mine = after.approvals().get(after.approvals().size() - 1);
      main.out.println("Recorded the approval of " + after.id() + " by " + mine.approver().id() + " (" + mine.keyFingerprint()
          + "): " + after.approvals().size() + " of " + after.approvalsRequired() + ".");
      main.out.println(after.status() == RequestStatus.APPROVED
          ? "It is approved; apply it with: " + view.applyCommand(after)
          : "It needs " + (after.approvalsRequired() - after.approvals().size()) + " more, from someone else.");
    }
    return RequestWorkflow.OK;
  }
}
