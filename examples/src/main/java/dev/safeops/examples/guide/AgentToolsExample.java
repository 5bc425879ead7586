package dev.safeops.examples.guide;

import dev.safeops.aws.AwsGuardedActions;
import dev.safeops.aws.SafeOpsInterceptor;
import dev.safeops.aws.command.AwsCliClassifier;
import dev.safeops.aws.command.AwsCliDryRuns;
import dev.safeops.aws.command.AwsCliGuardedActions;
import dev.safeops.aws.testing.FakeAws;
import dev.safeops.aws.testing.FakeAwsClients;
import dev.safeops.core.AuditLog;
import dev.safeops.core.Environment;
import dev.safeops.core.GuardedExecutor;
import dev.safeops.core.Principal;
import dev.safeops.core.Tier;
import dev.safeops.core.command.AgentTool;
import dev.safeops.core.command.CommandJudge;
import dev.safeops.core.command.ToolGuard;
import dev.safeops.terraform.command.TerraformCommandClassifier;
import java.io.PrintStream;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * Wrapping an agent's tools. The agent keeps calling its {@code bash} tool; the wrapped tool
 * lets reads run, refuses what cannot be dry-run (with text the model can act on), and turns
 * a change it can dry-run into a guarded operation with the agent as requester, so two
 * humans must approve it in the channel before exactly that change runs, through the SDK
 * (not the raw command line).
 *
 * <p>{@code java -cp safeops-examples.jar dev.safeops.examples.guide.AgentToolsExample}
 */
public final class AgentToolsExample {
  private AgentToolsExample() {}

  public static void main(String[] args) throws Exception {
    run(System.out);
  }

  static boolean run(PrintStream out) throws Exception {
    Clock clock = Clock.systemUTC();
    try (FakeAws aws = FakeAws.create().start()) {
      aws.seed().dbInstance("courses-prod")
          .vpc("vpc-0example00000001", "10.1.0.0/16")
          .securityGroup("sg-0legacy000000001", "legacy-batch", "vpc-0example00000001");
      Environment production = Environment.aws("production", Tier.PRODUCTION, aws.accountId(), aws.region());
      SafeOpsInterceptor guard = new SafeOpsInterceptor();
      try (RdsClient rds = FakeAwsClients.pointAt(RdsClient.builder(), aws)
              .overrideConfiguration(o -> o.addExecutionInterceptor(guard)).build();
          Ec2Client ec2 = FakeAwsClients.pointAt(Ec2Client.builder(), aws)
              .overrideConfiguration(o -> o.addExecutionInterceptor(guard)).build();
          StsClient sts = FakeAwsClients.pointAt(StsClient.builder(), aws)
              .overrideConfiguration(o -> o.addExecutionInterceptor(guard)).build()) {

        ChatApprovals channel = new ChatApprovals(clock)
            .join(m -> out.println("#infra-approvals: " + m.text()));
        channel.join(m -> channel.approve(m.id(), Principal.human("alice")))
            .join(m -> channel.approve(m.id(), Principal.human("bob")));
        GuardedExecutor executor = GuardedExecutor.builder()
            .approvalCallback(channel).auditSink(AuditLog.inMemory()).build();

        // The agent's own tool, unchanged: in real life it runs the line in a shell.
        AgentTool bash = arguments -> "(ran: " + arguments.get("command") + ")";

        AgentTool guarded = ToolGuard.builder()
            .executor(executor)
            .judge(CommandJudge.of(new TerraformCommandClassifier(), new AwsCliClassifier()))
            .agent(Principal.agent("coding-agent"))
            .environment(production)
            .addActionFactory(new AwsCliGuardedActions(
                AwsCliDryRuns.sdk(AwsGuardedActions.builder(production, sts).rds(rds).ec2(ec2).build())))
            .build()
            .wrap("bash", bash);

        for (String line : List.of(
            "aws rds describe-db-instances --db-instance-identifier courses-prod",
            "terraform destroy -auto-approve",
            "aws ec2 delete-security-group --group-id sg-0legacy000000001")) {
          out.println("agent> " + line);
          out.println(guarded.call(Map.of("command", line)));
        }
        return !aws.state().securityGroupExists("sg-0legacy000000001") && aws.state().dbInstanceExists("courses-prod");
      }
    }
  }
}
