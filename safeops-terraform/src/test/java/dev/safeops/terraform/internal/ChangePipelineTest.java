package dev.safeops.terraform.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.safeops.core.ChangeAction;
import dev.safeops.core.ResourceChange;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The pipeline between the thread that reads a plan and the one that judges it. The timeouts
 * are guards against a hang, not measurements: without the signal they test, these wait for
 * ever.
 */
class ChangePipelineTest {

  @Test
  @Timeout(60)
  void preparationLearnsThatTheLastChangeWasHandedOverAndTheChangesFollowInOrder() throws InterruptedException {
    List<String> judged = new ArrayList<>();
    AtomicBoolean toldEarly = new AtomicBoolean();
    AtomicBoolean prepared = new AtomicBoolean();
    CountDownLatch asked = new CountDownLatch(1);
    try (ChangePipeline pipeline = new ChangePipeline("test", done -> {
      toldEarly.set(done.getAsBoolean());
      asked.countDown();
      while (!done.getAsBoolean()) {
        Thread.onSpinWait();
      }
      prepared.set(true);
    }, change -> judged.add(change.address()))) {
      asked.await();
      for (int i = 0; i < 200; i++) {
        pipeline.accept(change("r" + i));
      }
      pipeline.finish();
    }
    assertThat(toldEarly).as("the signal is false while changes may still come").isFalse();
    assertThat(prepared).isTrue();
    assertThat(judged).hasSize(200).startsWith("r0", "r1").endsWith("r199");
  }

  @Test
  @Timeout(60)
  void aReadThatFailsHalfWayReleasesThePreparationAndJudgesNothingMore() {
    List<String> judged = new ArrayList<>();
    ChangePipeline pipeline = new ChangePipeline("test", done -> {
      while (!done.getAsBoolean()) {
        Thread.onSpinWait();
      }
    }, change -> judged.add(change.address()));
    pipeline.accept(change("r0"));
    pipeline.close();
    assertThat(judged).isEmpty();
  }

  @Test
  void whatTheJudgeThrowsReachesTheReader() {
    try (ChangePipeline pipeline = new ChangePipeline("test", done -> { }, change -> {
      throw new IllegalStateException("rule broke on " + change.address());
    })) {
      pipeline.accept(change("r0"));
      assertThatThrownBy(pipeline::finish).isInstanceOf(IllegalStateException.class).hasMessage("rule broke on r0");
    }
  }

  @Test
  void aPreparationThatFailsReachesTheReaderAndTheJudgeSeesNoChange() {
    List<String> judged = new ArrayList<>();
    try (ChangePipeline pipeline = new ChangePipeline("test", done -> {
      throw new IllegalStateException("the catalog could not be loaded");
    }, change -> judged.add(change.address()))) {
      assertThatThrownBy(() -> {
        for (int i = 0; i < 500; i++) {
          pipeline.accept(change("r" + i));
        }
        pipeline.finish();
      }).isInstanceOf(IllegalStateException.class).hasMessage("the catalog could not be loaded");
    }
    assertThat(judged).isEmpty();
  }

  private static ResourceChange change(String address) {
    return ResourceChange.builder().address(address).action(ChangeAction.CREATE).type("aws_s3_bucket")
        .provider("registry.terraform.io/hashicorp/aws").build();
  }
}
