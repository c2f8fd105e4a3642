package io.github.squashtree.core.internal.codec;

import io.github.squashtree.core.SquashfsFormatException;

/**
 * Decodes one compressed SquashFS block (a metadata block or a data block) into a caller's buffer.
 *
 * <p>Implementations are not thread-safe but are meant to be reused for many blocks: they keep
 * their library state (inflater, zstd context, array caches) between calls.
 */
public interface Decompressor {

  /**
   * Decodes {@code src[srcOff, srcOff+srcLen)} into {@code dst[dstOff, dstOff+dstCapacity)}.
   *
   * <p>Never allocates more than a small constant plus {@code dstCapacity} (plus, for xz, the
   * dictionary the compression options allow), however the input is crafted.
   *
   * @return the number of bytes decoded
   * @throws SquashfsFormatException if the input is corrupt, truncated or unsupported, or decodes
   *     to more than {@code dstCapacity} bytes; no other exception results from the input bytes
   * @throws IndexOutOfBoundsException if the ranges do not lie within the arrays (a caller bug)
   */
  int decompress(byte[] src, int srcOff, int srcLen, byte[] dst, int dstOff, int dstCapacity)
      throws SquashfsFormatException;

  /**
   * Releases what the decompressor holds outside the heap (zlib's and zstd's native state) at once
   * rather than when it is collected. It must not be used afterwards. The default does nothing.
   */
  default void close() {}
}
