package io.github.squashtree.maven;

import io.github.squashtree.core.compression.Compression;
import io.github.squashtree.core.compression.CompressorOptions;
import io.github.squashtree.core.compression.DeflateImplementation;
import io.github.squashtree.core.compression.GzipOptions;
import io.github.squashtree.core.compression.ZstdOptions;
import io.github.squashtree.core.write.WriterOptions;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.OptionalLong;
import org.apache.maven.plugin.MojoFailureException;

/** Turns the goals' parameters into writer options; a bad one fails naming the parameter. */
final class ImageSettings {
  private ImageSettings() {}

  static WriterOptions writerOptions(
      String goal,
      String compression,
      Integer level,
      String deflate,
      String blockSize,
      String outputTimestamp)
      throws MojoFailureException {
    Compression codec;
    try {
      codec = Compression.fromLabel(compression.trim().toLowerCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw bad(
          goal,
          "compression",
          "unknown codec '" + compression + "'" + " (gzip, xz, zstd, lz4, lzo or lzma)");
    }
    int block = (int) size(goal, "blockSize", blockSize);
    CompressorOptions codecOptions = null;
    if (level != null) {
      try {
        codecOptions =
            switch (codec) {
              case GZIP -> new GzipOptions(level, 15, 0);
              case ZSTD -> new ZstdOptions(level);
              case LZO ->
                  throw bad(
                      goal,
                      "level",
                      "is for gzip and zstd: lzo is written as lzo1x_1," + " which has no levels");
              default -> throw bad(goal, "level", "is for gzip and zstd, not " + codec.label());
            };
      } catch (IllegalArgumentException e) {
        throw bad(goal, "level", e.getMessage());
      }
    }
    DeflateImplementation impl;
    try {
      impl = DeflateImplementation.fromLabel(deflate.trim().toLowerCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw bad(goal, "deflate", "'" + deflate + "' is neither libdeflate nor zlib");
    }
    WriterOptions o;
    try {
      o =
          WriterOptions.defaults()
              .withBlockSize(block)
              .withCompression(codec, codecOptions)
              .withDeflate(impl);
    } catch (IllegalArgumentException e) {
      throw bad(goal, "blockSize", e.getMessage());
    }
    OptionalLong epoch = outputTimestamp(goal, outputTimestamp);
    if (epoch.isPresent()) {
      // As mksquashfs with SOURCE_DATE_EPOCH: the creation time, and later mtimes clamped to it.
      o = o.withMkfsTime(epoch).withClampTime(epoch);
    }
    return o;
  }

  /**
   * {@code project.build.outputTimestamp} in seconds: an ISO-8601 date-time or seconds since the
   * epoch; empty when unset or a single character (how Maven's own plugins turn it off).
   */
  static OptionalLong outputTimestamp(String goal, String value) throws MojoFailureException {
    if (value == null || value.trim().length() < 2) {
      return OptionalLong.empty();
    }
    String v = value.trim();
    long seconds;
    try {
      seconds =
          v.chars().allMatch(Character::isDigit)
              ? Long.parseLong(v)
              : OffsetDateTime.parse(v).toInstant().getEpochSecond();
    } catch (NumberFormatException | DateTimeParseException e) {
      try {
        seconds = Instant.parse(v).getEpochSecond();
      } catch (DateTimeParseException e2) {
        throw bad(goal, "outputTimestamp", "not an ISO-8601 date-time nor seconds: '" + v + "'");
      }
    }
    if (seconds < 0 || seconds > 0xFFFFFFFFL) {
      throw bad(goal, "outputTimestamp", "outside what SquashFS stores (1970 to 2106): " + v);
    }
    return OptionalLong.of(seconds);
  }

  /** Bytes with an optional K or M suffix (powers of 1024). */
  static long size(String goal, String parameter, String text) throws MojoFailureException {
    String t = text.trim().toUpperCase(Locale.ROOT);
    long unit = 1;
    if (t.endsWith("K") || t.endsWith("M")) {
      unit = t.endsWith("K") ? 1024 : 1024 * 1024;
      t = t.substring(0, t.length() - 1);
    }
    try {
      long n = Long.parseLong(t);
      if (n > 0 && n <= Integer.MAX_VALUE / unit) {
        return n * unit;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw bad(goal, parameter, "not a size in bytes (K, M suffixes): '" + text + "'");
  }

  static MojoFailureException bad(String goal, String parameter, String why) {
    return new MojoFailureException(
        "squashtree:" + goal + ": parameter '" + parameter + "': " + why);
  }
}
