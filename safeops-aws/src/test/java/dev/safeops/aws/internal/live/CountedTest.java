package dev.safeops.aws.internal.live;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CountedTest {

  @Test
  void exactlyOneTakesTheSingularOfTheFirstPluralWord() {
    assertThat(Inquiry.counted("{} connections", 1)).isEqualTo("1 connection");
    assertThat(Inquiry.counted("{} new connections", 1)).isEqualTo("1 new connection");
    assertThat(Inquiry.counted("{} read capacity units consumed", 1)).isEqualTo("1 read capacity unit consumed");
    assertThat(Inquiry.counted("{} bytes received", 1)).isEqualTo("1 byte received");
  }

  @Test
  void anyOtherCountKeepsThePlural() {
    assertThat(Inquiry.counted("{} connections", 2)).isEqualTo("2 connections");
    assertThat(Inquiry.counted("{} connections", 0)).isEqualTo("0 connections");
    assertThat(Inquiry.counted("{} connections", 1.5)).isEqualTo("1.5 connections");
    assertThat(Inquiry.counted("CPU at {} %", 1)).isEqualTo("CPU at 1 %");
  }
}
