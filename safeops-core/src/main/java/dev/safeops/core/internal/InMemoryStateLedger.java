package dev.safeops.core.internal;

import dev.safeops.core.StateLedger;
import dev.safeops.core.StateRecord;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Workspace states in one JVM. */
public final class InMemoryStateLedger implements StateLedger {
  private final ConcurrentHashMap<String, StateRecord> states = new ConcurrentHashMap<>();

  @Override
  public Optional<StateRecord> find(String workspace) {
    return Optional.ofNullable(states.get(workspace));
  }

  @Override
  public boolean advance(String workspace, StateRecord next) {
    boolean[] ok = {false};
    states.compute(workspace, (k, current) -> {
      if (current == null || (current.lineage().equals(next.lineage()) && current.serial() <= next.serial())) {
        ok[0] = true;
        return next;
      }
      return current;
    });
    return ok[0];
  }
}
