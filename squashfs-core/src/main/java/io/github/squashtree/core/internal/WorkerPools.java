package io.github.squashtree.core.internal;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

/** Ending the worker pools of extraction, writing and comparison. */
public final class WorkerPools {
  private WorkerPools() {}

  /**
   * Interrupts what {@code pool} runs, drops what it has queued, and returns once no task runs:
   * after a failure nothing may go on writing files, using a compressor that is to be freed, or
   * reporting to a caller that has moved on. An interrupt of the calling thread (maybe why the pool
   * is stopped) is kept for the caller rather than ending the wait: the tasks are interrupted and
   * end soon.
   *
   * @return the queued tasks that never ran, as {@link ExecutorService#shutdownNow} returns them
   */
  public static List<Runnable> stopAndAwait(ExecutorService pool) {
    List<Runnable> neverRan = pool.shutdownNow();
    boolean interrupted = false;
    while (!pool.isTerminated()) {
      try {
        pool.awaitTermination(1, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    return neverRan;
  }
}
