package dev.safeops.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The file ledger is replaced whole on every write, and its lock is on a separate file that is
 * never replaced: three JVMs adding workspaces to one ledger at once lose none of them (a lock
 * on the replaced file would let a waiter read and write back an old ledger).
 */
class FileStateLedgerAcrossProcessesTest {
  private static final int PROCESSES = 3;
  private static final int WORKSPACES = 25;

  @TempDir Path dir;

  @Test
  void threeProcessesAdvancingOneLedgerLoseNoUpdate() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    Path ledgerFile = dir.resolve("state/ledger.json");
    List<Process> processes = new ArrayList<>();
    for (int i = 0; i < PROCESSES; i++) {
      processes.add(new ProcessBuilder(java, "-Xmx64m", "-XX:TieredStopAtLevel=1", "-cp", classpath,
          Writer.class.getName(), ledgerFile.toString(), "p" + i, String.valueOf(WORKSPACES))
          .redirectErrorStream(true).redirectOutput(dir.resolve("writer-" + i + ".out").toFile()).start());
    }
    for (Process p : processes) {
      assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("writer finished").isTrue();
      assertThat(p.exitValue()).as("writer exit code").isZero();
    }
    StateLedger ledger = StateLedger.file(ledgerFile);
    for (int i = 0; i < PROCESSES; i++) {
      for (int n = 0; n < WORKSPACES; n++) {
        assertThat(ledger.find("p" + i + "/ws-" + n)).as("p%d/ws-%d", i, n).contains(new StateRecord("lineage-p" + i, n));
      }
    }
  }

  /** A child process: records WORKSPACES new workspaces in the ledger, one advance each. */
  public static final class Writer {
    public static void main(String[] args) {
      StateLedger ledger = StateLedger.file(Path.of(args[0]));
      String prefix = args[1];
      int count = Integer.parseInt(args[2]);
      for (int n = 0; n < count; n++) {
        if (!ledger.advance(prefix + "/ws-" + n, new StateRecord("lineage-" + prefix, n))) {
          throw new IllegalStateException("advance of a new workspace refused");
        }
      }
    }
  }
}
