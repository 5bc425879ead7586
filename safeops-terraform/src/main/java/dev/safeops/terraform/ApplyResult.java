package dev.safeops.terraform;

import dev.safeops.core.StateRecord;
import java.util.Objects;
import java.util.Optional;

/**
 * What a guarded apply or destroy did.
 *
 * @param planDigest the digest of the plan that was applied (the approved one)
 * @param output what {@code terraform apply} printed
 * @param stateAfter the lineage and serial recorded in the state ledger afterwards, when the state has one
 */
public record ApplyResult(String planDigest, String output, Optional<StateRecord> stateAfter) {
  public ApplyResult {
    Objects.requireNonNull(planDigest, "planDigest");
    Objects.requireNonNull(output, "output");
    Objects.requireNonNull(stateAfter, "stateAfter");
  }
}
