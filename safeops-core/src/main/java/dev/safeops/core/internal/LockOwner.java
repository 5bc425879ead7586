package dev.safeops.core.internal;

import java.net.InetAddress;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The owner the executor writes into a lock lease: its configured name, the host, the process
 * id and the operation, in a form a person can read in a lease file or a DynamoDB item and the
 * executor can read back ({@code "safeops (host build-7, pid 4242, operation 6f1c...)"}), so a
 * refused lock can say who holds it and whether that process still runs.
 */
record LockOwner(String name, String host, long pid, String operationId) {
  private static final Pattern FORM = Pattern.compile("(.*) \\(host (\\S+), pid (\\d+), operation (.*)\\)", Pattern.DOTALL);
  private static final String UNKNOWN_HOST = "unknown-host";

  /** This process's owner for {@code operationId}. */
  static LockOwner of(String name, String operationId) {
    return new LockOwner(name, ThisProcess.HOST, ThisProcess.PID, operationId);
  }

  /** The owner in a lease written by an executor; empty for any other owner string. */
  static Optional<LockOwner> parse(String owner) {
    Matcher m = FORM.matcher(owner);
    if (!m.matches()) {
      return Optional.empty();
    }
    try {
      return Optional.of(new LockOwner(m.group(1), m.group(2), Long.parseLong(m.group(3)), m.group(4)));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  String encode() {
    return name + " (host " + host + ", pid " + pid + ", operation " + operationId + ")";
  }

  /** Whether the process is known to be gone: only a process on this host can be looked up. */
  boolean knownDead() {
    return onThisHost() && pid != ThisProcess.PID && !ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
  }

  boolean onThisHost() {
    return !host.equals(UNKNOWN_HOST) && host.equals(ThisProcess.HOST);
  }

  /** "operation X of NAME on host H, pid P, which ..." with what can be known about the process. */
  String describe() {
    String who = "operation " + operationId + " of " + name + " on host " + host + ", pid " + pid;
    if (!onThisHost()) {
      return who + " (another host: whether that process still runs cannot be checked from here)";
    }
    if (pid == ThisProcess.PID) {
      return who + " (this process)";
    }
    if (knownDead()) {
      return who + " (no such process runs on this host any more: it was killed or crashed)";
    }
    return who + " (a process with that pid is running on this host)";
  }

  /** Looked up once: the host name can take a DNS round trip. */
  private static final class ThisProcess {
    static final long PID = ProcessHandle.current().pid();
    static final String HOST = hostName();

    private static String hostName() {
      try {
        String h = InetAddress.getLocalHost().getHostName();
        return h == null || h.isBlank() || h.chars().anyMatch(Character::isWhitespace) ? UNKNOWN_HOST : h;
      } catch (Exception e) {
        return UNKNOWN_HOST;
      }
    }
  }
}
