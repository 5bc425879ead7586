package dev.safeops.examples.guide;

import dev.safeops.aws.AwsGuardedActions;
import dev.safeops.aws.command.AwsCliDryRun;
import dev.safeops.core.GuardedAction;
import dev.safeops.core.InvalidInputException;
import dev.safeops.core.Plan;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import software.amazon.awssdk.services.ec2.model.DeleteSecurityGroupRequest;
import software.amazon.awssdk.services.ec2.model.TerminateInstancesRequest;
import software.amazon.awssdk.services.rds.model.DeleteDbInstanceRequest;
import software.amazon.awssdk.services.rds.model.ModifyDbInstanceRequest;

/**
 * Lets an agent's AWS CLI calls be guarded: each supported {@code aws SERVICE OPERATION ...}
 * becomes the matching {@link AwsGuardedActions} SDK action, whose dry run describes the live
 * resources and whose execution sends that one SDK request (never the raw CLI line). Supported:
 * {@code ec2 terminate-instances}, {@code ec2 delete-security-group}, {@code rds
 * delete-db-instance} and {@code rds modify-db-instance} with the options a model usually
 * writes; any other option fails the dry run, so nothing runs that was not understood.
 *
 * <p>Copy it and add the calls your agents make. Stateless and thread-safe: the execution
 * rebuilds the same request from the same words, and the SDK interceptor lets it through only
 * because the approved plan pins exactly that request.
 */
public final class AwsCliOverSdk implements AwsCliDryRun {
  private static final Set<String> SUPPORTED = Set.of(
      "EC2:TerminateInstances", "EC2:DeleteSecurityGroup", "RDS:DeleteDBInstance", "RDS:ModifyDBInstance");

  private final AwsGuardedActions aws;

  public AwsCliOverSdk(AwsGuardedActions aws) {
    this.aws = Objects.requireNonNull(aws, "aws");
  }

  @Override
  public boolean supports(String service, String operation) {
    return SUPPORTED.contains(service + ":" + operation);
  }

  @Override
  public Plan dryRun(String service, String operation, List<String> arguments) throws Exception {
    return action(service, operation, arguments).dryRun();
  }

  @Override
  public String execute(String service, String operation, List<String> arguments, Plan approved) throws Exception {
    action(service, operation, arguments).execute(approved);
    return service + ":" + operation + " done, as approved.";
  }

  private GuardedAction<?> action(String service, String operation, List<String> words) {
    Options o = new Options(service + ":" + operation, words);
    return switch (service + ":" + operation) {
      case "EC2:TerminateInstances" -> aws.terminateInstances(
          TerminateInstancesRequest.builder().instanceIds(o.values("--instance-ids")).build());
      case "EC2:DeleteSecurityGroup" -> aws.deleteSecurityGroup(
          DeleteSecurityGroupRequest.builder().groupId(o.value("--group-id")).build());
      case "RDS:DeleteDBInstance" -> aws.deleteDbInstance(DeleteDbInstanceRequest.builder()
          .dbInstanceIdentifier(o.value("--db-instance-identifier"))
          .skipFinalSnapshot(o.flag("--skip-final-snapshot", "--no-skip-final-snapshot"))
          .finalDBSnapshotIdentifier(o.optional("--final-db-snapshot-identifier"))
          .deleteAutomatedBackups(o.flag("--delete-automated-backups", "--no-delete-automated-backups"))
          .build());
      case "RDS:ModifyDBInstance" -> aws.modifyDbInstance(ModifyDbInstanceRequest.builder()
          .dbInstanceIdentifier(o.value("--db-instance-identifier"))
          .deletionProtection(o.flag("--deletion-protection", "--no-deletion-protection"))
          .applyImmediately(o.flag("--apply-immediately", "--no-apply-immediately"))
          .build());
      default -> throw new InvalidInputException("safeops has no dry run for aws " + service + " " + operation + ".");
    };
  }

  /** The CLI words after the operation. An option safeops does not know fails the dry run. */
  private static final class Options {
    private static final Set<String> KNOWN = Set.of("--instance-ids", "--group-id", "--db-instance-identifier",
        "--skip-final-snapshot", "--no-skip-final-snapshot", "--final-db-snapshot-identifier",
        "--delete-automated-backups", "--no-delete-automated-backups", "--deletion-protection",
        "--no-deletion-protection", "--apply-immediately", "--no-apply-immediately",
        "--region", "--profile", "--output", "--query", "--endpoint-url");

    private final String call;
    private final List<String> words;

    Options(String call, List<String> words) {
      this.call = call;
      this.words = List.copyOf(words);
      for (String w : words) {
        if (w.startsWith("--") && !KNOWN.contains(w)) {
          throw new InvalidInputException("safeops does not understand the option " + w + " of aws " + call
              + ", so it cannot dry-run the call.");
        }
      }
    }

    /** The words after {@code option}, up to the next option. */
    List<String> values(String option) {
      List<String> out = new ArrayList<>();
      for (int i = words.indexOf(option) + 1; i > 0 && i < words.size() && !words.get(i).startsWith("--"); i++) {
        out.add(words.get(i));
      }
      return out;
    }

    String optional(String option) {
      List<String> v = values(option);
      return v.isEmpty() ? null : v.get(0);
    }

    String value(String option) {
      String v = optional(option);
      if (v == null) {
        throw new InvalidInputException("aws " + call + " needs " + option + ".");
      }
      return v;
    }

    /** True or false as the last of the two flags given says; null when neither is. */
    Boolean flag(String on, String off) {
      Boolean out = null;
      for (String w : words) {
        if (w.equals(on) || w.equals(off)) {
          out = w.equals(on);
        }
      }
      return out;
    }
  }
}
