package io.github.squashtree.core.internal.codec;

import io.github.squashtree.core.compression.Compression;
import io.github.squashtree.core.compression.CompressorOptions;
import io.github.squashtree.core.compression.GzipOptions;
import io.github.squashtree.core.compression.Lz4Options;
import io.github.squashtree.core.compression.XzOptions;
import io.github.squashtree.core.compression.ZstdOptions;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Creates the block compressor and decompressor for a compression and its options. Names no class
 * of an optional library itself, so that it loads without them ({@link CodecLibrary}).
 */
public final class Codecs {
  private Codecs() {}

  /**
   * A new decompressor (not thread-safe; make one per worker).
   *
   * @param options the image's compression options, or {@code null} if it stores none; for xz the
   *     dictionary size bounds the decoder's memory (at least 1 MiB is always allowed)
   * @throws IllegalArgumentException if the options belong to another compression
   */
  public static Decompressor decompressor(Compression compression, CompressorOptions options) {
    checkMatch(compression, options);
    return switch (compression) {
      case GZIP -> new GzipDecompressor();
      case LZMA -> new LzmaDecompressor();
      case LZO -> new LzoDecompressor();
      case XZ -> new XzDecompressor((XzOptions) options);
      case LZ4 -> new Lz4Decompressor();
      case ZSTD -> new ZstdDecompressor();
    };
  }

  /**
   * A new compressor (not thread-safe; make one per worker) producing what mksquashfs would.
   *
   * @param options the options to honour, or {@code null} for mksquashfs's defaults
   * @param blockSize the image's block size; the lzma dictionary and the default xz dictionary
   * @throws IllegalArgumentException if the options belong to another compression or the block size
   *     is not a power of two in 4 KiB..1 MiB
   */
  public static Compressor compressor(
      Compression compression, CompressorOptions options, int blockSize) {
    checkMatch(compression, options);
    if (blockSize < 4096 || blockSize > 1 << 20 || Integer.bitCount(blockSize) != 1) {
      throw new IllegalArgumentException("block size " + blockSize + " invalid");
    }
    CompressorOptions opts =
        options != null ? options : CompressorOptions.defaults(compression, blockSize).orElse(null);
    try {
      return switch (compression) {
        case GZIP -> new GzipCompressor((GzipOptions) opts);
        case LZMA -> new LzmaCompressor(blockSize);
        case LZO -> AirliftCompressor.lzo();
        case XZ -> new XzCompressor((XzOptions) opts);
        case LZ4 ->
            ((Lz4Options) opts).highCompression() ? new Lz4HcCompressor() : AirliftCompressor.lz4();
        case ZSTD -> new ZstdCompressor((ZstdOptions) opts);
      };
    } catch (IOException e) {
      // only xz-java's option setters throw, and the options were validated already
      throw new UncheckedIOException(e);
    }
  }

  private static void checkMatch(Compression compression, CompressorOptions options) {
    if (options != null && options.compression() != compression) {
      throw new IllegalArgumentException(
          options.compression().label() + " options given for " + compression.label());
    }
  }
}
