package io.github.squashtree.core.internal.codec;

import io.github.squashtree.core.SquashfsFormatException;
import io.github.squashtree.core.compression.Compression;
import java.io.IOException;
import java.io.InputStream;

/** Reads a decoding stream to its end into a bounded buffer. */
final class StreamDrain {
  private final byte[] probe = new byte[1];

  /**
   * Reads {@code in} until end of stream into {@code dst[off, off+cap)}.
   *
   * @throws SquashfsFormatException if the stream yields more than {@code cap} bytes
   * @throws IOException from the stream itself (corrupt data)
   */
  int drain(Compression c, InputStream in, byte[] dst, int off, int cap) throws IOException {
    int total = 0;
    while (total < cap) {
      int n = in.read(dst, off + total, cap - total);
      if (n < 0) {
        return total;
      }
      total += n;
    }
    // full: the stream must end here (this read also verifies the stream's check and index)
    if (in.read(probe, 0, 1) >= 0) {
      throw Blocks.tooLarge(c, cap);
    }
    return total;
  }
}
