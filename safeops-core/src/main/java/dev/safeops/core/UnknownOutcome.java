package dev.safeops.core;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An operation whose {@code EXECUTING} event has no result after it: the process running it
 * was killed, lost power or its machine died while the action ran (or it is still running).
 * The action may have done everything, part of it or nothing, and the audit cannot say which:
 * someone has to look at the infrastructure. Immutable.
 *
 * @param executing the operation's {@code EXECUTING} event (operation, requester, scope, plan
 *     digest, approvers, when it started)
 */
public record UnknownOutcome(AuditEvent executing) {

  /** The verdict of the event written durably just before an action executes. */
  public static final String EXECUTING = "EXECUTING";

  public UnknownOutcome {
    Objects.requireNonNull(executing, "executing");
  }

  /**
   * The unknown outcome in one operation's trail: its last {@code EXECUTING} event when no
   * {@link Step#RESULT} event follows it; empty when the trail never reached execution or
   * records a result.
   */
  public static Optional<UnknownOutcome> in(List<AuditEvent> trail) {
    AuditEvent executing = null;
    for (AuditEvent e : trail) {
      if (e.step() == Step.AUDIT && EXECUTING.equals(e.verdict())
          && (executing == null || e.sequence() > executing.sequence())) {
        executing = e;
      }
    }
    if (executing == null) {
      return Optional.empty();
    }
    int started = executing.sequence();
    boolean finished = trail.stream().anyMatch(e -> e.step() == Step.RESULT && e.sequence() > started);
    return finished ? Optional.empty() : Optional.of(new UnknownOutcome(executing));
  }

  public String operationId() {
    return executing.operationId();
  }

  /**
   * One sentence for a person: which operation, who asked, where, since when, ending in
   * "outcome unknown: check the infrastructure".
   */
  public String message() {
    String digest = executing.planDigest().map(d -> ", plan " + (d.length() > 12 ? d.substring(0, 12) : d)).orElse("");
    return "operation " + executing.operationId() + " (" + executing.operationName() + " requested by "
        + executing.principal() + ", scope " + executing.scope() + " in " + executing.environment() + digest
        + ") started executing at " + executing.time() + " and has no recorded result: outcome unknown: check the infrastructure";
  }

  @Override
  public String toString() {
    return message();
  }
}
