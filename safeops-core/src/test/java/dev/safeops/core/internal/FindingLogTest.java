package dev.safeops.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.safeops.core.Finding;
import dev.safeops.core.Level;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FindingLogTest {

  @Test
  void everyFindingComesBackInOrderWithExactCountsWhenMostAreCompressed() {
    FindingLog log = new FindingLog("r", 2);
    List<Finding> added = new ArrayList<>();
    for (int i = 0; i < FindingLog.INLINE * 5 + 3; i++) {
      Finding f = new Finding("r", i % 3 == 0 ? Level.HIGH : Level.LOW, "aws_x.a[" + i + "]", "message \u00fc " + i);
      added.add(f);
      log.add(f);
    }
    log.seal();

    List<Finding> back = new ArrayList<>();
    log.forEach(back::add);

    assertThat(back).containsExactlyElementsOf(added);
    assertThat(log.total()).isEqualTo(added.size());
    assertThat(log.count(Level.HIGH)).isEqualTo((int) added.stream().filter(f -> f.level() == Level.HIGH).count());
    assertThat(log.worst()).isEqualTo(Level.HIGH);
    assertThat(log.examples(Level.LOW)).containsExactly(added.get(1), added.get(2));
  }
}
