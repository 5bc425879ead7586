package dev.safeops.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The immutable attribute maps: the same map semantics whatever their size, and never copied twice. */
class ValuesTest {

  private static LinkedHashMap<String, Object> entries(int n) {
    LinkedHashMap<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < n; i++) {
      m.put("k" + i, i % 3 == 0 ? null : BigDecimal.valueOf(i));
    }
    return m;
  }

  @Test
  void smallAndLargeMapsBehaveAsTheMapsTheyWereBuiltFrom() {
    for (int n : new int[] {1, 2, 8, 9, 40}) {
      LinkedHashMap<String, Object> plain = entries(n);
      Map<String, Object> adopted = Values.adoptMap(new LinkedHashMap<>(plain));
      Map<String, Object> copied = Values.immutableMap(plain);

      assertThat(adopted).isEqualTo(plain).isEqualTo(copied).hasSameHashCodeAs(plain);
      assertThat(adopted.keySet()).containsExactlyElementsOf(plain.keySet());
      assertThat(adopted.containsKey("k0")).isTrue();
      assertThat(adopted.get("k0")).isNull();
      assertThat(adopted.containsKey("absent")).isFalse();
      assertThat(Values.at(adopted, "k0")).isNull();
      assertThat(Values.at(adopted, "absent")).isSameAs(Values.ABSENT);
      assertThatThrownBy(() -> adopted.put("x", "y")).isInstanceOf(UnsupportedOperationException.class);
      assertThatThrownBy(() -> adopted.entrySet().iterator().next().setValue("y")).isInstanceOf(UnsupportedOperationException.class);
      assertThatThrownBy(adopted::clear).isInstanceOf(UnsupportedOperationException.class);
    }
  }

  @Test
  void aMapMadeHereIsTakenAsItIsWhileAnyOtherMapIsCopied() {
    Map<String, Object> adopted = Values.adoptMap(new LinkedHashMap<>(Map.of("a", List.of())));
    LinkedHashMap<String, Object> foreign = new LinkedHashMap<>(Map.of("a", 1));

    assertThat(Values.immutableMap(adopted)).isSameAs(adopted);
    assertThat(Values.isImmutableJson(adopted)).isTrue();
    assertThat(Values.isImmutableJson(foreign)).isFalse();
    assertThat(Values.immutableMap(foreign)).isNotSameAs(foreign).containsEntry("a", BigDecimal.ONE);
    assertThat(Values.isImmutableJson(Values.immutableMap(foreign))).isTrue();
  }
}
