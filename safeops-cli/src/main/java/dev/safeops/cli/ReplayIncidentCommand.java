package dev.safeops.cli;

import dev.safeops.core.Policy;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code replay-incident}: the options of the replay; {@link ReplayIncident} plays it. */
@Command(name = "replay-incident", mixinStandardHelpOptions = true,
    description = {"Replay the night of the incident (fake AWS, fake terraform, an agent as requester).",
        "Exit 0 when every step is stopped and nothing is lost."})
final class ReplayIncidentCommand implements Callable<Integer> {
  @ParentCommand Main main;

  @Override
  public Integer call() throws Exception {
    return ReplayIncident.replay(main.out, Policy.defaults());
  }
}
