package dev.safeops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import org.junit.jupiter.api.Test;

class ReportTextTest {

  @Test
  void countsAreGroupedByThousandsExactlyAsTheFormatterGroupsThem() {
    long[] values = {0, 1, -1, 7, 999, 1_000, -1_000, 12_345, 100_000, 999_999, 1_000_000, 1_234_567_890L,
        Long.MAX_VALUE, Long.MIN_VALUE};
    for (long n : values) {
      assertThat(ReportText.number(n)).as("%d", n).isEqualTo(String.format(Locale.ROOT, "%,d", n));
    }
    for (long n = -2_000; n <= 2_000; n += 7) {
      assertThat(ReportText.number(n)).isEqualTo(String.format(Locale.ROOT, "%,d", n));
    }
  }
}
