package dev.safeops.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.safeops.core.ResourceChange;
import java.util.List;
import org.junit.jupiter.api.Test;

class SkeletonChangesTest {

  private static ResourceChange skeleton(ResourceChange c) {
    return ResourceChange.builder().address(c.address()).type(c.type()).provider(c.provider()).action(c.action())
        .actionReason(c.actionReason().orElse(null)).build();
  }

  @Test
  void theSkeletonListHoldsEveryChangeWithoutItsAttributesInOrder() {
    List<ResourceChange> changes = new RandomPlans(5).changes(5000);
    try (SkeletonChanges skeletons = new SkeletonChanges(0)) {
      changes.forEach(skeletons::add);

      List<ResourceChange> list = skeletons.list();

      assertThat(list).hasSize(5000);
      assertThat(list).containsExactlyElementsOf(changes.stream().map(SkeletonChangesTest::skeleton).toList());
      assertThat(list.get(4321)).isEqualTo(skeleton(changes.get(4321)));
      assertThat(list.get(17)).isEqualTo(skeleton(changes.get(17)));
      assertThat(list.get(1024)).isEqualTo(skeleton(changes.get(1024)));
      assertThat(list.stream().filter(c -> c.action().destroys()).count())
          .isEqualTo(changes.stream().filter(c -> c.action().destroys()).count());
    }
  }
}
