package io.github.squashtree.core.compression;

import io.github.squashtree.core.SquashfsFormatException;
import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * The compressor-specific settings stored in an image's compression-options block (right after the
 * superblock when the superblock flag says so), little-endian.
 *
 * <p>Readers mostly ignore them (streams describe themselves), except that xz's dictionary size
 * bounds the decoder's memory. Writers use them to pick levels and filters.
 */
public sealed interface CompressorOptions
    permits GzipOptions, XzOptions, Lz4Options, ZstdOptions, LzoOptions {

  /**
   * The compressor these options belong to.
   *
   * @return the compressor
   */
  Compression compression();

  /**
   * Bytes {@link #encodeTo} writes.
   *
   * @return the size in bytes
   */
  int encodedSize();

  /**
   * Writes the on-disk form at the buffer's position, little-endian whatever its order.
   *
   * @param buf where to write
   */
  void encodeTo(ByteBuffer buf);

  /**
   * Decodes an options block's contents for {@code compression}.
   *
   * @param compression the image's compressor
   * @param buf the options block's payload from its position; consumed by the options' size
   * @return empty if {@code buf} has nothing remaining (no options stored), else the options
   * @throws SquashfsFormatException if the payload is short, out of range, or given for lzma (which
   *     has no options)
   */
  static Optional<CompressorOptions> decode(Compression compression, ByteBuffer buf)
      throws SquashfsFormatException {
    if (!buf.hasRemaining()) {
      return Optional.empty();
    }
    return Optional.of(
        switch (compression) {
          case GZIP -> GzipOptions.decode(buf);
          case XZ -> XzOptions.decode(buf);
          case LZ4 -> Lz4Options.decode(buf);
          case ZSTD -> ZstdOptions.decode(buf);
          case LZO -> LzoOptions.decode(buf);
          // mksquashfs and the kernel both refuse an options block for lzma
          case LZMA ->
              throw new SquashfsFormatException(
                  "compression options: lzma has no options, but an options block is present");
        });
  }

  /**
   * The options mksquashfs uses when none are given: gzip level 9 window 15; xz dictionary = block
   * size, no filters; zstd level 15; lz4 without HC; lzo lzo1x_999 level 8; lzma none.
   *
   * @param compression the compressor
   * @param blockSize the image's block size (the default xz dictionary)
   * @return the defaults; empty for lzma
   */
  static Optional<CompressorOptions> defaults(Compression compression, int blockSize) {
    return switch (compression) {
      case GZIP -> Optional.of(GzipOptions.DEFAULT);
      case XZ -> Optional.of(new XzOptions(blockSize, 0));
      case LZ4 -> Optional.of(Lz4Options.DEFAULT);
      case ZSTD -> Optional.of(ZstdOptions.DEFAULT);
      case LZO -> Optional.of(LzoOptions.DEFAULT);
      case LZMA -> Optional.empty();
    };
  }
}
