package dev.safeops.core.command;

import dev.safeops.core.Effect;
import java.util.Objects;

/**
 * A classifier's opinion on one {@link SimpleCommand}: its class and one sentence saying why.
 *
 * <p>{@link Scope#DOMAIN} opinions come from a classifier speaking for its own domain
 * (terraform, the AWS CLI, Terraform state); only they make a command line "ours".
 * {@link Scope#NEUTRAL} opinions come from safeops core about ordinary helpers ({@code grep},
 * {@code jq}, {@code echo}) and ordinary file writes: they never make a line ours, but a
 * neutral read does not stop a line of domain reads from being read-only. Immutable.
 *
 * @param effect read-only, mutating or destructive
 * @param reason one sentence for people and agents, e.g. "terraform destroy deletes every
 *     resource in the workspace"
 * @param scope whether this opinion speaks for a domain
 */
public record Classification(Effect effect, String reason, Scope scope) {

  /** Whether an opinion speaks for an infrastructure domain or only about a helper. */
  public enum Scope { DOMAIN, NEUTRAL }

  public Classification {
    Objects.requireNonNull(effect, "effect");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(scope, "scope");
  }

  public static Classification readOnly(String reason) {
    return new Classification(Effect.READ_ONLY, reason, Scope.DOMAIN);
  }

  public static Classification mutating(String reason) {
    return new Classification(Effect.MUTATING, reason, Scope.DOMAIN);
  }

  public static Classification destructive(String reason) {
    return new Classification(Effect.DESTRUCTIVE, reason, Scope.DOMAIN);
  }

  /** True when this opinion speaks for a domain. */
  public boolean inDomain() {
    return scope == Scope.DOMAIN;
  }
}
