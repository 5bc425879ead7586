package dev.safeops.aws.command;

import dev.safeops.aws.OperationCatalog;
import dev.safeops.aws.OperationCatalog.ClassifiedOperation;
import dev.safeops.core.Effect;
import dev.safeops.core.command.Classification;
import dev.safeops.core.command.CodeWords;
import dev.safeops.core.command.CommandClassifier;
import dev.safeops.core.command.CommandContext;
import dev.safeops.core.command.SimpleCommand;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Classifies AWS CLI calls, {@code aws [global options] SERVICE OPERATION [args]}: the service
 * and operation are mapped to the SDK's names ({@code aws rds delete-db-instance} is RDS
 * {@code DeleteDBInstance}) and judged by the same {@link OperationCatalog} that guards SDK
 * calls, so the CLI and the SDK can never disagree.
 *
 * <p>The high-level {@code aws s3} commands: {@code ls} and {@code presign} read;
 * {@code cp}, {@code sync}, {@code mb} and {@code website} mutate; {@code rm}, {@code rb},
 * {@code mv} and {@code sync --delete} are destructive. Their {@code --dryrun} only prints
 * what would happen, so it makes them read-only.
 *
 * <p>Writes to Terraform's remote state are destructive whatever the catalog says of the
 * operation: an S3 write whose destination key is {@code *.tfstate}, {@code *.tfstate.backup}
 * or under the S3 backend's workspace prefix {@code env:/}, and a DynamoDB delete-item,
 * put-item or update-item on a {@code LockID} item (a force-unlock, or a forged lock or state
 * digest).
 *
 * <p>{@code --dry-run} on an EC2 operation makes it read-only: EC2 answers a DryRun request
 * with a permission check ({@code DryRunOperation} or {@code UnauthorizedOperation}) and by
 * contract never performs the action. Only for EC2, where the API defines it, and only when
 * neither {@code --no-dry-run} nor {@code --cli-input-json/yaml} (which could carry other
 * parameters) is present. Elsewhere the flag changes nothing here.
 *
 * <p>{@code help}, {@code --version}, {@code configure list|get} read; other {@code configure}
 * and {@code sso}/{@code login} calls change local credentials and mutate. An operation the
 * catalog does not know is mutating (the catalog's own rule). Loads no AWS SDK class.
 * Thread-safe.
 */
public final class AwsCliClassifier implements CommandClassifier {

  private final OperationCatalog catalog;

  /** A classifier judging with {@link OperationCatalog#defaults()}. */
  public AwsCliClassifier() {
    this(OperationCatalog.defaults());
  }

  public AwsCliClassifier(OperationCatalog catalog) {
    this.catalog = Objects.requireNonNull(catalog, "catalog");
  }

  @Override
  public List<String> domainWords() {
    return List.of("aws ");
  }

  @Override
  public List<String> commandNames() {
    return List.of("aws");
  }

  /**
   * Destructive when text safeops cannot read shows an AWS CLI call this class calls
   * destructive ({@code subprocess.run(["aws", "s3", "rb", ...])}), or, in code that uses an
   * AWS SDK (boto3, the JavaScript, Java or Go SDK), a call whose operation the catalog calls
   * destructive ({@code .delete_db_instance(}, {@code DeleteBucketCommand}).
   */
  @Override
  public Optional<Classification> classifyOpaque(String text) {
    String lower = text.toLowerCase(Locale.ROOT);
    boolean cli = lower.contains("aw"); // "aw" also catches patterns such as aw[s]
    boolean sdk = lower.contains("boto") || lower.contains("aws-sdk") || lower.contains("awssdk")
        || lower.contains("aws-sdk-go") || lower.contains("@aws-sdk");
    if (!cli && !sdk) {
      return Optional.empty();
    }
    List<String> words = CodeWords.of(text);
    for (int k = 0; k < words.size(); k++) {
      String w = words.get(k);
      if (CodeWords.couldRun(w, "aws")) {
        List<String> call = new ArrayList<>(words.subList(k, Math.min(words.size(), k + 16)));
        call.set(0, "aws");
        Optional<Classification> c = classify(SimpleCommand.builder().words(call).build(), CommandContext.none());
        if (c.isPresent() && c.get().effect() == Effect.DESTRUCTIVE) {
          return Optional.of(Classification.destructive("`" + String.join(" ", call) + "` is visible: "
              + c.get().reason()));
        }
      } else if (sdk) {
        String operation = sdkOperation(w);
        if (operation != null) {
          ClassifiedOperation c = catalog.classify("any", operation);
          if (c != null && c.effect() == Effect.DESTRUCTIVE) {
            return Optional.of(Classification.destructive("the AWS SDK call " + w + " is visible (" + operation
                + ": " + c.reason() + ")"));
          }
        }
      }
    }
    return Optional.empty();
  }

  /**
   * The operation an SDK method or command name stands for: {@code client.delete_db_instance}
   * and {@code deleteDBInstance} are {@code DeleteDbInstance}, {@code DeleteBucketCommand} is
   * {@code DeleteBucket}; null for a word that is not one.
   */
  static String sdkOperation(String word) {
    String w = word.substring(word.lastIndexOf('.') + 1);
    if (w.endsWith("Command") && w.length() > "Command".length()) {
      w = w.substring(0, w.length() - "Command".length());
    }
    if (w.indexOf('_') > 0) {
      StringBuilder b = new StringBuilder();
      for (String part : w.split("_")) {
        if (part.isEmpty() || !Character.isLetter(part.charAt(0))) {
          return null;
        }
        b.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1).toLowerCase(Locale.ROOT));
      }
      return b.length() > 0 ? b.toString() : null;
    }
    boolean camel = w.length() > 3 && Character.isLetter(w.charAt(0)) && w.chars().anyMatch(Character::isUpperCase)
        && w.chars().allMatch(Character::isLetterOrDigit);
    return camel ? Character.toUpperCase(w.charAt(0)) + w.substring(1) : null;
  }

  @Override
  public Optional<Classification> classify(SimpleCommand command, CommandContext context) {
    List<String> args = awsArguments(command);
    if (args == null) {
      return Optional.empty();
    }
    List<String> positional = new ArrayList<>();
    for (int k = 0; k < args.size(); k++) {
      String a = args.get(k);
      if (a.equals("--version")) {
        return Optional.of(Classification.readOnly("aws --version only prints"));
      }
      if (a.startsWith("--")) {
        if (CliNames.GLOBAL_WITH_VALUE.contains(a) && positional.size() < 2) {
          k++;
        }
        if (positional.size() >= 2) {
          break;
        }
        continue;
      }
      positional.add(a);
      if (positional.size() == 2) {
        break;
      }
    }
    if (positional.isEmpty()) {
      return Optional.of(Classification.readOnly("aws without a command only prints its help"));
    }
    if (args.stream().anyMatch(a -> a.equals("--generate-cli-skeleton") || a.startsWith("--generate-cli-skeleton="))) {
      // The CLI prints a JSON template and sends no request, whatever the operation.
      return Optional.of(Classification.readOnly("aws ... --generate-cli-skeleton only prints a template and sends no "
          + "request"));
    }
    String service = positional.get(0);
    if (service.equals("help") || positional.size() >= 2 && positional.get(1).equals("help") || args.contains("help")
        && args.indexOf("help") == args.size() - 1) {
      return Optional.of(Classification.readOnly("aws help only prints"));
    }
    if (positional.size() < 2) {
      return Optional.of(Classification.mutating("aws " + service + " without an operation: safeops cannot tell what "
          + "it does, so it assumes it mutates"));
    }
    String op = positional.get(1);
    if (service.contains("$") || op.contains("$")) {
      return Optional.of(Classification.mutating("aws " + service + " " + op + " is computed at run time, so safeops "
          + "assumes it mutates"));
    }
    Optional<Classification> state = terraformStateWrite(service, op, args);
    if (state.isPresent()) {
      return state;
    }
    if (positional.size() >= 2 && op.equals("wait")) {
      return Optional.of(Classification.readOnly("aws " + service + " wait only polls with describe calls until a "
          + "state is reached"));
    }
    switch (service) {
      case "s3":
        return Optional.of(s3(op, args));
      case "logs":
        if (op.equals("tail") || op.equals("start-live-tail")) {
          return Optional.of(Classification.readOnly("aws logs " + op + " only reads log events"));
        }
        break;
      case "s3api":
        if (op.equals("get-object") || op.equals("get-object-torrent")) {
          return Optional.of(getObject(op, args));
        }
        break;
      case "configure":
        if (op.equals("list") || op.equals("get") || op.equals("list-profiles") || op.equals("export-credentials")) {
          return Optional.of(Classification.readOnly("aws configure " + op + " only reads local configuration"));
        }
        return Optional.of(Classification.mutating("aws configure " + op + " changes local AWS configuration"));
      case "sso":
        if (op.equals("login") || op.equals("logout")) {
          return Optional.of(Classification.mutating("aws sso " + op + " changes local credentials"));
        }
        break;
      case "login":
      case "logout":
        return Optional.of(Classification.mutating("aws " + service + " changes local credentials"));
      case "deploy":
        if (op.equals("push") || op.equals("register") || op.equals("install") || op.equals("uninstall")) {
          return Optional.of(Classification.mutating("aws deploy " + op + " changes deployments"));
        }
        break;
      case "cloudformation":
        if (op.equals("deploy") || op.equals("package")) {
          return Optional.of(Classification.mutating("aws cloudformation " + op + " changes a stack or uploads "
              + "artifacts; create a change set and submit it for approval"));
        }
        break;
      case "ecr":
        if (op.equals("get-login-password")) {
          return Optional.of(Classification.readOnly("aws ecr get-login-password only prints a token"));
        }
        break;
      default:
        break;
    }
    String sdkService = CliNames.service(service);
    String sdkOperation = CliNames.operation(op);
    String call = "aws " + service + " " + op + " (" + sdkService + " " + sdkOperation + ")";
    OperationCatalog.ClassifiedOperation c;
    try {
      c = catalog.classify(sdkService, sdkOperation);
    } catch (RuntimeException e) {
      return Optional.of(Classification.mutating(call + ": the operation catalog failed, so safeops assumes it mutates"));
    }
    if (c == null || c.effect() == null) {
      return Optional.of(Classification.mutating(call + ": the operation catalog has no answer, so it mutates"));
    }
    Effect oc = c.effect();
    if (oc.mutates() && sdkService.equals("EC2") && ec2DryRun(args)) {
      return Optional.of(Classification.readOnly(call + " --dry-run: EC2 only checks permissions and performs nothing"));
    }
    if (oc == Effect.DESTRUCTIVE && provablyHarmlessSettingsChange(sdkOperation, args)) {
      return Optional.of(Classification.mutating(call + " changes settings without switching deletion protection off, "
          + "setting backup retention to 0 or suspending versioning; run it through the guarded executor so it is "
          + "dry-run and approved"));
    }
    String why = c.reason() == null || c.reason().isBlank() ? "" : " (" + c.reason() + ")";
    return Optional.of(switch (oc) {
      case READ_ONLY -> Classification.readOnly(call + " only reads" + why);
      case MUTATING -> Classification.mutating(call + " changes infrastructure" + why + "; run it through the "
          + "guarded executor so it is dry-run and approved");
      case DESTRUCTIVE -> Classification.destructive(call + " is destructive" + why + "; submit it through the "
          + "guarded executor, which dry-runs it, shows what it deletes and asks two people to approve");
    });
  }

  /** Images whose entry point is the AWS CLI. */
  private static final Set<String> DOCKER_RUN_VALUE_OPTIONS = Set.of("-v", "--volume", "-w", "--workdir", "-e",
      "--env", "--env-file", "-u", "--user", "--name", "--network", "--net", "-p", "--publish", "--mount",
      "--platform", "--entrypoint", "-h", "--hostname", "--label", "-l", "--pull");

  /**
   * The AWS CLI's arguments when {@code command} runs it: {@code aws ...} (any case: {@code
   * AWS} runs it on case-insensitive file systems), {@code docker run ... amazon/aws-cli ...}
   * (the image's entry point is the CLI); null for anything else.
   */
  private static List<String> awsArguments(SimpleCommand command) {
    String name = command.name();
    if (name.equals("aws")) {
      return command.arguments();
    }
    if (!name.equals("docker") && !name.equals("podman") && !name.equals("nerdctl")) {
      return null;
    }
    List<String> args = command.arguments();
    if (args.isEmpty() || !args.get(0).equals("run")) {
      return null;
    }
    for (int k = 1; k < args.size(); k++) {
      String a = args.get(k);
      if (a.startsWith("-")) {
        if (DOCKER_RUN_VALUE_OPTIONS.contains(a)) {
          k++;
        }
        continue;
      }
      String image = a.toLowerCase(Locale.ROOT);
      if (!image.contains("aws-cli") && !image.contains("awscli")) {
        return null;
      }
      List<String> rest = args.subList(k + 1, args.size());
      return !rest.isEmpty() && rest.get(0).equalsIgnoreCase("aws") ? rest.subList(1, rest.size()) : rest;
    }
    return null;
  }

  /** {@code s3api get-object ... OUTFILE}: a read that writes the object to a local file, unless that is stdout. */
  private static Classification getObject(String op, List<String> args) {
    String outfile = null;
    boolean afterOp = false;
    for (int k = 0; k < args.size(); k++) {
      String a = args.get(k);
      if (!afterOp) {
        afterOp = a.equals(op);
        continue;
      }
      if (a.startsWith("--")) {
        if (a.indexOf('=') < 0 && k + 1 < args.size() && !NO_VALUE.contains(a)) {
          k++;
        }
      } else {
        outfile = a;
      }
    }
    if (outfile == null || outfile.equals("-") || outfile.equals("/dev/stdout")) {
      return Classification.readOnly("aws s3api " + op + " to standard output only reads");
    }
    return Classification.mutating("aws s3api " + op + " writes the object to the local file " + outfile);
  }

  private static final Set<String> NO_VALUE = Set.of("--no-paginate", "--debug", "--no-verify-ssl",
      "--no-sign-request", "--no-cli-pager", "--no-cli-auto-prompt", "--cli-auto-prompt");

  /**
   * The catalog calls a few settings operations destructive because they CAN remove protection.
   * The command line shows whether this call does: only when every argument is visible (no
   * --cli-input-json/yaml) and none of them removes protection is it merely mutating.
   */
  static boolean provablyHarmlessSettingsChange(String sdkOperation, List<String> args) {
    if (args.stream().anyMatch(a -> a.startsWith("--cli-input-json") || a.startsWith("--cli-input-yaml"))) {
      return false;
    }
    switch (sdkOperation) {
      case "ModifyDBInstance":
      case "ModifyDBCluster":
        for (int i = 0; i < args.size(); i++) {
          String a = args.get(i);
          if (a.equals("--no-deletion-protection")) {
            return false;
          }
          if (a.startsWith("--backup-retention-period")) {
            String value = a.contains("=") ? a.substring(a.indexOf('=') + 1) : (i + 1 < args.size() ? args.get(i + 1) : "");
            if (!value.matches("[1-9][0-9]*")) {
              return false;
            }
          }
        }
        return true;
      case "PutBucketVersioning":
        return args.stream().noneMatch(a -> a.toLowerCase(java.util.Locale.ROOT).contains("suspended"))
            && args.stream().anyMatch(a -> a.contains("Status=Enabled") || a.contains("\"Status\":\"Enabled\"")
                || a.contains("\"Status\": \"Enabled\""));
      default:
        return false;
    }
  }

  private static final Set<String> S3_WRITES = Set.of("cp", "mv", "sync");
  private static final Set<String> S3API_WRITES = Set.of("put-object", "copy-object", "complete-multipart-upload");
  private static final Set<String> LOCK_WRITES = Set.of("delete-item", "put-item", "update-item");

  /**
   * Writes to Terraform's remote state and its lock, which the catalog alone would call a mere
   * upload or a put. Destructive: an S3 write (s3 cp|mv|sync, s3api put-object|copy-object|
   * complete-multipart-upload) whose destination key is state ({@code *.tfstate},
   * {@code *.tfstate.backup}, or under the S3 backend's workspace prefix {@code env:/}), an s3
   * cp of a state file into a prefix, a recursive copy or sync into a bucket or prefix named
   * for tfstate; and a DynamoDB delete-item, put-item or update-item on a {@code LockID} item:
   * deleting it is a force-unlock, writing it forges a lock or the state digest Terraform uses
   * to notice a stale state. {@code --dryrun} still makes an s3 command read-only.
   */
  private static Optional<Classification> terraformStateWrite(String service, String op, List<String> args) {
    String restore = "; the state is only ever written by an approved apply: run `terraform plan -out=tfplan` and "
        + "submit the plan for approval, or restore an earlier state version through the state guard";
    if (service.equals("s3") && S3_WRITES.contains(op) && !args.contains("--dryrun")) {
      List<String> ops = s3Operands(args, op);
      if (ops.size() < 2) {
        return Optional.empty();
      }
      String dest = ops.get(ops.size() - 1);
      if (!dest.startsWith("s3://")) {
        return Optional.empty();
      }
      String key = s3Key(dest);
      boolean recursive = op.equals("sync") || args.contains("--recursive");
      String source = ops.get(0);
      boolean intoPrefix = (key.isEmpty() || key.endsWith("/")) && !recursive;
      if (isStateKey(key) || intoPrefix && isStateKey(baseName(source))
          || recursive && dest.toLowerCase(Locale.ROOT).contains("tfstate")) {
        return Optional.of(Classification.destructive("aws s3 " + op + " writes over Terraform remote state ("
            + dest + ")" + restore));
      }
      return Optional.empty();
    }
    if (service.equals("s3api") && S3API_WRITES.contains(op)) {
      // A key hidden in --cli-input-json stays what the catalog says (mutating, so a person is asked).
      Optional<String> key = value(args, "--key");
      if (key.isPresent() && isStateKey(key.get())) {
        return Optional.of(Classification.destructive("aws s3api " + op + " writes over Terraform remote state ("
            + key.get() + ")" + restore));
      }
      return Optional.empty();
    }
    if (service.equals("dynamodb") && LOCK_WRITES.contains(op)) {
      String key = value(args, op.equals("put-item") ? "--item" : "--key").orElse("");
      if (key.contains("LockID")) {
        return Optional.of(Classification.destructive("aws dynamodb " + op + " on a Terraform state lock ("
            + value(args, "--table-name").orElse("its table") + ") "
            + (op.equals("delete-item") ? "removes another run's lock, so two runs can write the state at once"
                : "forges a lock or the digest Terraform uses to notice a stale state")
            + "; find and stop the run that holds the lock, or use `terraform force-unlock` through approval"));
      }
    }
    return Optional.empty();
  }

  /** The positional arguments of an s3 command after its operation, without option values. */
  private static List<String> s3Operands(List<String> args, String op) {
    int at = args.indexOf(op);
    List<String> ops = new ArrayList<>();
    for (int k = at + 1; k < args.size(); k++) {
      String a = args.get(k);
      if (a.startsWith("--")) {
        if (!a.contains("=") && k + 1 < args.size() && S3_OPTIONS_WITH_VALUE.contains(a)) {
          k++;
        }
      } else {
        ops.add(a);
      }
    }
    return ops;
  }

  private static final Set<String> S3_OPTIONS_WITH_VALUE = Set.of("--include", "--exclude", "--acl", "--sse",
      "--sse-kms-key-id", "--storage-class", "--content-type", "--cache-control", "--metadata", "--grants",
      "--profile", "--region", "--endpoint-url", "--output", "--expires", "--source-region", "--sse-c",
      "--sse-c-key", "--website-redirect", "--content-encoding", "--content-language", "--content-disposition",
      "--metadata-directive", "--expected-size", "--page-size", "--checksum-algorithm", "--query", "--color",
      "--cli-read-timeout", "--cli-connect-timeout", "--ca-bundle");

  private static String s3Key(String url) {
    String rest = url.substring("s3://".length());
    int slash = rest.indexOf('/');
    return slash < 0 ? "" : rest.substring(slash + 1);
  }

  private static String baseName(String path) {
    String p = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    return p.substring(p.lastIndexOf('/') + 1);
  }

  /** True for a key of Terraform's S3 backend: {@code *.tfstate}, {@code *.tfstate.backup}, under {@code env:/}. */
  static boolean isStateKey(String key) {
    String k = key.toLowerCase(Locale.ROOT);
    return k.endsWith(".tfstate") || k.endsWith(".tfstate.backup") || k.startsWith("env:/") || k.contains("/env:/");
  }

  /** The value of {@code --name VALUE} or {@code --name=VALUE}. */
  private static Optional<String> value(List<String> args, String name) {
    for (int k = 0; k < args.size(); k++) {
      String a = args.get(k);
      if (a.equals(name) && k + 1 < args.size()) {
        return Optional.of(args.get(k + 1));
      }
      if (a.startsWith(name + "=")) {
        return Optional.of(a.substring(name.length() + 1));
      }
    }
    return Optional.empty();
  }

  private static boolean ec2DryRun(List<String> args) {
    return args.contains("--dry-run") && !args.contains("--no-dry-run")
        && args.stream().noneMatch(a -> a.startsWith("--cli-input-json") || a.startsWith("--cli-input-yaml"));
  }

  private static Classification s3(String op, List<String> args) {
    boolean dryRun = args.contains("--dryrun");
    String call = "aws s3 " + op;
    switch (op) {
      case "ls":
      case "presign":
        return Classification.readOnly(call + " only reads");
      case "rm":
      case "rb":
      case "mv":
        if (dryRun && !op.equals("rb")) {
          return Classification.readOnly(call + " --dryrun only prints what it would do");
        }
        return Classification.destructive(call + (op.equals("mv") ? " deletes the source objects"
            : op.equals("rb") ? " deletes the bucket" + (args.contains("--force") ? " and every object in it" : "")
            : " deletes objects" + (args.contains("--recursive") ? " recursively" : ""))
            + "; run `" + call + " --dryrun` to see what it would delete, and submit the deletion for approval");
      case "sync":
        if (dryRun) {
          return Classification.readOnly(call + " --dryrun only prints what it would do");
        }
        if (args.stream().anyMatch(a -> a.equals("--delete"))) {
          return Classification.destructive(call + " --delete deletes files missing from the source; run `" + call
              + " --dryrun --delete` first and submit the deletion for approval");
        }
        return Classification.mutating(call + " copies and may overwrite objects");
      case "cp":
        if (dryRun) {
          return Classification.readOnly(call + " --dryrun only prints what it would do");
        }
        List<String> ops = s3Operands(args, "cp");
        if (ops.size() == 2 && ops.get(0).startsWith("s3://") && ops.get(1).equals("-")) {
          return Classification.readOnly(call + " " + ops.get(0) + " - only prints the object");
        }
        return Classification.mutating(call + " copies and may overwrite objects or files");
      case "mb":
      case "website":
        return Classification.mutating(call + " changes a bucket");
      default:
        return Classification.mutating(call + ": safeops does not know this s3 command, so it assumes it mutates");
    }
  }
}
