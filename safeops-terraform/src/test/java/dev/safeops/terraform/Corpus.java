package dev.safeops.terraform;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates the shared corpus of real Terraform files; tests skip, saying so, when it is absent. */
final class Corpus {
  private Corpus() {}

  static Path terraform() {
    String shared = System.getProperty("safeops.shared.dir");
    Path dir = shared == null ? null : Path.of(shared, "corpus", "terraform");
    assumeTrue(dir != null && Files.isDirectory(dir),
        "skipped: the shared Terraform corpus (safeops.shared.dir/corpus/terraform) is not present in this checkout");
    return dir;
  }

  static Path file(String name) {
    return terraform().resolve(name);
  }
}
