package dev.safeops.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PrincipalTest {

  @Test
  void kindAndIdAreReadAndTheIdIsStripped() {
    assertThat(Principal.parse("agent: claude ")).isEqualTo(Principal.agent("claude"));
    assertThat(Principal.parse("HUMAN:alice")).isEqualTo(Principal.human("alice"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"human:", "human: ", "agent:\t", "service:\u2028", ":alice", "alice", "robot:alice"})
  void aMalformedPrincipalIsBadInputInOneSentenceNeverAnotherException(String text) {
    assertThatThrownBy(() -> Principal.parse(text)).isExactlyInstanceOf(InvalidInputException.class)
        .hasMessageEndingWith(".");
  }
}
