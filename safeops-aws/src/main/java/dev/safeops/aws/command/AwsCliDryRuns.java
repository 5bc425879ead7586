package dev.safeops.aws.command;

import dev.safeops.aws.AwsGuardedActions;
import dev.safeops.aws.command.internal.SdkCliDryRun;
import dev.safeops.core.command.SimpleCommand;
import java.util.List;
import java.util.Optional;

/**
 * {@link AwsCliDryRun}s shipped with safeops.
 *
 * <pre>{@code
 * AwsGuardedActions aws = AwsGuardedActions.builder(environment, sts).rds(rds).ec2(ec2).build();
 * ToolGuard guard = ToolGuard.builder()...environment(environment)
 *     .addActionFactory(new AwsCliGuardedActions(AwsCliDryRuns.sdk(aws))).build();
 * }</pre>
 */
public final class AwsCliDryRuns {
  private AwsCliDryRuns() {}

  /**
   * The SDK dry runs of {@link AwsGuardedActions} for the AWS CLI forms of its destructive
   * calls ({@link #supported()}). Each call's options are read strictly into the exact SDK
   * request: an option it does not know, {@code --cli-input-json}, {@code --profile}, {@code
   * --endpoint-url} or a {@code --region} other than the environment's fails the dry run, and
   * a call it does not map has no dry run, so the ToolGuard refuses both without running
   * anything. The execution sends, through the actions' clients, the request whose
   * fingerprint the approved plan pins, inside the executor's approved execution, once.
   * Register {@link dev.safeops.aws.SafeOpsInterceptor} on those clients as well. The plans are
   * judged by the ToolGuard's executor: {@link dev.safeops.aws.LiveEvidence} in its evaluator
   * adds live evidence to every AWS CLI delete. Thread-safe.
   */
  public static AwsCliDryRun sdk(AwsGuardedActions actions) {
    return new SdkCliDryRun(actions);
  }

  /**
   * The calls {@link #sdk} can dry-run, as SDK {@code Service:Operation} names, e.g. {@code
   * RDS:DeleteDBInstance}. A constant: asking loads no AWS SDK class, so an agent hook can
   * ask it on every command.
   */
  public static List<String> supported() {
    return SUPPORTED;
  }

  /**
   * True when {@code command} is an AWS CLI call ({@code aws [global options] SERVICE
   * OPERATION ...}) that {@link #sdk} can dry-run, so it can be proposed for approval instead
   * of refused. Whether its options can all be read is decided by the dry run itself. Loads
   * no AWS SDK class.
   */
  public static boolean supports(SimpleCommand command) {
    if (!command.name().equals("aws")) {
      return false;
    }
    Optional<CliNames.Call> call = CliNames.call(command.arguments());
    return call.isPresent() && SUPPORTED.contains(call.get().sdkService() + ":" + call.get().sdkOperation());
  }

  private static final List<String> SUPPORTED = List.of("Backup:DeleteBackupVault", "Backup:DeleteRecoveryPoint",
      "DynamoDB:DeleteTable", "DynamoDB:UpdateContinuousBackups", "DynamoDB:UpdateTable", "EC2:DeleteSecurityGroup",
      "EC2:DeleteSnapshot", "EC2:DeleteSubnet", "EC2:DeleteVolume", "EC2:DeleteVpc", "EC2:TerminateInstances",
      "ECS:DeleteCluster", "ECS:DeleteService", "ElasticLoadBalancingV2:DeleteLoadBalancer", "RDS:DeleteDBCluster",
      "RDS:DeleteDBClusterSnapshot", "RDS:DeleteDBInstance", "RDS:DeleteDBSnapshot", "RDS:ModifyDBInstance",
      "S3:DeleteBucket", "S3:DeleteObjects", "S3:PutBucketVersioning");
}
