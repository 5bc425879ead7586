package dev.safeops.core.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.safeops.core.StateLedger;
import dev.safeops.core.StateRecord;
import dev.safeops.core.StoreException;
import dev.safeops.core.internal.FileStateLedger;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FileStateLedgerTest extends StateLedgerContract {
  @TempDir Path dir;

  @Override
  protected StateLedger newStateLedger() {
    return new FileStateLedger(dir.resolve("state/ledger.json"));
  }

  @Override
  protected StateLedger anotherView(StateLedger ledger) {
    return new FileStateLedger(dir.resolve("state/ledger.json"));
  }

  private Path file() {
    return dir.resolve("state/ledger.json");
  }

  @Test
  void aLedgerEmptiedByACrashFailsClosedAndIsNeverReadAsNothingRecorded() throws IOException {
    StateLedger ledger = newStateLedger();
    ledger.advance("prod/network", new StateRecord("lineage-a", 7));
    Files.write(file(), new byte[0]);

    StateLedger next = anotherView(ledger);
    assertThatThrownBy(() -> next.find("prod/network"))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining(file().toString())
        .hasMessageContaining("is empty")
        .hasMessageContaining("restore the file from a backup");
    assertThatThrownBy(() -> next.advance("prod/network", new StateRecord("lineage-b", 1)))
        .isInstanceOf(StoreException.class);
    assertThat(file()).isEmptyFile();
  }

  @ParameterizedTest
  @ValueSource(strings = {" \n\t", "{\"prod/network\": {\"lineage\": \"lineage-a\",", "[]", "null",
      "{\"prod/network\": {\"lineage\": \"lineage-a\", \"serial\": 7}, \"prod/network\": {\"lineage\": \"x\", \"serial\": 0}}",
      "{\"prod/network\": {\"lineage\": \"lineage-a\", \"serial\": \"7\"}}",
      "{\"prod/network\": {\"lineage\": \"lineage-a\", \"serial\": -1}}",
      "{\"prod/network\": {\"serial\": 7}}",
      "{\"prod/database\": \"lineage-a\"}",
      "{\"prod/network\": {\"lineage\": \"lineage-a\", \"serial\": 7}} {}"})
  void aBlankUnparseableOrMisshapenLedgerFailsClosedNamingTheFile(String content) throws IOException {
    Files.createDirectories(file().getParent());
    Files.writeString(file(), content);

    assertThatThrownBy(() -> newStateLedger().find("prod/network"))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining(file().toString())
        .hasMessageContaining("nothing is planned or applied");
  }

  @Test
  void anAdvanceReplacesTheFileWholeAndLeavesNoTemporaryFile() throws IOException {
    StateLedger ledger = newStateLedger();
    ledger.advance("prod/network", new StateRecord("lineage-a", 7));
    byte[] before = Files.readAllBytes(file());
    try (InputStream reader = Files.newInputStream(file())) {
      ledger.advance("prod/network", new StateRecord("lineage-a", 8));

      assertThat(reader.readAllBytes()).as("a reader of the old file still sees it whole: it was replaced, not rewritten")
          .isEqualTo(before);
    }
    assertThat(Files.readString(file())).isEqualTo("{\"prod/network\":{\"lineage\":\"lineage-a\",\"serial\":8}}");
    try (Stream<Path> files = Files.list(file().getParent())) {
      assertThat(files.map(f -> f.getFileName().toString())).containsExactlyInAnyOrder("ledger.json", "ledger.json.lock");
    }
  }
}
