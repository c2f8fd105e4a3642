package io.github.squashtree.cli;

import io.github.squashtree.core.image.ReaderOptions;
import io.github.squashtree.core.internal.io.ByteSource;
import io.github.squashtree.core.internal.read.ImageReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import picocli.CommandLine.Option;

/**
 * {@code --offset BYTES}: the image starts that far into its file (an AppImage, a firmware blob),
 * as {@code unsquashfs -o} and {@code mksquashfs -o} take it.
 */
final class OffsetOption {
  @Option(
      names = {"-o", "--offset"},
      paramLabel = "BYTES",
      description =
          "The image starts BYTES into the file (K, M, G suffixes), as unsquashfs/mksquashfs -o.")
  String offset;

  /** The offset in bytes; 0 when none was given. */
  long bytes() throws Main.UsageException {
    return offset == null ? 0 : parse(offset);
  }

  ReaderOptions readerOptions() throws Main.UsageException {
    return ReaderOptions.defaults().withOffset(bytes());
  }

  ImageReader open(Path image) throws IOException, Main.UsageException {
    return ImageReader.open(ByteSource.of(image), readerOptions());
  }

  /** Bytes, with an optional K, M or G suffix (powers of 1024), as mksquashfs parses -o. */
  static long parse(String text) throws Main.UsageException {
    String t = text.trim().toUpperCase(Locale.ROOT);
    long unit = 1;
    if (t.endsWith("K") || t.endsWith("M") || t.endsWith("G")) {
      char u = t.charAt(t.length() - 1);
      unit = u == 'K' ? 1L << 10 : u == 'M' ? 1L << 20 : 1L << 30;
      t = t.substring(0, t.length() - 1);
    }
    try {
      long n = Long.parseLong(t);
      if (n >= 0 && n <= Long.MAX_VALUE / unit) {
        return n * unit;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new Main.UsageException("--offset: not a byte count: " + text);
  }
}
