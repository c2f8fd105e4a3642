package io.github.squashtree.core.compression;

import io.github.squashtree.core.SquashfsFormatException;
import java.nio.ByteBuffer;

/**
 * Lz4 options (always present in lz4 images): u32 version, u32 flags.
 *
 * @param version format version, must be {@link #LEGACY_VERSION} (1)
 * @param flags {@link #HC} or 0; only affects compression
 */
public record Lz4Options(int version, int flags) implements CompressorOptions {
  /** The one format version the kernel reads: LZ4's legacy block format. */
  public static final int LEGACY_VERSION = 1;

  /** The high-compression flag: blocks were compressed with LZ4 HC (readers ignore it). */
  public static final int HC = 0x01;

  static final int SIZE = 8;
  static final Lz4Options DEFAULT = new Lz4Options(LEGACY_VERSION, 0);

  /**
   * Checks the version and that no unknown flag is set.
   *
   * @param version format version, must be {@link #LEGACY_VERSION} (1)
   * @param flags {@link #HC} or 0; only affects compression
   */
  public Lz4Options {
    OptionBytes.require(Compression.LZ4, problem(version, flags));
  }

  private static String problem(int version, int flags) {
    if (version != LEGACY_VERSION) {
      return "version " + version + " is not 1";
    }
    if ((flags & ~HC) != 0) {
      return "unknown flag bits 0x" + Integer.toHexString(flags);
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
  public static Lz4Options decode(ByteBuffer buf) throws SquashfsFormatException {
    ByteBuffer le = OptionBytes.take(buf, SIZE, Compression.LZ4);
    int version = le.getInt();
    int flags = le.getInt();
    OptionBytes.check(Compression.LZ4, problem(version, flags));
    return new Lz4Options(version, flags);
  }

  /**
   * Whether blocks are compressed in high-compression mode.
   *
   * @return whether {@link #HC} is set
   */
  public boolean highCompression() {
    return (flags & HC) != 0;
  }

  @Override
  public void encodeTo(ByteBuffer buf) {
    OptionBytes.put(buf, SIZE).putInt(version).putInt(flags);
  }

  @Override
  public int encodedSize() {
    return SIZE;
  }

  @Override
  public Compression compression() {
    return Compression.LZ4;
  }
}
