package dev.safeops.terraform.internal;

import dev.safeops.core.ResourceChange;
import dev.safeops.core.SafeOpsException;
import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Hands changes from the thread that parses a plan to one that judges them, in batches, so
 * that a big plan is parsed on one core while its changes are judged and hashed on another.
 * At most a few batches wait between the two, so memory stays bounded. The sink runs on the
 * pipeline's own thread only; whatever it throws is rethrown to the parsing thread at the
 * next {@link #accept} or at {@link #finish}, and from then on the rest is drained unread.
 * {@link #finish} returns only once every change has been judged, so what the sink gathered
 * is then safely visible to the caller.
 */
public final class ChangePipeline implements Consumer<ResourceChange>, AutoCloseable {
  // Few changes in flight: each young collection copies every change still waiting, and with
  // 8 batches of 256 that was 10-25 ms a pause, about 0.2 s of a 100,000-change check.
  private static final int BATCH = 64;
  private static final ResourceChange[] END = new ResourceChange[0];

  private final BlockingQueue<ResourceChange[]> queue = new ArrayBlockingQueue<>(4);
  private final Thread worker;
  private ResourceChange[] batch = new ResourceChange[BATCH];
  private int size;
  private volatile Throwable failure;
  /** Set once the reader has handed over its last change (or given up). */
  private volatile boolean ended;

  /**
   * Starts the pipeline's thread, which first runs {@code prepare}: work that need not wait for
   * the first change (making what the sink uses, warming up), given a signal that turns true
   * once every change has been handed over, so that it can stop early when the plan was small
   * and the reader is waiting for it. If it throws, the sink sees no change and the reader gets
   * what it threw.
   */
  public ChangePipeline(String name, Consumer<BooleanSupplier> prepare, Consumer<ResourceChange> sink) {
    worker = new Thread(() -> {
      try {
        prepare.accept(() -> ended);
      } catch (RuntimeException | Error e) {
        failure = e;
      }
      drain(sink);
    }, name);
    worker.setDaemon(true);
    worker.start();
  }

  private void drain(Consumer<ResourceChange> sink) {
    try {
      for (ResourceChange[] b = queue.take(); b != END; b = queue.take()) {
        if (failure != null) {
          continue;
        }
        try {
          judge(b, sink);
        } catch (Throwable t) {
          failure = t;
        }
      }
    } catch (InterruptedException e) {
      if (failure == null) {
        failure = e;
      }
    }
  }

  /**
   * One batch; its own method because {@link #drain}'s loop runs once per plan, interpreted
   * until the JVM compiles it on the stack, and that compilation would take in everything the
   * sink calls: compiled as a method, this is small and ready after a few hundred batches.
   */
  private static void judge(ResourceChange[] batch, Consumer<ResourceChange> sink) {
    for (ResourceChange c : batch) {
      sink.accept(c);
    }
  }

  @Override
  public void accept(ResourceChange change) {
    rethrow();
    batch[size++] = change;
    if (size == BATCH) {
      put(batch);
      batch = new ResourceChange[BATCH];
      size = 0;
    }
  }

  /** Waits until every change accepted so far has been judged, and rethrows what the sink threw. */
  public void finish() {
    if (!ended) {
      ended = true;
      put(Arrays.copyOf(batch, size));
      put(END);
    }
    join();
    rethrow();
  }

  /** Stops the pipeline, discarding what waits; for a read that failed half way. */
  @Override
  public void close() {
    if (!ended) {
      ended = true;
      queue.clear();
      worker.interrupt();
    }
    join();
  }

  private void put(ResourceChange[] b) {
    try {
      queue.put(b);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      worker.interrupt();
      throw new SafeOpsException("interrupted while judging a plan; nothing was decided", e);
    }
  }

  private void join() {
    boolean interrupted = false;
    while (worker.isAlive()) {
      try {
        worker.join();
      } catch (InterruptedException e) {
        interrupted = true;
        worker.interrupt();
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private void rethrow() {
    Throwable t = failure;
    if (t == null) {
      return;
    }
    if (t instanceof RuntimeException r) {
      throw r;
    }
    if (t instanceof Error e) {
      throw e;
    }
    throw new SafeOpsException("judging a plan failed: " + t, t);
  }
}
