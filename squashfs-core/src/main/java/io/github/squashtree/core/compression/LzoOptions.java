package io.github.squashtree.core.compression;

import io.github.squashtree.core.SquashfsFormatException;
import java.nio.ByteBuffer;

/**
 * Lzo options: u32 algorithm, u32 level.
 *
 * @param algorithm {@link #LZO1X_1}, {@link #LZO1X_1_11}, {@link #LZO1X_1_12}, {@link #LZO1X_1_15}
 *     or {@link #LZO1X_999}
 * @param level 0..9 for lzo1x_999, otherwise 0
 */
public record LzoOptions(int algorithm, int level) implements CompressorOptions {
  /** lzo1x_1. */
  public static final int LZO1X_1 = 0;

  /** lzo1x_1_11. */
  public static final int LZO1X_1_11 = 1;

  /** lzo1x_1_12. */
  public static final int LZO1X_1_12 = 2;

  /** lzo1x_1_15. */
  public static final int LZO1X_1_15 = 3;

  /** lzo1x_999, the only variant with levels, mksquashfs's default. */
  public static final int LZO1X_999 = 4;

  static final int SIZE = 8;
  static final LzoOptions DEFAULT = new LzoOptions(LZO1X_999, 8);

  /**
   * Checks the algorithm and that only lzo1x_999 has a level.
   *
   * @param algorithm {@link #LZO1X_1}, {@link #LZO1X_1_11}, {@link #LZO1X_1_12}, {@link
   *     #LZO1X_1_15} or {@link #LZO1X_999}
   * @param level 0..9 for lzo1x_999, otherwise 0
   */
  public LzoOptions {
    OptionBytes.require(Compression.LZO, problem(algorithm, level));
  }

  private static String problem(int algorithm, int level) {
    if (algorithm < LZO1X_1 || algorithm > LZO1X_999) {
      return "algorithm " + algorithm + " not in 0..4";
    }
    // only lzo1x_999 has levels; the other variants are fixed
    if (algorithm == LZO1X_999 ? level < 0 || level > 9 : level != 0) {
      return "level " + level + " invalid for algorithm " + algorithm;
    }
    return null;
  }

  /**
   * Decodes 8 bytes; rejects out-of-range values.
   *
   * @param buf the options block's payload, from its position
   * @return the options
   * @throws SquashfsFormatException if it is short or out of range
   */
  public static LzoOptions decode(ByteBuffer buf) throws SquashfsFormatException {
    ByteBuffer le = OptionBytes.take(buf, SIZE, Compression.LZO);
    int algorithm = le.getInt();
    int level = le.getInt();
    OptionBytes.check(Compression.LZO, problem(algorithm, level));
    return new LzoOptions(algorithm, level);
  }

  @Override
  public void encodeTo(ByteBuffer buf) {
    OptionBytes.put(buf, SIZE).putInt(algorithm).putInt(level);
  }

  @Override
  public int encodedSize() {
    return SIZE;
  }

  @Override
  public Compression compression() {
    return Compression.LZO;
  }
}
