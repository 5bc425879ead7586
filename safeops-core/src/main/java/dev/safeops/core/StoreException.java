package dev.safeops.core;

/**
 * A store (lock, approval ledger, state ledger, budget, audit) could not answer or write.
 * Before execution this always means nothing executes. {@link #store()} names the store.
 */
public class StoreException extends SafeOpsException {
  private static final long serialVersionUID = 1L;
  private final String store;

  public StoreException(String store, String message, Throwable cause) {
    super(store + ": " + message, cause);
    this.store = store;
  }

  public StoreException(String store, String message) {
    this(store, message, null);
  }

  /** The store that failed, for example {@code "lock"} or {@code "audit"}. */
  public String store() {
    return store;
  }
}
