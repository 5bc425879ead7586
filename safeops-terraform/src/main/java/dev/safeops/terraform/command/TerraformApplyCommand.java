package dev.safeops.terraform.command;

import dev.safeops.core.InvalidInputException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A {@code terraform apply} or {@code terraform destroy} (or {@code tofu}'s) read as what safeops
 * plans in its place: the directory ({@code -chdir}), whether it destroys, and the options every
 * {@code terraform plan} of it gets ({@code -target}, {@code -var}, {@code -var-file}, {@code
 * -replace}, {@code -refresh}...). {@code -auto-approve} and {@code -input} are dropped: the
 * approval is safeops'. Anything else is refused with one sentence, never guessed: a saved plan
 * file (its plan cannot be made again here), an option safeops does not pass to {@code plan},
 * another subcommand. Immutable and thread-safe.
 */
public final class TerraformApplyCommand {
  private static final Set<String> PASSED_TO_PLAN = Set.of("-target", "-var", "-var-file", "-replace", "-refresh",
      "-parallelism", "-lock", "-lock-timeout", "-compact-warnings", "-no-color", "-refresh-only");
  private static final Set<String> TAKE_A_VALUE = Set.of("-var", "-var-file", "-target", "-replace");

  private final String binary;
  private final String directory;
  private final boolean destroy;
  private final List<String> planOptions;

  private TerraformApplyCommand(String binary, String directory, boolean destroy, List<String> planOptions) {
    this.binary = binary;
    this.directory = directory;
    this.destroy = destroy;
    this.planOptions = List.copyOf(planOptions);
  }

  /**
   * Reads {@code binary arguments...}, for example {@code terraform [-chdir=infra] destroy
   * -target=aws_db_instance.main}.
   *
   * @throws InvalidInputException with one sentence when it is not an apply or destroy safeops can plan
   */
  public static TerraformApplyCommand read(String binary, List<String> arguments) {
    Objects.requireNonNull(binary, "binary");
    Objects.requireNonNull(arguments, "arguments");
    if (!binary.equals("terraform") && !binary.equals("tofu")) {
      throw new InvalidInputException("'" + binary + "' is not terraform or tofu.");
    }
    String chdir = null;
    String sub = null;
    boolean destroy = false;
    List<String> options = new ArrayList<>();
    for (int k = 0; k < arguments.size(); k++) {
      String a = arguments.get(k);
      if (sub == null && a.startsWith("-")) {
        if (a.startsWith("-chdir=") && a.length() > "-chdir=".length()) {
          chdir = a.substring("-chdir=".length());
        } else if (a.equals("-chdir") && k + 1 < arguments.size()) {
          chdir = arguments.get(++k);
        } else {
          throw new InvalidInputException("the global option '" + a + "' of " + binary + " is not one safeops passes on; only -chdir=DIR is.");
        }
      } else if (sub == null) {
        sub = a;
        if (!sub.equals("apply") && !sub.equals("destroy")) {
          throw new InvalidInputException("'" + binary + " " + sub + "' is not an apply or a destroy; only those are planned, approved and applied.");
        }
      } else if (a.startsWith("-")) {
        String name = a.contains("=") ? a.substring(0, a.indexOf('=')) : a;
        if (name.equals("-auto-approve") || name.equals("-input")) {
          continue;
        }
        if (name.equals("-destroy")) {
          destroy = true;
        } else if (PASSED_TO_PLAN.contains(name) && a.contains("=")) {
          options.add(a);
        } else if ((name.equals("-compact-warnings") || name.equals("-no-color") || name.equals("-refresh-only")) && !a.contains("=")) {
          options.add(a);
        } else if (TAKE_A_VALUE.contains(name) && k + 1 < arguments.size()) {
          options.add(a + "=" + arguments.get(++k));
        } else {
          throw new InvalidInputException("the option '" + a + "' of " + binary + " " + sub + " is not one safeops passes to plan; use -target=, "
              + "-var=, -var-file=, -replace=, -refresh=, -refresh-only, -parallelism=, -lock-timeout= or -compact-warnings.");
        }
      } else {
        throw new InvalidInputException("'" + binary + " " + sub + " " + a + "' applies a saved plan file, whose plan cannot be made again "
            + "here; give the command that makes it (" + binary + " " + sub + " with its -target and -var options) instead.");
      }
    }
    if (sub == null) {
      throw new InvalidInputException("'" + binary + "' needs apply or destroy.");
    }
    if (options.contains("-lock=false")) {
      throw new InvalidInputException("-lock=false would plan and apply without Terraform's state lock; safeops always takes it.");
    }
    return new TerraformApplyCommand(binary, chdir, destroy || sub.equals("destroy"), options);
  }

  /** {@code terraform} or {@code tofu}. */
  public String binary() {
    return binary;
  }

  /** The {@code -chdir} directory as written, when there is one. */
  public Optional<String> directory() {
    return Optional.ofNullable(directory);
  }

  /** True for {@code destroy} and {@code apply -destroy}: it is planned with {@code plan -destroy}. */
  public boolean destroy() {
    return destroy;
  }

  /** The options every plan of it gets, without {@code -destroy}. */
  public List<String> planOptions() {
    return planOptions;
  }

  /** The arguments of its {@code terraform plan}: {@code -destroy} first for a destroy, then {@link #planOptions()}. */
  public List<String> planArguments() {
    List<String> all = new ArrayList<>();
    if (destroy) {
      all.add("-destroy");
    }
    all.addAll(planOptions);
    return List.copyOf(all);
  }

  @Override
  public String toString() {
    return binary + (directory == null ? "" : " -chdir=" + directory) + (destroy ? " destroy" : " apply")
        + (planOptions.isEmpty() ? "" : " " + String.join(" ", planOptions));
  }
}
