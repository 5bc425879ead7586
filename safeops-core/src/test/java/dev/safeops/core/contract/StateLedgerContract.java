package dev.safeops.core.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.safeops.core.StateLedger;
import dev.safeops.core.StateRecord;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link StateLedger} promises: a workspace's record only moves forward (same
 * lineage, serial not lower), another lineage is refused, and concurrent writers never move
 * it backwards. Extend it and give a fresh, empty store.
 */
public abstract class StateLedgerContract {
  private StateLedger ledger;

  /** A new ledger over an empty store. */
  protected abstract StateLedger newStateLedger();

  /** A second ledger over the same store, as another process would open it; one-JVM stores return it as is. */
  protected StateLedger anotherView(StateLedger ledger) {
    return ledger;
  }

  @BeforeEach
  void newStore() {
    ledger = newStateLedger();
  }

  @Test
  void anUnknownWorkspaceHasNoRecord() {
    assertThat(ledger.find("prod/network")).isEmpty();
  }

  @Test
  void theFirstRecordIsKeptAndReadBack() {
    assertThat(ledger.advance("prod/network", new StateRecord("lineage-a", 7))).isTrue();

    assertThat(ledger.find("prod/network")).contains(new StateRecord("lineage-a", 7));
    assertThat(anotherView(ledger).find("prod/network")).contains(new StateRecord("lineage-a", 7));
  }

  @Test
  void theRecordMovesForwardOrStaysAtTheSameSerial() {
    ledger.advance("prod/network", new StateRecord("lineage-a", 7));

    assertThat(ledger.advance("prod/network", new StateRecord("lineage-a", 7))).isTrue();
    assertThat(anotherView(ledger).advance("prod/network", new StateRecord("lineage-a", 9))).isTrue();
    assertThat(ledger.find("prod/network")).contains(new StateRecord("lineage-a", 9));
  }

  @Test
  void aLowerSerialIsRefusedAndChangesNothing() {
    ledger.advance("prod/network", new StateRecord("lineage-a", 7));

    assertThat(anotherView(ledger).advance("prod/network", new StateRecord("lineage-a", 6))).isFalse();
    assertThat(ledger.find("prod/network")).contains(new StateRecord("lineage-a", 7));
  }

  @Test
  void anotherLineageIsRefusedEvenWithAHigherSerial() {
    ledger.advance("prod/network", new StateRecord("lineage-a", 7));

    assertThat(ledger.advance("prod/network", new StateRecord("lineage-b", 100))).isFalse();
    assertThat(ledger.find("prod/network")).contains(new StateRecord("lineage-a", 7));
  }

  @Test
  void workspacesAreIndependent() {
    ledger.advance("prod/network", new StateRecord("lineage-a", 7));

    assertThat(ledger.advance("prod/database", new StateRecord("lineage-b", 1))).isTrue();
    assertThat(ledger.find("prod/network")).contains(new StateRecord("lineage-a", 7));
  }

  @Test
  void concurrentAdvancesNeverMoveTheRecordBackwards() throws Exception {
    ledger.advance("prod/network", new StateRecord("lineage-a", 0));
    AtomicBoolean wentBack = new AtomicBoolean();
    int writers = 4;
    int serials = 15;

    List<Integer> accepted = Race.of(writers + 1, n -> {
      StateLedger mine = n % 2 == 0 ? ledger : anotherView(ledger);
      if (n == writers) {
        long last = 0;
        for (int i = 0; i < serials * 2; i++) {
          long seen = mine.find("prod/network").orElseThrow().serial();
          if (seen < last) {
            wentBack.set(true);
          }
          last = seen;
        }
        return 0;
      }
      int ok = 0;
      for (int s = 1; s <= serials; s++) {
        if (mine.advance("prod/network", new StateRecord("lineage-a", s))) {
          ok++;
        }
        mine.advance("prod/network", new StateRecord("lineage-other", s + 1000));
      }
      return ok;
    });

    assertThat(wentBack).isFalse();
    assertThat(accepted.stream().mapToInt(Integer::intValue).sum()).isGreaterThanOrEqualTo(serials);
    assertThat(ledger.find("prod/network")).contains(new StateRecord("lineage-a", serials));
  }
}
