package dev.safeops.aws.recovery;

/**
 * Observes restore drills: page someone on {@link #onAlert}. Listeners are observers: an
 * exception they throw is logged and swallowed and never changes a drill's result.
 */
public interface DrillListener {

  /** A drill failed; the copy, if any, was kept. */
  void onAlert(DrillAlert alert);

  /** Every run ends here, passed or not. */
  default void onResult(DrillResult result) {}
}
