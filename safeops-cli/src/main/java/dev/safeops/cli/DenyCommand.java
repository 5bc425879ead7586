package dev.safeops.cli;

import dev.safeops.core.RequestRecord;
import dev.safeops.core.RequestRefusedException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code deny ID --key PATH --reason TEXT [--json]}: a signed denial, which ends the request. Exit 0 recorded, 3 refused, 2 bad input. */
@Command(name = "deny", mixinStandardHelpOptions = true,
    description = {"Deny a request with your own SSH key; any denial ends it. Exit 0 recorded, 3 refused, 2 bad input."})
final class DenyCommand implements Callable<Integer> {
  @ParentCommand Main main;
  @Mixin HomeOption home;

  @Parameters(index = "0", paramLabel = "ID", description = "the request's id")
  String id;

  @Option(names = "--key", required = true, paramLabel = "PATH",
      description = "your SSH private key, or its .pub when the key is in your ssh-agent or on a security key")
  Path key;

  @Option(names = "--reason", required = true, paramLabel = "TEXT", description = "why, one line (it is signed too)")
  String reason;

  @Option(names = "--json", description = "print the request afterwards as one JSON object")
  boolean json;

  @Override
  public Integer call() {
    SafeopsHome h = home.open();
    RequestWorkflow workflow = RequestWorkflow.of(h, Duration.ZERO);
    RequestRecord after;
    try {
      after = workflow.deny(id, reason, message -> SshKeygen.onPath().sign(key, message));
    } catch (RequestRefusedException e) {
      main.err.println("safeops deny: " + Main.sentence(e.getMessage()));
      return RequestWorkflow.REFUSED;
    }
    if (json) {
      main.out.println(new RequestView(h, workflow.now()).json(after));
    } else {
      main.out.println("Request " + after.id() + " is " + after.status() + ": " + after.statusReason() + ".");
    }
    return RequestWorkflow.OK;
  }
}
