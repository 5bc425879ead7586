package dev.safeops.cli;

import dev.safeops.core.AllowedSigners;
import dev.safeops.core.Principal;
import dev.safeops.core.Tier;
import java.nio.file.Files;
import java.time.Clock;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.UnaryOperator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code mcp --root DIR --requester agent:NAME [--environment NAME] [--tier TIER] [--home DIR]}:
 * an MCP server on stdio whose tools ({@link McpTools}) let an agent plan, propose, follow and
 * apply approved changes, and nothing else. It refuses to start (exit 2, one sentence on
 * stderr) for a requester that is not an agent, a root that is not a directory, or a home
 * without an {@code allowed_signers} listing at least one approver's key.
 *
 * <p>Stdout carries only the protocol: while it serves, {@code System.out} is pointed at stderr,
 * so nothing else in the process (a library, a stray print) can corrupt it. Exit 0 when the
 * client closes stdin.
 */
@Command(name = "mcp", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Serve an agent the guarded tools over MCP (stdio): terraform_plan, propose, request_status, apply_approved.",
        "No tool approves, denies or runs a raw command; people approve with safeops approve and their own keys.",
        "Start it with the write credentials in its own environment; the agent's shell keeps read-only ones."})
final class McpCommand implements Callable<Integer> {
  @ParentCommand Main main;
  @Mixin HomeOption home;

  @Option(names = "--root", required = true, paramLabel = "DIR",
      description = "every directory a tool names must resolve (symlinks followed) inside DIR; commands run there by default")
  String root;

  @Option(names = "--requester", required = true, paramLabel = "agent:NAME",
      description = "the agent this server speaks for: every request it records is that agent's, whatever a client sends")
  Principal requester;

  @Option(names = "--environment", paramLabel = "NAME", description = "the environment's name; default the tier's name")
  String environment;

  @Option(names = "--tier", paramLabel = "TIER", defaultValue = "production",
      description = "production, staging or development; default ${DEFAULT-VALUE}, the strictest")
  Tier tier;

  @Override
  public Integer call() throws Exception {
    if (requester.kind() != Principal.Kind.AGENT) {
      throw new Main.UsageException("--requester must be an agent (agent:NAME), not " + requester
          + ": the server speaks for an agent, and a person proposes with safeops propose and their own key");
    }
    RootDirectory confined = RootDirectory.of(root);
    SafeopsHome h = home.open();
    if (!Files.isRegularFile(h.allowedSigners())) {
      throw new Main.UsageException("there is no allowed_signers in " + h + ", so no one could approve what the agent proposes; "
          + "list the approvers' public keys there first");
    }
    if (AllowedSigners.read(h.allowedSigners()).size() == 0) {
      throw new Main.UsageException(h.allowedSigners() + " lists no key, so no one could approve what the agent proposes; "
          + "list the approvers' public keys there first");
    }
    String env = environment != null ? environment : tier.name().toLowerCase(Locale.ROOT);
    Clock clock = Clock.systemUTC();
    McpTools tools = new McpTools(h, confined, requester, env, tier,
        () -> new RequestWorkflow(h, clock, clock, AwsAccess.sdkDefaults(), confined.path(), UnaryOperator.identity()), main.err);
    if (main.out == System.out) {
      System.setOut(main.err);
    }
    McpStdio.serve(tools, main.in, main.out);
    return 0;
  }
}
