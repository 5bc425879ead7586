package dev.safeops.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.safeops.aws.LiveEvidence;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code apply ID [--json]}: applies an approved request through the guarded pipeline, once;
 * see {@link RequestWorkflow#apply}. Exit 0 only when it executed; 10 approvals pending; 20 the
 * policy denies it now; 3 refused (expired, stale, denied, already executed); 1 failed; 2 bad
 * input.
 *
 * <p>{@code --clock-ahead DURATION} (hidden) judges expiry as if it were that much later, for
 * tests of expiry without waiting. It can only make a request expire sooner: the locks, the
 * budget and every signature check keep the real time.
 */
@Command(name = "apply", mixinStandardHelpOptions = true,
    description = {"Apply an approved request: re-plan, check the digest, the state and the saved plan's hash, lock, apply exactly",
        "the saved plan once, audit. Exit 0 only when it executed; 10 approvals pending; 20 denied by the policy;",
        "3 refused (expired, stale, denied, already executed); 1 failed; 2 bad input."})
final class ApplyCommand implements Callable<Integer> {
  @ParentCommand Main main;
  @Mixin HomeOption home;

  @Parameters(index = "0", paramLabel = "ID", description = "the request's id")
  String id;

  @Option(names = "--json", description = "print one JSON object: id, status (EXECUTED or why not), reasons")
  boolean json;

  @Mixin LiveOption live;

  @Option(names = "--clock-ahead", hidden = true, paramLabel = "DURATION", defaultValue = "PT0S")
  Duration clockAhead;

  @Override
  public Integer call() throws Exception {
    if (clockAhead.isNegative() || clockAhead.compareTo(Duration.ofDays(400)) > 0) {
      throw new Main.UsageException("--clock-ahead must be between PT0S and P400D, was " + clockAhead);
    }
    Optional<LiveEvidence> evidence = live.evidence();
    RequestWorkflow.Applied a;
    try {
      a = RequestWorkflow.of(home.open(), clockAhead, LiveOption.rules(evidence)).apply(id);
    } finally {
      evidence.ifPresent(LiveEvidence::close);
    }
    if (json) {
      ObjectNode n = new ObjectMapper().createObjectNode();
      n.put("id", a.id());
      n.put("status", a.status());
      ArrayNode reasons = n.putArray("reasons");
      a.reasons().forEach(reasons::add);
      a.refusedAt().ifPresent(s -> n.put("refusedAt", s.name()));
      a.auditId().ifPresent(x -> n.put("auditId", x));
      main.out.println(n);
    } else if (a.status().equals("EXECUTED")) {
      main.out.println("Request " + a.id() + " EXECUTED (audit id " + a.auditId().orElse("?") + ").");
      a.result().ifPresent(main.out::println);
    } else {
      main.out.println("Request " + a.id() + " was not applied: " + a.status() + a.refusedAt().map(s -> " at " + s).orElse("") + ".");
    }
    if (!a.status().equals("EXECUTED")) {
      main.err.println("safeops apply: " + Main.sentence(String.join("; ", a.reasons())));
    }
    return a.exitCode();
  }
}
