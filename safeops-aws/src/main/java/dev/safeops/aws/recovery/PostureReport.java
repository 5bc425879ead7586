package dev.safeops.aws.recovery;

import dev.safeops.core.Finding;
import dev.safeops.core.Level;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The result of a {@link BackupPosture} check: every data store seen, and the findings in
 * the core's {@link Finding} form (rule ids {@code posture.*}, the resource's ARN as the
 * address, one sentence naming the resource and why). Immutable.
 *
 * @param checkedAt when the check ran, on the posture's clock
 * @param account the account the check ran in, or empty when it was not known
 * @param region the region the check ran in
 * @param resources every data store the check saw, in the order it saw them
 * @param findings what is wrong, worst first
 */
public record PostureReport(
    Instant checkedAt, String account, String region, List<ResourcePosture> resources, List<Finding> findings) {

  public PostureReport {
    Objects.requireNonNull(checkedAt, "checkedAt");
    Objects.requireNonNull(account, "account");
    Objects.requireNonNull(region, "region");
    resources = List.copyOf(resources);
    findings = findings.stream()
        .sorted((a, b) -> b.level().compareTo(a.level()))
        .toList();
  }

  /** The worst level found; {@link Level#NONE} when nothing was found. */
  public Level level() {
    return findings.stream().map(Finding::level).reduce(Level.NONE, Level::max);
  }

  /** The findings about the resource with this ARN. */
  public List<Finding> findingsFor(String arn) {
    return findings.stream().filter(f -> f.address().equals(arn)).toList();
  }

  /** The worst level found for the resource with this ARN; NONE when it is clean. */
  public Level levelOf(String arn) {
    return findingsFor(arn).stream().map(Finding::level).reduce(Level.NONE, Level::max);
  }

  /** The resource of this type ({@code aws_db_instance}...) and identifier, when it was seen. */
  public Optional<ResourcePosture> resource(String type, String identifier) {
    return resources.stream()
        .filter(r -> r.type().equals(type) && r.identifier().equals(identifier))
        .findFirst();
  }
}
