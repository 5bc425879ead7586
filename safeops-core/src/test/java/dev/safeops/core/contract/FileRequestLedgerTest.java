package dev.safeops.core.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.safeops.core.RequestLedger;
import dev.safeops.core.StoreException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileRequestLedgerTest extends RequestLedgerContract {
  @TempDir Path dir;

  private Path requests() {
    return dir.resolve("home/requests");
  }

  @Override
  protected RequestLedger newRequestLedger() {
    return RequestLedger.files(requests());
  }

  @Override
  protected RequestLedger anotherView(RequestLedger ledger) {
    return RequestLedger.files(requests());
  }

  @Override
  protected Optional<ProcessStore> storeForAnotherProcess() {
    return Optional.of(new ProcessStore(Opener.class, List.of(requests().toString())));
  }

  /** Opens the same directory in another JVM. */
  public static final class Opener implements StoreOpener {
    @Override
    public RequestLedger open(List<String> arguments) {
      return RequestLedger.files(Path.of(arguments.get(0)));
    }
  }

  @Test
  void eachRequestIsOneFileNamedByItsIdAndNoTemporaryFileIsLeft() throws Exception {
    RequestLedger ledger = newRequestLedger();
    var v1 = ledger.create(request("r1", T0));
    ledger.replace(v1, v1.toBuilder().statusReason("changed").build());

    try (var files = Files.list(requests())) {
      assertThat(files.map(p -> p.getFileName().toString()).sorted()).containsExactly(".lock", "r1.json");
    }
  }

  @Test
  void anEmptyRequestFileFailsClosedNamingIt() throws Exception {
    Files.createDirectories(requests());
    Files.write(requests().resolve("r1.json"), new byte[0]);

    assertThatThrownBy(() -> newRequestLedger().find("r1")).isInstanceOf(StoreException.class)
        .hasMessageContaining("r1.json").hasMessageContaining("is empty").hasMessageContaining("fails closed");
    assertThatThrownBy(() -> newRequestLedger().list()).isInstanceOf(StoreException.class).hasMessageContaining("r1.json");
  }

  @Test
  void garbageDuplicateKeysAndAnotherMajorFormatAreUnreadable() throws Exception {
    RequestLedger ledger = newRequestLedger();
    ledger.create(request("r1", T0));
    Path file = requests().resolve("r1.json");
    String good = Files.readString(file);

    Files.writeString(file, good.substring(0, good.length() / 2));
    assertThatThrownBy(() -> ledger.find("r1")).isInstanceOf(StoreException.class).hasMessageContaining("not valid JSON");

    Files.writeString(file, good.replaceFirst("\\{", "{\"status\": \"APPROVED\","));
    assertThatThrownBy(() -> ledger.find("r1")).isInstanceOf(StoreException.class).hasMessageContaining("Duplicate field 'status'");

    Files.writeString(file, good.replace("safeops.request/1", "safeops.request/2"));
    assertThatThrownBy(() -> ledger.find("r1")).isInstanceOf(StoreException.class).hasMessageContaining("another version of safeops");

    Files.writeString(file, good.replace("\"approvalsRequired\" : 2", "\"approvalsRequired\" : \"two\""));
    assertThatThrownBy(() -> ledger.find("r1")).isInstanceOf(StoreException.class).hasMessageContaining("approvalsRequired");
  }

  @Test
  void aRequestFileCopiedUnderAnotherIdIsNotTrusted() throws Exception {
    RequestLedger ledger = newRequestLedger();
    ledger.create(request("r1", T0));
    Files.copy(requests().resolve("r1.json"), requests().resolve("r2.json"));

    assertThatThrownBy(() -> ledger.find("r2")).isInstanceOf(StoreException.class).hasMessageContaining("holds request r1");
  }

  @Test
  void aRequestsPathThatIsAFileFailsClosed() throws Exception {
    Files.createDirectories(requests().getParent());
    Files.writeString(requests(), "not a directory", StandardCharsets.UTF_8);

    assertThatThrownBy(() -> newRequestLedger().list()).isInstanceOf(StoreException.class);
    assertThatThrownBy(() -> newRequestLedger().create(request("r1", T0))).isInstanceOf(StoreException.class);
  }
}
