package io.github.squashtree.core.internal.codec;

import java.io.IOException;

/**
 * Compresses one SquashFS block the way mksquashfs does for the same compressor and options.
 *
 * <p>Implementations are not thread-safe but are meant to be reused for many blocks.
 */
public interface Compressor extends AutoCloseable {

  /**
   * Compresses {@code src[srcOff, srcOff+srcLen)} into {@code dst[dstOff, dstOff+dstCapacity)}.
   *
   * <p>A writer passes {@code srcLen - 1} as capacity to learn whether compression helps at all.
   *
   * @return the compressed length, or {@code -1} if the result would not fit in {@code dstCapacity}
   *     (the contents of {@code dst} are then unspecified)
   * @throws IOException if the compression library fails
   * @throws IndexOutOfBoundsException if the ranges do not lie within the arrays
   */
  int compress(byte[] src, int srcOff, int srcLen, byte[] dst, int dstOff, int dstCapacity)
      throws IOException;

  /**
   * Frees what the compressor holds outside the heap (zlib's and zstd's state, megabytes at high
   * levels) now rather than at some later garbage collection; it is not used afterwards.
   */
  @Override
  default void close() {}
}
