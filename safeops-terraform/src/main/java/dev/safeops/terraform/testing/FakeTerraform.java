package dev.safeops.terraform.testing;

import dev.safeops.terraform.TerraformCli;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A scripted {@code terraform} for tests: an executable bash script written into a directory,
 * answering {@code version}, {@code init}, {@code plan -out=FILE [-destroy]}, {@code show -json
 * FILE}, {@code apply FILE} and {@code state pull} from the plan JSON and state you give it,
 * and recording every invocation (arguments and working directory), which {@link
 * #invocations()} reads back.
 *
 * <ul>
 *   <li>{@code plan -out=FILE} copies the scripted plan JSON ({@link #plan}, or {@link
 *       #destroyPlan} with {@code -destroy}) into FILE, so the saved plan "is" its JSON;
 *   <li>{@code show -json FILE} prints FILE;
 *   <li>{@code state pull} prints the scripted state ({@link #state}; blank when none);
 *   <li>{@code apply FILE} replaces the state by {@link #stateAfterApply} when one is set;
 *   <li>any other command, a {@code destroy}, or an {@code apply} without a plan file, exits 64
 *       and says so on stderr; {@link #failOn} makes a command fail, {@link #hangOn} hang.
 * </ul>
 *
 * Needs bash (Linux, macOS). Scripted content can be changed between calls (swap the state in
 * the middle of a test). Not thread-safe; one per test.
 */
public final class FakeTerraform {
  private final Path dir;
  private final Path binary;

  private FakeTerraform(Path dir) {
    this.dir = dir;
    this.binary = dir.resolve("terraform");
  }

  /**
   * Writes the fake into {@code directory} (created if needed), with no plan and no state.
   *
   * @throws UncheckedIOException when it cannot be written
   */
  public static FakeTerraform create(Path directory) {
    FakeTerraform fake = new FakeTerraform(directory.toAbsolutePath());
    try {
      Files.createDirectories(fake.dir);
      Files.writeString(fake.binary, SCRIPT, StandardCharsets.UTF_8);
      Files.setPosixFilePermissions(fake.binary, PosixFilePermissions.fromString("rwxr-xr-x"));
      fake.write("state.json", "");
      fake.write("invocations.log", "");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the fake terraform into " + directory, e);
    }
    return fake;
  }

  /** The executable to pass to {@link TerraformCli.Builder#binary}. */
  public Path binary() {
    return binary;
  }

  /** A runner on this fake in {@code workingDirectory}. */
  public TerraformCli cli(Path workingDirectory) {
    return TerraformCli.builder().binary(binary.toString()).workingDirectory(workingDirectory).build();
  }

  /** What {@code show -json} prints for a plan made without {@code -destroy}. */
  public FakeTerraform plan(String planJson) {
    return write("plan.json", planJson);
  }

  /** What {@code show -json} prints for a plan made with {@code -destroy}. */
  public FakeTerraform destroyPlan(String planJson) {
    return write("destroy-plan.json", planJson);
  }

  /** What {@code state pull} prints now (a v4 state file); blank for no state. */
  public FakeTerraform state(String stateJson) {
    return write("state.json", stateJson);
  }

  /** What the state becomes after a successful {@code apply}. */
  public FakeTerraform stateAfterApply(String stateJson) {
    return write("state-after-apply.json", stateJson);
  }

  /** Makes {@code command} ({@code plan}, {@code show}, {@code apply}, {@code state}...) exit 1 with {@code stderr}. */
  public FakeTerraform failOn(String command, String stderr) {
    return write("fail-" + command, stderr);
  }

  /** Makes {@code command} hang for five minutes, to test timeouts (the runner kills it). */
  public FakeTerraform hangOn(String command) {
    return write("hang-" + command, "");
  }

  /** The state as it is now. */
  public String currentState() {
    try {
      return Files.readString(dir.resolve("state.json"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A v4 state file with this lineage, serial and number of {@code terraform_data} instances. */
  public static String stateJson(String lineage, long serial, int resources) {
    StringBuilder s = new StringBuilder("{\"version\":4,\"terraform_version\":\"1.11.4\",\"serial\":").append(serial)
        .append(",\"lineage\":\"").append(lineage).append("\",\"outputs\":{},\"resources\":[");
    for (int i = 0; i < resources; i++) {
      s.append(i == 0 ? "" : ",").append("{\"mode\":\"managed\",\"type\":\"terraform_data\",\"name\":\"r").append(i)
          .append("\",\"provider\":\"provider[\\\"terraform.io/builtin/terraform\\\"]\",\"instances\":[{\"attributes\":{\"id\":\"")
          .append(i).append("\"}}]}");
    }
    return s.append("]}").toString();
  }

  /** One recorded call of the fake. */
  public record Invocation(List<String> args, Path workingDirectory) {
    public Invocation {
      args = List.copyOf(args);
      Objects.requireNonNull(workingDirectory, "workingDirectory");
    }

    /** The arguments without the leading {@code -chdir=...}: {@code [plan, -input=false, ...]}. */
    public List<String> command() {
      return args.isEmpty() || !args.get(0).startsWith("-chdir=") ? args : args.subList(1, args.size());
    }

    /** The subcommand, e.g. {@code plan}, {@code state}. */
    public String subcommand() {
      return command().isEmpty() ? "" : command().get(0);
    }
  }

  /** Every invocation so far, in order. */
  public List<Invocation> invocations() {
    List<Invocation> out = new ArrayList<>();
    try {
      for (String line : Files.readAllLines(dir.resolve("invocations.log"), StandardCharsets.UTF_8)) {
        if (line.isEmpty()) {
          continue;
        }
        String[] parts = line.split("\t", -1);
        out.add(new Invocation(Arrays.asList(parts).subList(1, parts.length), Path.of(parts[0])));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  private FakeTerraform write(String name, String content) {
    try {
      Files.writeString(dir.resolve(name), content, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + name + " of the fake terraform", e);
    }
    return this;
  }

  private static final String SCRIPT = """
      #!/usr/bin/env bash
      # A scripted terraform written by safeops' FakeTerraform; see its javadoc.
      here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
      { printf '%s' "$PWD"; for a in "$@"; do printf '\\t%s' "$a"; done; printf '\\n'; } >> "$here/invocations.log"
      args=()
      for a in "$@"; do
        case "$a" in -chdir=*) ;; *) args+=("$a") ;; esac
      done
      cmd="${args[0]:-}"
      if [ -f "$here/fail-$cmd" ]; then cat "$here/fail-$cmd" >&2; exit 1; fi
      if [ -f "$here/hang-$cmd" ]; then sleep 300; exit 1; fi
      case "$cmd" in
        version) echo "Terraform v1.11.4 (safeops fake)"; exit 0 ;;
        init) echo "Terraform has been successfully initialized!"; exit 0 ;;
        plan)
          out=""; src="$here/plan.json"
          for a in "${args[@]}"; do
            case "$a" in -out=*) out="${a#-out=}" ;; -destroy) src="$here/destroy-plan.json" ;; esac
          done
          if [ -z "$out" ]; then echo "fake terraform: plan needs -out" >&2; exit 64; fi
          if [ ! -f "$src" ]; then echo "Error: no plan scripted ($src)" >&2; exit 1; fi
          cp "$src" "$out"; echo "Saved the plan to: $out"; exit 0 ;;
        show)
          last="${args[${#args[@]}-1]}"
          if [ ! -f "$last" ]; then echo "Error: no such plan file $last" >&2; exit 1; fi
          cat "$last"; exit 0 ;;
        state)
          if [ "${args[1]:-}" = "pull" ]; then cat "$here/state.json"; exit 0; fi
          echo "fake terraform: only state pull is scripted" >&2; exit 64 ;;
        apply)
          last="${args[${#args[@]}-1]}"
          for a in "${args[@]}"; do
            if [ "$a" = "-auto-approve" ]; then echo "fake terraform: apply -auto-approve is never expected" >&2; exit 64; fi
          done
          if [ ! -f "$last" ]; then echo "fake terraform: apply without a saved plan file" >&2; exit 64; fi
          if [ -f "$here/state-after-apply.json" ]; then cp "$here/state-after-apply.json" "$here/state.json"; fi
          echo "Apply complete!"; exit 0 ;;
        *) echo "fake terraform: '$cmd' is not scripted" >&2; exit 64 ;;
      esac
      """;
}
