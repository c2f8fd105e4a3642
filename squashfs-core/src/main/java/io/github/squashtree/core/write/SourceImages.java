package io.github.squashtree.core.write;

import io.github.squashtree.core.compression.CompressorOptions;
import io.github.squashtree.core.internal.codec.Codecs;
import io.github.squashtree.core.internal.codec.Compressor;
import io.github.squashtree.core.internal.format.DataBlock;
import io.github.squashtree.core.internal.read.ImageReader;
import java.io.IOException;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What a write knows of the images its files come from, learnt when it first meets a file of each:
 * whether their blocks can be copied as stored.
 */
final class SourceImages implements AutoCloseable {
  private final WriterOptions options;
  private final CompressorOptions codecOptions;
  private final int blockSize;
  private final Map<ImageReader, Blocks> images = new IdentityHashMap<>();
  private Compressor probe;

  /**
   * @param codecOptions the codec settings the write compresses with ({@code null} for lzma)
   */
  SourceImages(WriterOptions options, CompressorOptions codecOptions) {
    this.options = options;
    this.codecOptions = codecOptions;
    this.blockSize = options.blockSize();
  }

  /** What this write knows of {@code image}'s blocks. */
  Blocks of(ImageReader image) {
    return images.computeIfAbsent(image, i -> new Blocks(sameSettings(i)));
  }

  /** Whether {@code image} stores blocks with the codec, settings and block size of this write. */
  private boolean sameSettings(ImageReader image) {
    if (image.compression() != options.compression()
        || image.superblock().blockSize() != blockSize) {
      return false;
    }
    CompressorOptions theirs =
        image
            .compressorOptions()
            .or(() -> CompressorOptions.defaults(image.compression(), blockSize))
            .orElse(null);
    return Objects.equals(theirs, codecOptions);
  }

  /** Frees the compressor that checked source images' blocks, if one was made. */
  @Override
  public void close() {
    if (probe != null) {
      probe.close();
    }
  }

  /**
   * A source image's blocks as this write sees them. The same settings do not make the same bytes:
   * another library or version (mksquashfs's libzstd 1.5.4 against zstd-jni's 1.5.7) compresses
   * otherwise. So the first {@link #PROBES} compressed blocks are compressed here too and compared;
   * one that differs makes the image foreign, and its files are compressed again from then on.
   */
  final class Blocks {
    private static final int PROBES = 4;
    private final boolean sameSettings;
    private int confirmed;
    private boolean foreign;

    Blocks(boolean sameSettings) {
      this.sameSettings = sameSettings;
    }

    boolean copyable() {
      return sameSettings && !foreign;
    }

    /** Whether the stored form ({@code raw}, {@code word}) of {@code block} is what we make. */
    boolean confirms(byte[] block, int length, byte[] raw, int word) throws IOException {
      if (confirmed >= PROBES) {
        return true;
      }
      if (probe == null) {
        probe =
            Codecs.compressor(options.compression(), codecOptions, blockSize, options.deflate());
      }
      byte[] ours = new byte[blockSize];
      int n = probe.compress(block, 0, length, ours, 0, length - 1);
      boolean compressed = DataBlock.isCompressed(word);
      boolean same =
          compressed
              ? n == DataBlock.storedSize(word) && Arrays.equals(ours, 0, n, raw, 0, n)
              : n <= 0;
      if (same) {
        // A block neither compressor could shrink is copied but proves nothing about the image's
        // compressor (zlib and libdeflate both store random data as it is): only compressed ones
        // count as probes.
        if (compressed) {
          confirmed++;
        }
      } else {
        foreign = true;
      }
      return same;
    }
  }
}
