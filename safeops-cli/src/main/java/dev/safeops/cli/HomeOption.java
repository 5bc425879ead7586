package dev.safeops.cli;

import picocli.CommandLine.Option;

/** {@code --home DIR}: the safeops home of a command; default {@code $SAFEOPS_HOME}, else {@code ~/.safeops}. */
final class HomeOption {
  @Option(names = "--home", paramLabel = "DIR",
      description = "the safeops home: requests, saved plans, state ledger, audit, locks, allowed_signers (default $SAFEOPS_HOME, else ~/.safeops)")
  String home;

  SafeopsHome open() {
    return SafeopsHome.open(home, System.getenv());
  }
}
