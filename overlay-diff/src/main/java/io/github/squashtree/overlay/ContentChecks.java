package io.github.squashtree.overlay;

import io.github.squashtree.core.internal.WorkerPools;
import io.github.squashtree.core.tree.Entry;
import io.github.squashtree.core.tree.Tree;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.util.EnumSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Byte comparisons of equal-size file pairs for a checksumming {@link TreeComparator}: small files
 * on the calling thread, large ones on a few worker threads so that reading (and, for images,
 * decompressing) overlaps with the walk. At most two comparisons per worker wait at a time.
 */
final class ContentChecks implements AutoCloseable {
  /** Below this size a file is compared at once: handing it over costs more than it saves. */
  static final long PARALLEL_FROM = 1 << 20;

  private final Tree before;
  private final Tree after;
  private final Consumer<Change> sink;
  private final ExecutorService pool;
  private final Semaphore slots;
  private final int slotCount;
  private final AtomicReference<Exception> failure = new AtomicReference<>();

  ContentChecks(Tree before, Tree after, CompareOptions options, Consumer<Change> sink) {
    this.before = before;
    this.after = after;
    this.sink = sink;
    int threads = options.checksum() ? options.threads() : 1;
    this.pool =
        threads > 1
            ? Executors.newFixedThreadPool(
                threads,
                r -> {
                  Thread t = new Thread(r, "squashtree-compare");
                  t.setDaemon(true);
                  return t;
                })
            : null;
    this.slotCount = threads * 2;
    this.slots = new Semaphore(slotCount);
  }

  /**
   * Compares the content of {@code a} and {@code b}; emits a change if it or {@code fields} differ.
   */
  void submit(Entry a, Entry b, EnumSet<ChangeField> fields) throws IOException {
    if (pool == null || b.metadata().size() < PARALLEL_FROM) {
      emit(a, b, fields, ContentComparer.sameContent(before, a, after, b));
      return;
    }
    acquire(1);
    rethrow();
    pool.execute(
        () -> {
          try {
            emit(a, b, fields, ContentComparer.sameContent(before, a, after, b));
          } catch (IOException | RuntimeException e) {
            failure.compareAndSet(null, e);
          } finally {
            slots.release();
          }
        });
  }

  /** Waits for every comparison; throws the first failure of any. */
  void finish() throws IOException {
    acquire(slotCount);
    slots.release(slotCount);
    rethrow();
  }

  /**
   * Stops the comparisons and returns once none runs: after a failure, no change may reach the sink
   * (a sync applying it, say) once the comparison has ended.
   */
  @Override
  public void close() {
    if (pool != null) {
      WorkerPools.stopAndAwait(pool);
    }
  }

  private void emit(Entry a, Entry b, EnumSet<ChangeField> fields, boolean same) {
    EnumSet<ChangeField> f = EnumSet.copyOf(fields);
    if (!same) {
      f.add(ChangeField.CONTENT);
    }
    if (!f.isEmpty()) {
      ChangeKind kind = same ? ChangeKind.METADATA : ChangeKind.MODIFY;
      sink.accept(new Change(b.path(), kind, f, a, b));
    }
  }

  private void acquire(int n) throws InterruptedIOException {
    try {
      slots.acquire(n);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while comparing files");
    }
  }

  private void rethrow() throws IOException {
    Exception e = failure.get();
    if (e instanceof IOException io) {
      throw io;
    }
    if (e instanceof UncheckedIOException u) {
      throw u.getCause();
    }
    if (e instanceof RuntimeException r) {
      throw r;
    }
  }
}
