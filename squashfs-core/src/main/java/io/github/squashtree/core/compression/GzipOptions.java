package io.github.squashtree.core.compression;

import io.github.squashtree.core.SquashfsFormatException;
import java.nio.ByteBuffer;

/**
 * Gzip (zlib) options: u32 level, u16 window bits, u16 strategy bit set.
 *
 * @param level compression level, 1..9
 * @param windowSize zlib window bits, 8..15
 * @param strategies strategies to try, keeping the smallest: {@link #DEFAULT_STRATEGY}, {@link
 *     #FILTERED}, {@link #HUFFMAN_ONLY}, {@link #RLE}, {@link #FIXED}; 0 means default only
 */
public record GzipOptions(int level, int windowSize, int strategies) implements CompressorOptions {
  /** zlib's default strategy. */
  public static final int DEFAULT_STRATEGY = 0x01;

  /** zlib's {@code Z_FILTERED} strategy. */
  public static final int FILTERED = 0x02;

  /** zlib's {@code Z_HUFFMAN_ONLY} strategy. */
  public static final int HUFFMAN_ONLY = 0x04;

  /** zlib's {@code Z_RLE} strategy. */
  public static final int RLE = 0x08;

  /** zlib's {@code Z_FIXED} strategy. */
  public static final int FIXED = 0x10;

  static final int SIZE = 8;
  static final GzipOptions DEFAULT = new GzipOptions(9, 15, 0);

  /**
   * Checks the ranges mksquashfs and the kernel accept.
   *
   * @param level compression level, 1..9
   * @param windowSize zlib window bits, 8..15
   * @param strategies strategies to try, keeping the smallest: {@link #DEFAULT_STRATEGY}, {@link
   *     #FILTERED}, {@link #HUFFMAN_ONLY}, {@link #RLE}, {@link #FIXED}; 0 means default only
   */
  public GzipOptions {
    OptionBytes.require(Compression.GZIP, problem(level, windowSize, strategies));
  }

  private static String problem(int level, int windowSize, int strategies) {
    if (level < 1 || level > 9) {
      return "level " + level + " not in 1..9";
    }
    if (windowSize < 8 || windowSize > 15) {
      return "window size " + windowSize + " not in 8..15";
    }
    if ((strategies & ~0x1f) != 0) {
      return "unknown strategy bits 0x" + Integer.toHexString(strategies);
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
  public static GzipOptions decode(ByteBuffer buf) throws SquashfsFormatException {
    ByteBuffer le = OptionBytes.take(buf, SIZE, Compression.GZIP);
    int level = le.getInt();
    int window = Short.toUnsignedInt(le.getShort());
    int strategies = Short.toUnsignedInt(le.getShort());
    OptionBytes.check(Compression.GZIP, problem(level, window, strategies));
    return new GzipOptions(level, window, strategies);
  }

  @Override
  public void encodeTo(ByteBuffer buf) {
    OptionBytes.put(buf, SIZE)
        .putInt(level)
        .putShort((short) windowSize)
        .putShort((short) strategies);
  }

  @Override
  public int encodedSize() {
    return SIZE;
  }

  @Override
  public Compression compression() {
    return Compression.GZIP;
  }
}
