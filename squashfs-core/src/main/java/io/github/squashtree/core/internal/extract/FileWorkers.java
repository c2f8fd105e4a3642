package io.github.squashtree.core.internal.extract;

import io.github.squashtree.core.SquashfsFormatException;
import io.github.squashtree.core.internal.WorkerPools;
import io.github.squashtree.core.internal.read.ImageReader;
import java.io.IOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Decodes and writes files on a few threads while the walk goes on. The queue is bounded (the
 * walking thread runs a task itself when it is full), so memory stays flat for any image size.
 */
final class FileWorkers implements AutoCloseable {
  /** One file's work, given the calling thread's own block buffers. */
  interface Task {
    void run(FileContentWriter writer) throws IOException;

    /** Called instead of {@link #run} once another task has failed, to release resources. */
    default void skipped() {}
  }

  private final ImageReader image;
  private final ThreadPoolExecutor pool;
  private final ThreadLocal<FileContentWriter> writers;
  private final AtomicReference<Throwable> failure = new AtomicReference<>();

  /** Set when the extraction ends early: what is still queued is skipped, not run. */
  private volatile boolean cancelled;

  FileWorkers(ImageReader image, int threads) {
    this.image = image;
    this.writers = ThreadLocal.withInitial(() -> new FileContentWriter(image));
    this.pool =
        new ThreadPoolExecutor(
            threads,
            threads,
            1,
            TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(threads * 16),
            r -> {
              Thread t = new Thread(r, "sqfs-extract");
              t.setDaemon(true);
              return t;
            },
            new ThreadPoolExecutor.CallerRunsPolicy());
  }

  /** Runs {@code task} for the entry at {@code entryPath}, which a format error names. */
  void submit(String entryPath, Task task) throws IOException {
    rethrowFailure();
    pool.execute(() -> run(entryPath, task));
  }

  /**
   * Runs {@code task} on the calling thread, as a worker would (a failure is kept for {@link
   * #rethrowFailure}): for work smaller than handing it over, which costs a queue operation and
   * often a wake-up.
   */
  void runHere(String entryPath, Task task) throws IOException {
    rethrowFailure();
    run(entryPath, task);
  }

  private void run(String entryPath, Task task) {
    if (cancelled || failure.get() != null) {
      task.skipped();
      return;
    }
    try {
      task.run(writers.get());
    } catch (SquashfsFormatException e) {
      // The message tells the block; the path tells whose, as a user needs it.
      failure.compareAndSet(
          null, new SquashfsFormatException(entryPath + ": " + e.getMessage(), e));
    } catch (Throwable t) {
      failure.compareAndSet(null, t);
    }
  }

  /**
   * Ends the work from another thread: {@code why} becomes the failure the walk meets at its next
   * step, and what is still queued is skipped.
   */
  void cancel(IOException why) {
    failure.compareAndSet(null, why);
    cancelled = true;
  }

  /** Throws the first failure of any task, if one failed. */
  void rethrowFailure() throws IOException {
    Throwable t = failure.get();
    if (t instanceof IOException e) {
      throw e;
    }
    if (t instanceof RuntimeException e) {
      throw e;
    }
    if (t instanceof Error e) {
      throw e;
    }
  }

  void awaitAll() throws IOException {
    pool.shutdown();
    try {
      while (!pool.awaitTermination(1, TimeUnit.SECONDS)) {
        rethrowFailure(); // a failure or a cancel ends the wait (close() stops the rest)
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("extraction interrupted"); // close() stops the rest
    }
    rethrowFailure();
  }

  ImageReader image() {
    return image;
  }

  /**
   * Ends the workers. After {@link #awaitAll} there are none; otherwise the extraction failed on
   * the walking thread: queued tasks are skipped (closing their files), running ones interrupted,
   * and this returns once none runs, so that no worker still writes or restores metadata while the
   * output is removed, the image closed or the destination used again.
   */
  @Override
  public void close() {
    if (pool.isTerminated()) {
      return;
    }
    cancelled = true;
    // The tasks that never ran are run now only to be skipped (the flag is set): that closes
    // their files.
    WorkerPools.stopAndAwait(pool).forEach(Runnable::run);
  }
}
