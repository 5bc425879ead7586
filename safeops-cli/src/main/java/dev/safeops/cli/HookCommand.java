package dev.safeops.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code hook claude-code}: the options of the agent hook; {@link Hook} answers. */
@Command(name = "hook", mixinStandardHelpOptions = true,
    description = {"Answer one Claude Code PreToolUse event read from stdin: allow, ask, deny, or nothing when the "
        + "call is outside infrastructure. Input it cannot read is denied."})
final class HookCommand implements Callable<Integer> {
  @ParentCommand Main main;

  @Parameters(index = "0", paramLabel = "AGENT", description = "the agent whose hook protocol to speak: claude-code")
  String agent;

  @Override
  public Integer call() throws Main.UsageException {
    return Hook.run(new String[] {agent}, main.in, main.out, main.err);
  }
}
