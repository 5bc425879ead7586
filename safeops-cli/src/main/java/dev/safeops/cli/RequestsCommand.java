package dev.safeops.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.safeops.core.RequestRecord;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code requests [--json]}: every approval request in the home, newest first. */
@Command(name = "requests", mixinStandardHelpOptions = true,
    description = "List the approval requests, newest first: status, approvals so far, level, environment, requester, operation.")
final class RequestsCommand implements Callable<Integer> {
  @ParentCommand Main main;
  @Mixin HomeOption home;

  @Option(names = "--json", description = "print one JSON object: {\"requests\": [...]}")
  boolean json;

  @Override
  public Integer call() {
    SafeopsHome h = home.open();
    RequestWorkflow workflow = RequestWorkflow.of(h, Duration.ZERO);
    List<RequestRecord> all = workflow.requests();
    RequestView view = new RequestView(h, workflow.now());
    if (json) {
      ObjectNode root = new ObjectMapper().createObjectNode();
      ArrayNode list = root.putArray("requests");
      all.forEach(r -> list.add(view.json(r)));
      main.out.println(root);
    } else {
      view.table(all, main.out);
    }
    return RequestWorkflow.OK;
  }
}
