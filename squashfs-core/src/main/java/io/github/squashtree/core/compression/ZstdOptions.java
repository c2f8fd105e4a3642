package io.github.squashtree.core.compression;

import io.github.squashtree.core.SquashfsFormatException;
import java.nio.ByteBuffer;

/**
 * Zstd options: u32 compression level.
 *
 * @param level 1..22
 */
public record ZstdOptions(int level) implements CompressorOptions {
  static final int SIZE = 4;
  static final ZstdOptions DEFAULT = new ZstdOptions(15);

  /**
   * Checks the level.
   *
   * @param level 1..22
   */
  public ZstdOptions {
    OptionBytes.require(Compression.ZSTD, problem(level));
  }

  private static String problem(int level) {
    return level < 1 || level > 22 ? "level " + level + " not in 1..22" : null;
  }

  /**
   * Decodes 4 bytes; rejects out-of-range values.
   *
   * @param buf the options block's payload, from its position
   * @return the options
   * @throws SquashfsFormatException if it is short or out of range
   */
  public static ZstdOptions decode(ByteBuffer buf) throws SquashfsFormatException {
    int level = OptionBytes.take(buf, SIZE, Compression.ZSTD).getInt();
    OptionBytes.check(Compression.ZSTD, problem(level));
    return new ZstdOptions(level);
  }

  @Override
  public void encodeTo(ByteBuffer buf) {
    OptionBytes.put(buf, SIZE).putInt(level);
  }

  @Override
  public int encodedSize() {
    return SIZE;
  }

  @Override
  public Compression compression() {
    return Compression.ZSTD;
  }
}
