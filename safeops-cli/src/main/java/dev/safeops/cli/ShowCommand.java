package dev.safeops.cli;

import dev.safeops.core.AuditSink;
import dev.safeops.core.RequestRecord;
import dev.safeops.core.RequestStatus;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code show ID [--json]}: everything an approver must see about one request. */
@Command(name = "show", mixinStandardHelpOptions = true,
    description = {"Show one approval request: requester, reason, environment, counts, findings, digest, state lineage and serial,",
        "expiry, and who approved or denied so far."})
final class ShowCommand implements Callable<Integer> {
  @ParentCommand Main main;
  @Mixin HomeOption home;

  @Parameters(index = "0", paramLabel = "ID", description = "the request's id")
  String id;

  @Option(names = "--json", description = "print one JSON object")
  boolean json;

  @Override
  public Integer call() {
    SafeopsHome h = home.open();
    RequestWorkflow workflow = RequestWorkflow.of(h, Duration.ZERO);
    RequestRecord r = workflow.request(id);
    RequestView view = new RequestView(h, workflow.now());
    if (json) {
      main.out.println(view.json(r));
    } else {
      view.print(r, main.out);
      // A claimed request whose run never recorded a result: say so rather than "executed".
      if (r.status() == RequestStatus.EXECUTED && r.claimedBy().isPresent()) {
        AuditSink.jsonLines(h.audit()).unknownOutcomes().stream()
            .filter(u -> u.operationId().equals(r.claimedBy().get()))
            .findFirst()
            .ifPresent(u -> main.out.println("outcome     unknown: it started executing at " + u.executing().time()
                + " and recorded no result; check the infrastructure"));
      }
      if (r.statusAt(workflow.now()) == RequestStatus.PENDING) {
        main.out.println("approve     " + view.approveCommand(r));
      }
      if (r.statusAt(workflow.now()).isOpen()) {
        main.out.println("apply       " + view.applyCommand(r));
      }
    }
    return RequestWorkflow.OK;
  }
}
