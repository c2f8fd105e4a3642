package io.github.squashtree.tar;

import java.util.Arrays;

/**
 * One 512-byte tar header block, its fields decoded and checked: the ustar layout, GNU's variant of
 * it (base-256 numbers, a sparse map where ustar keeps its name prefix) and the old v7 layout.
 *
 * @param name the name field, with the ustar prefix joined in front (raw bytes)
 * @param linkName the link name field (raw bytes)
 * @param type the type flag
 * @param gnu whether the header is GNU's ({@code "ustar \0"}): no name prefix, maybe a sparse map
 */
record TarHeader(
    byte[] name,
    int mode,
    long uid,
    long gid,
    long size,
    long mtime,
    byte type,
    byte[] linkName,
    long devMajor,
    long devMinor,
    boolean gnu) {
  static final int BLOCK = 512;

  /** Where GNU's old sparse map lies in a header: four entries, a continuation flag, the size. */
  static final int GNU_SPARSE_OFFSET = 386;

  static final int GNU_SPARSE_ENTRIES = 4;
  static final int GNU_IS_EXTENDED = 482;
  static final int GNU_REAL_SIZE = 483;

  /** Whether {@code block} is all zeros: the end-of-archive marker. */
  static boolean isZero(byte[] block) {
    for (byte b : block) {
      if (b != 0) {
        return false;
      }
    }
    return true;
  }

  /** Decodes a header block; {@code where} names it in errors. */
  static TarHeader decode(byte[] h, String where) throws TarFormatException {
    long stored = TarNumbers.field(h, 148, 8, where + ": checksum");
    long unsigned = 0;
    long signed = 0;
    for (int i = 0; i < BLOCK; i++) {
      int b = (i >= 148 && i < 156) ? ' ' : h[i];
      unsigned += b & 0xFF;
      signed += (i >= 148 && i < 156) ? ' ' : h[i];
    }
    // Some old writers summed signed chars: both sums are accepted, as GNU tar does.
    if (stored != unsigned && stored != signed) {
      throw new TarFormatException(where + ": not a tar header (bad checksum)");
    }
    boolean ustar =
        h[257] == 'u' && h[258] == 's' && h[259] == 't' && h[260] == 'a' && h[261] == 'r';
    boolean gnu = ustar && h[262] == ' ' && h[263] == ' ' && h[264] == 0;
    byte[] name = string(h, 0, 100);
    if (ustar && !gnu && h[345] != 0) {
      byte[] prefix = string(h, 345, 155);
      byte[] joined = Arrays.copyOf(prefix, prefix.length + 1 + name.length);
      joined[prefix.length] = '/';
      System.arraycopy(name, 0, joined, prefix.length + 1, name.length);
      name = joined;
    }
    String w = where + ": ";
    return new TarHeader(
        name,
        (int) (TarNumbers.field(h, 100, 8, w + "mode") & 07777),
        TarNumbers.field(h, 108, 8, w + "uid"),
        TarNumbers.field(h, 116, 8, w + "gid"),
        TarNumbers.field(h, 124, 12, w + "size"),
        TarNumbers.field(h, 136, 12, w + "mtime"),
        h[156],
        string(h, 157, 100),
        ustar ? TarNumbers.field(h, 329, 8, w + "devmajor") : 0,
        ustar ? TarNumbers.field(h, 337, 8, w + "devminor") : 0,
        gnu);
  }

  /** A NUL-terminated (or field-long) byte string. */
  static byte[] string(byte[] h, int off, int len) {
    int end = off;
    while (end < off + len && h[end] != 0) {
      end++;
    }
    return Arrays.copyOfRange(h, off, end);
  }
}
