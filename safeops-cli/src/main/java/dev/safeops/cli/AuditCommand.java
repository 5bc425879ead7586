package dev.safeops.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.safeops.core.AuditSink;
import dev.safeops.core.UnknownOutcome;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code audit [--json]}: reads the home's audit trail and names every operation that started
 * executing and never recorded a result (a process killed mid-apply, a machine that lost power):
 * nobody knows what it changed, so a person must look at the infrastructure.
 */
@Command(name = "audit", mixinStandardHelpOptions = true,
    description = {"List operations whose outcome is unknown: they started executing and recorded no result.",
        "Exit 0 when there are none, 3 when there are (check the infrastructure)."})
final class AuditCommand implements Callable<Integer> {
  @ParentCommand Main main;
  @Mixin HomeOption home;

  @Option(names = "--json", description = "print one JSON object: {\"unknownOutcomes\": [...]}")
  boolean json;

  @Override
  public Integer call() {
    SafeopsHome h = home.open();
    List<UnknownOutcome> unknown = AuditSink.jsonLines(h.audit()).unknownOutcomes();
    if (json) {
      ObjectNode root = new ObjectMapper().createObjectNode();
      ArrayNode list = root.putArray("unknownOutcomes");
      for (UnknownOutcome u : unknown) {
        list.addObject()
            .put("operationId", u.operationId())
            .put("operation", u.executing().operationName())
            .put("requester", u.executing().principal().toString())
            .put("scope", u.executing().scope())
            .put("startedAt", u.executing().time().toString())
            .put("message", u.message());
      }
      main.out.println(root);
    } else if (unknown.isEmpty()) {
      main.out.println("no unknown outcomes: every operation that started executing recorded its result ("
          + h.audit() + ")");
    } else {
      unknown.forEach(u -> main.out.println(u.message()));
    }
    return unknown.isEmpty() ? RequestWorkflow.OK : RequestWorkflow.REFUSED;
  }
}
