package dev.safeops.aws.command;

import dev.safeops.aws.AwsGuardedActions;
import dev.safeops.aws.command.internal.SdkCliDryRun;
import java.util.List;

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

  /** The calls {@link #sdk} can dry-run, as SDK {@code Service:Operation} names, e.g. {@code RDS:DeleteDBInstance}. */
  public static List<String> supported() {
    return SdkCliDryRun.supported();
  }
}
