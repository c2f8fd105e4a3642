package io.github.squashtree.core.internal.codec;

import io.github.squashtree.core.compression.Compression;
import io.github.squashtree.core.compression.CompressorOptions;
import io.github.squashtree.core.compression.DeflateImplementation;
import io.github.squashtree.core.compression.GzipOptions;
import io.github.squashtree.core.compression.Lz4Options;
import io.github.squashtree.core.compression.LzoOptions;
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
   * <p>gzip blocks are inflated by libdeflate where it loads, else by the JDK's zlib: any inflater
   * gives the same bytes, so this choice, unlike the compressor's, is made quietly.
   *
   * @param options the image's compression options, or {@code null} if it stores none; for xz the
   *     dictionary size bounds the decoder's memory (at least 1 MiB is always allowed)
   * @throws IllegalArgumentException if the options belong to another compression
   */
  public static Decompressor decompressor(Compression compression, CompressorOptions options) {
    checkMatch(compression, options);
    return switch (compression) {
      case GZIP ->
          gzipDecompressor(
              Libdeflate.available()
                  ? DeflateImplementation.LIBDEFLATE
                  : DeflateImplementation.ZLIB);
      case LZMA -> new LzmaDecompressor();
      case LZO -> new LzoDecompressor();
      case XZ -> new XzDecompressor((XzOptions) options);
      case LZ4 -> new Lz4Decompressor();
      case ZSTD -> new ZstdDecompressor();
    };
  }

  /**
   * A gzip decompressor of the given implementation (tests and benchmarks compare them).
   *
   * @throws IllegalStateException if libdeflate is asked for and cannot be used here
   */
  public static Decompressor gzipDecompressor(DeflateImplementation implementation) {
    return switch (implementation) {
      case LIBDEFLATE -> {
        requireLibdeflate();
        yield new LibdeflateGzipDecompressor();
      }
      case ZLIB -> new GzipDecompressor();
    };
  }

  /**
   * As {@link #compressor(Compression, CompressorOptions, int, DeflateImplementation)} with gzip
   * written by zlib, as mksquashfs writes it.
   */
  public static Compressor compressor(
      Compression compression, CompressorOptions options, int blockSize) {
    return compressor(compression, options, blockSize, DeflateImplementation.ZLIB);
  }

  /**
   * A new compressor (not thread-safe; make one per worker) producing what mksquashfs would, or for
   * gzip with libdeflate what libdeflate makes at the same level.
   *
   * @param options the options to honour, or {@code null} for the writer's defaults
   * @param blockSize the image's block size; the lzma dictionary and the default xz dictionary
   * @param deflate the gzip compressor; libdeflate must be usable ({@link #libdeflateProblem})
   * @throws IllegalArgumentException if the options belong to another compression or the block size
   *     is not a power of two in 4 KiB..1 MiB
   */
  public static Compressor compressor(
      Compression compression,
      CompressorOptions options,
      int blockSize,
      DeflateImplementation deflate) {
    checkMatch(compression, options);
    if (blockSize < 4096 || blockSize > 1 << 20 || Integer.bitCount(blockSize) != 1) {
      throw new IllegalArgumentException("block size " + blockSize + " invalid");
    }
    CompressorOptions opts = options != null ? options : writerDefaults(compression, blockSize);
    String refused = unwritable(opts);
    if (refused != null) {
      throw new IllegalArgumentException(refused);
    }
    try {
      return switch (compression) {
        case GZIP ->
            switch (deflate) {
              case LIBDEFLATE -> {
                requireLibdeflate();
                yield new LibdeflateGzipCompressor((GzipOptions) opts);
              }
              case ZLIB -> new GzipCompressor((GzipOptions) opts);
            };
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

  /**
   * The options a write uses when none are given: mksquashfs's defaults, except for lzo, which is
   * written with aircompressor's LZO1X-1 and so says lzo1x_1 (what {@code mksquashfs -Xalgorithm
   * lzo1x_1} writes), not mksquashfs's default lzo1x_999 level 8.
   *
   * @return the options, or {@code null} for lzma, which has none
   */
  public static CompressorOptions writerDefaults(Compression compression, int blockSize) {
    return compression == Compression.LZO
        ? WRITTEN_LZO
        : CompressorOptions.defaults(compression, blockSize).orElse(null);
  }

  private static final LzoOptions WRITTEN_LZO = new LzoOptions(LzoOptions.LZO1X_1, 0);

  /**
   * Why options cannot be written ({@code null} if they can): an image's options describe its data,
   * and lzo is only ever compressed as lzo1x_1.
   */
  public static String unwritable(CompressorOptions options) {
    if (options instanceof LzoOptions lzo && !lzo.equals(WRITTEN_LZO)) {
      return "lzo is written as lzo1x_1 (aircompressor's LZO1X-1, as mksquashfs -Xalgorithm"
          + " lzo1x_1), which has no level; other lzo algorithms and levels cannot be written";
    }
    return null;
  }

  /**
   * Why gzip cannot be written with libdeflate in this JVM ({@code null} if it can), naming the
   * library and the way out. A write never falls back to zlib by itself: the bytes would change.
   */
  public static String libdeflateProblem() {
    if (Libdeflate.available()) {
      return null;
    }
    return "gzip with libdeflate needs "
        + Libdeflate.ARTIFACT
        + ", which cannot be used here ("
        + Libdeflate.unavailableReason()
        + "): add it, or write with zlib (DeflateImplementation.ZLIB, sqfs mk --deflate zlib),"
        + " which gives other bytes";
  }

  /** Whether libdeflate can be used in this JVM. */
  public static boolean libdeflateAvailable() {
    return Libdeflate.available();
  }

  private static void requireLibdeflate() {
    if (!Libdeflate.available()) {
      throw new IllegalStateException(
          "libdeflate cannot be used: " + Libdeflate.unavailableReason());
    }
  }

  private static void checkMatch(Compression compression, CompressorOptions options) {
    if (options != null && options.compression() != compression) {
      throw new IllegalArgumentException(
          options.compression().label() + " options given for " + compression.label());
    }
  }
}
