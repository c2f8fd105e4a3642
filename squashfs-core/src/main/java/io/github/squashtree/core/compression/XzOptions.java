package io.github.squashtree.core.compression;

import io.github.squashtree.core.SquashfsFormatException;
import java.nio.ByteBuffer;

/**
 * Xz options: u32 dictionary size, u32 bit set of branch/call/jump filters to try.
 *
 * @param dictionarySize LZMA2 dictionary, 4 KiB..768 MiB (LZMA2's limit), of the form 2^n or 2^n +
 *     2^(n-1); mksquashfs keeps it at most the block size
 * @param filters {@link #X86}, {@link #POWERPC}, {@link #IA64}, {@link #ARM}, {@link #ARMTHUMB},
 *     {@link #SPARC}; the writer tries none and each of these and keeps the smallest
 */
public record XzOptions(int dictionarySize, int filters) implements CompressorOptions {
  /** The x86 branch/call/jump filter (BCJ). */
  public static final int X86 = 0x01;

  /** The PowerPC branch filter. */
  public static final int POWERPC = 0x02;

  /** The IA-64 (Itanium) branch filter. */
  public static final int IA64 = 0x04;

  /** The ARM branch filter. */
  public static final int ARM = 0x08;

  /** The ARM-Thumb branch filter. */
  public static final int ARMTHUMB = 0x10;

  /** The SPARC branch filter. */
  public static final int SPARC = 0x20;

  static final int ALL_FILTERS = 0x3f;
  static final int SIZE = 8;
  static final int MIN_DICTIONARY = 4 << 10;
  static final int MAX_DICTIONARY = 768 << 20;

  /**
   * Checks the ranges mksquashfs and the kernel accept.
   *
   * @param dictionarySize LZMA2 dictionary, 4 KiB..768 MiB (LZMA2's limit), of the form 2^n or 2^n
   *     + 2^(n-1); mksquashfs keeps it at most the block size
   * @param filters {@link #X86}, {@link #POWERPC}, {@link #IA64}, {@link #ARM}, {@link #ARMTHUMB},
   *     {@link #SPARC}; the writer tries none and each of these and keeps the smallest
   */
  public XzOptions {
    OptionBytes.require(Compression.XZ, problem(dictionarySize, filters));
  }

  private static String problem(int dict, int filters) {
    // LZMA2's minimum is 4 KiB; the kernel also accepts (and rounds up) anything that small
    if (dict < MIN_DICTIONARY || dict > MAX_DICTIONARY) {
      return "dictionary size " + Integer.toUnsignedString(dict) + " not in 4 KiB..768 MiB";
    }
    // the LZMA2 header can only express these sizes; the kernel rejects the others
    int low = Integer.lowestOneBit(dict);
    if (dict != low && dict != low + (low << 1)) {
      return "dictionary size " + dict + " is neither 2^n nor 2^n + 2^(n-1)";
    }
    if ((filters & ~ALL_FILTERS) != 0) {
      return "unknown filter bits 0x" + Integer.toHexString(filters);
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
  public static XzOptions decode(ByteBuffer buf) throws SquashfsFormatException {
    ByteBuffer le = OptionBytes.take(buf, SIZE, Compression.XZ);
    int dict = le.getInt();
    int filters = le.getInt();
    OptionBytes.check(Compression.XZ, problem(dict, filters));
    return new XzOptions(dict, filters);
  }

  @Override
  public void encodeTo(ByteBuffer buf) {
    OptionBytes.put(buf, SIZE).putInt(dictionarySize).putInt(filters);
  }

  @Override
  public int encodedSize() {
    return SIZE;
  }

  @Override
  public Compression compression() {
    return Compression.XZ;
  }
}
