package dev.safeops.terraform;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What one run of the binary printed. Captured output is capped (see {@link TerraformCli});
 * {@code stdout} is empty when it was written to a file instead.
 *
 * @param command the full command line, binary first
 * @param exitCode the process exit code
 * @param stdout standard output, as text
 * @param stderr standard error, as text
 * @param took how long the process ran
 */
public record CliResult(List<String> command, int exitCode, String stdout, String stderr, Duration took) {
  public CliResult {
    command = List.copyOf(command);
    Objects.requireNonNull(stdout, "stdout");
    Objects.requireNonNull(stderr, "stderr");
    Objects.requireNonNull(took, "took");
  }
}
