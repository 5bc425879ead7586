package dev.safeops.aws;

/** How an AWS operation affects the world. An operation the catalog does not know is {@link #MUTATING}. */
public enum OperationClass {
  /** Reads only. Passes the interceptor unguarded. */
  READ,
  /** Changes something. Runs only inside an approved guarded execution. */
  MUTATING,
  /** Deletes or makes loss possible. Runs only inside an approved guarded execution, and has a dry run. */
  DESTRUCTIVE;

  public boolean mutates() {
    return this != READ;
  }
}
