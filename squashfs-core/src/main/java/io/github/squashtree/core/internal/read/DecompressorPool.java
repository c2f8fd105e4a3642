package io.github.squashtree.core.internal.read;

import io.github.squashtree.core.compression.Compression;
import io.github.squashtree.core.compression.CompressorOptions;
import io.github.squashtree.core.internal.codec.Codecs;
import io.github.squashtree.core.internal.codec.Decompressor;
import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * Decompressors are stateful and costly to create; threads borrow one per block and give it back,
 * so each keeps its native context and buffers across blocks. Closing the pool (with the image)
 * frees their native state at once instead of leaving it to the collector.
 */
final class DecompressorPool {
  private static final int MAX_IDLE = 16;

  private final Compression compression;
  private final CompressorOptions options;
  private final ConcurrentLinkedDeque<Decompressor> idle = new ConcurrentLinkedDeque<>();
  private volatile boolean closed;

  DecompressorPool(Compression compression, CompressorOptions options) {
    this.compression = compression;
    this.options = options;
  }

  Decompressor borrow() {
    Decompressor d = idle.pollFirst();
    return d != null ? d : Codecs.decompressor(compression, options);
  }

  void release(Decompressor d) {
    if (closed || idle.size() >= MAX_IDLE) {
      d.close();
      return;
    }
    idle.offerFirst(d);
    if (closed) {
      closeIdle(); // close() ran meanwhile and may have missed this one
    }
  }

  /** Releases the idle decompressors' native state; ones still borrowed are closed on release. */
  void close() {
    closed = true;
    closeIdle();
  }

  private void closeIdle() {
    Decompressor d;
    while ((d = idle.pollFirst()) != null) {
      d.close();
    }
  }
}
