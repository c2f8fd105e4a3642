package io.github.squashtree.core.write;

import io.github.squashtree.core.compression.Compression;
import io.github.squashtree.core.compression.CompressorOptions;
import io.github.squashtree.core.compression.DeflateImplementation;
import io.github.squashtree.core.internal.WorkerPools;
import io.github.squashtree.core.internal.codec.Codecs;
import io.github.squashtree.core.internal.codec.Compressor;
import io.github.squashtree.core.internal.format.DataBlock;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;

/**
 * Compresses data blocks on a pool and writes them to the image in submission order, so the output
 * is the same at any thread count. At most a few blocks per thread are in flight, which bounds
 * memory.
 */
final class BlockPipeline implements AutoCloseable {
  /** Told where a block landed and with which size word. */
  interface Placement {
    void placed(long position, int sizeWord);
  }

  /** A queued block, with the arrays that are free again once it is written. */
  private record Pending(Future<Packed> packed, Placement placement, byte[] input, byte[] output) {}

  /** A block ready to be written: compressed, or stored when compression did not help. */
  private record Packed(byte[] data, int length, boolean compressed) {}

  private final ImageOutput out;
  private final ExecutorService pool;
  private final ThreadLocal<Compressor> compressors;

  /** Every compressor the workers made, closed once no worker can use one any more. */
  private final Queue<Compressor> made = new ConcurrentLinkedQueue<>();

  private final ArrayDeque<Pending> pending = new ArrayDeque<>();
  private final int maxPending;
  private final int blockSize;

  /**
   * Block-sized arrays already written out, handed out again by {@link #buffer()}: without them
   * every block cost two fresh 128-KiB arrays, and the young collections they caused (sixty in a
   * 300-MB write, copying the blocks still in flight each time) stopped every thread for 0.4 s.
   * Used by the writing thread only.
   */
  private final ArrayDeque<byte[]> free = new ArrayDeque<>();

  BlockPipeline(
      ImageOutput out,
      Compression compression,
      CompressorOptions options,
      int blockSize,
      DeflateImplementation deflate,
      int threads) {
    this(
        out, () -> Codecs.compressor(compression, options, blockSize, deflate), blockSize, threads);
  }

  /** A pipeline whose workers each make their compressor with {@code compressors}. */
  BlockPipeline(ImageOutput out, Supplier<Compressor> compressors, int blockSize, int threads) {
    this.out = out;
    this.blockSize = blockSize;
    this.maxPending = threads * 4;
    this.compressors =
        ThreadLocal.withInitial(
            () -> {
              Compressor c = compressors.get();
              made.add(c);
              return c;
            });
    this.pool =
        Executors.newFixedThreadPool(
            threads,
            r -> {
              Thread t = new Thread(r, "sqfs-compress");
              t.setDaemon(true);
              return t;
            });
  }

  /** A block-sized array to fill and {@link #submit}; one written out already when there is one. */
  byte[] buffer() {
    byte[] b = free.pollFirst();
    return b != null ? b : new byte[blockSize];
  }

  /**
   * Takes back a block-sized array no longer needed (say, one from {@link #buffer()} not
   * submitted).
   */
  void release(byte[] array) {
    // Arrays of other sizes (a short file's content) are left to the collector; a few spare
    // blocks per thread are plenty, since at most maxPending are in flight.
    if (array != null && array.length == blockSize && free.size() < maxPending + 4) {
      free.addFirst(array);
    }
  }

  /** Queues a block (the pipeline takes ownership of {@code data}). */
  void submit(byte[] data, int length, Placement placement) throws IOException {
    byte[] dst = buffer();
    Future<Packed> packed =
        pool.submit(
            () -> {
              int n;
              try {
                n = compressors.get().compress(data, 0, length, dst, 0, length - 1);
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
              return n > 0 ? new Packed(dst, n, true) : new Packed(data, length, false);
            });
    pending.addLast(new Pending(packed, placement, data, dst));
    while (pending.size() > maxPending) {
      writeOldest();
    }
  }

  /**
   * Queues a block that is already in its stored form: {@code compressed} bytes from a source image
   * with the same compression, or the content kept uncompressed (the pipeline takes {@code data}).
   */
  void submitStored(byte[] data, int length, boolean compressed, Placement placement)
      throws IOException {
    pending.addLast(
        new Pending(
            CompletableFuture.completedFuture(new Packed(data, length, compressed)),
            placement,
            data,
            null));
    while (pending.size() > maxPending) {
      writeOldest();
    }
  }

  /** Records an all-zero block at the current position without writing anything. */
  void submitSparse(Placement placement) throws IOException {
    pending.addLast(new Pending(null, placement, null, null));
    if (pending.size() > maxPending) {
      writeOldest();
    }
  }

  /** Writes everything still queued. */
  void drain() throws IOException {
    while (!pending.isEmpty()) {
      writeOldest();
    }
  }

  private void writeOldest() throws IOException {
    Pending p = pending.removeFirst();
    long at = out.position();
    if (p.packed() == null) {
      p.placement().placed(at, 0);
      return;
    }
    Packed block;
    try {
      block = p.packed().get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while compressing");
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof UncheckedIOException u) {
        throw u.getCause();
      }
      throw new IOException("compression failed: " + cause, cause);
    }
    out.write(block.data(), 0, block.length());
    release(p.input());
    release(p.output());
    p.placement().placed(at, DataBlock.word(block.length(), block.compressed()));
  }

  /**
   * Stops the workers (interrupting any still compressing, after a failure) and, once none runs,
   * closes their compressors: a zstd context is megabytes outside the heap, and a process that
   * writes many images (a build daemon) would otherwise hold them until a full collection.
   */
  @Override
  public void close() {
    WorkerPools.stopAndAwait(pool);
    Compressor c;
    while ((c = made.poll()) != null) {
      c.close(); // each once, however often the pipeline is closed
    }
  }
}
