package io.github.squashtree.core.read;

import io.github.squashtree.core.codec.Codecs;
import io.github.squashtree.core.codec.Compression;
import io.github.squashtree.core.codec.CompressorOptions;
import io.github.squashtree.core.codec.Decompressor;
import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * Decompressors are stateful and costly to create; threads borrow one per block and give it back,
 * so each keeps its native context and buffers across blocks.
 */
final class DecompressorPool {
  private static final int MAX_IDLE = 16;

  private final Compression compression;
  private final CompressorOptions options;
  private final ConcurrentLinkedDeque<Decompressor> idle = new ConcurrentLinkedDeque<>();

  DecompressorPool(Compression compression, CompressorOptions options) {
    this.compression = compression;
    this.options = options;
  }

  Decompressor borrow() {
    Decompressor d = idle.pollFirst();
    return d != null ? d : Codecs.decompressor(compression, options);
  }

  void release(Decompressor d) {
    if (idle.size() < MAX_IDLE) {
      idle.offerFirst(d);
    }
  }
}
