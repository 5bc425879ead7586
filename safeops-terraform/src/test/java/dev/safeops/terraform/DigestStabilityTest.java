package dev.safeops.terraform;

import static org.assertj.core.api.Assertions.assertThat;

import dev.safeops.core.Environment;
import dev.safeops.core.Operation;
import dev.safeops.core.Principal;
import dev.safeops.core.Tier;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Approvals name a plan's digest. Every corpus plan must keep, read whole or judged as it is
 * read, the digest it had before plans were streamed (listed in {@code corpus-digests.txt});
 * a different digest would make every approval given under the old one refused.
 */
class DigestStabilityTest {
  @Test
  void everyCorpusPlanKeepsTheDigestApprovalsWereMadeUnderReadWholeOrAsItIsRead() throws IOException {
    Path corpus = Corpus.terraform();
    List<String> lines;
    try (InputStream in = DigestStabilityTest.class.getResourceAsStream("corpus-digests.txt")) {
      lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().filter(l -> !l.startsWith("#")).toList();
    }
    Operation op = Operation.builder().name("terraform apply").requester(Principal.agent("ci"))
        .environment(Environment.of("production", Tier.PRODUCTION)).build();
    int compared = 0;
    for (String line : lines) {
      String[] parts = line.split(" ");
      Path plan = corpus.resolve(parts[0]);
      if (!Files.exists(plan)) {
        continue;
      }
      assertThat(PlanReader.create().read(plan).digest()).as("%s read whole", parts[0]).isEqualTo(parts[1]);
      assertThat(PlanChecker.ofDefaults().check(plan, op).digest()).as("%s judged as it is read", parts[0]).isEqualTo(parts[1]);
      compared++;
    }
    assertThat(compared).as("corpus plans compared").isGreaterThan(25);
  }
}
