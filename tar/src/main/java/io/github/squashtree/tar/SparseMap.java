package io.github.squashtree.tar;

import java.util.Arrays;

/**
 * Where a sparse file's stored data goes: regions (offset, length) in increasing order, not
 * overlapping, within the file; the rest of the file is zeros. The archive stores the regions'
 * bytes one after another.
 */
final class SparseMap {
  /** Regions at most: 16 bytes each in memory. */
  static final int MAX_REGIONS = 1 << 20;

  private long[] pairs = new long[16];
  private int count;

  /** Adds the next region; {@code where} names the entry in errors. */
  void add(long offset, long length, String where) throws TarFormatException {
    if (count == MAX_REGIONS) {
      throw new TarFormatException(where + ": more than " + MAX_REGIONS + " sparse regions");
    }
    if (offset < 0 || length < 0) {
      throw new TarFormatException(where + ": negative sparse region");
    }
    if (2 * count == pairs.length) {
      pairs = Arrays.copyOf(pairs, pairs.length * 2);
    }
    pairs[2 * count] = offset;
    pairs[2 * count + 1] = length;
    count++;
  }

  int count() {
    return count;
  }

  long offset(int i) {
    return pairs[2 * i];
  }

  long length(int i) {
    return pairs[2 * i + 1];
  }

  /**
   * Checks the regions against the file's size and the bytes the archive stores for them: in order,
   * not overlapping, inside the file, adding up to {@code stored}.
   */
  void check(long realSize, long stored, String where) throws TarFormatException {
    long end = 0;
    long sum = 0;
    for (int i = 0; i < count; i++) {
      long offset = offset(i);
      long length = length(i);
      if (offset < end) {
        throw new TarFormatException(where + ": sparse regions out of order or overlapping");
      }
      if (length > realSize - offset || offset > realSize) {
        throw new TarFormatException(where + ": sparse region past the end of the file");
      }
      end = offset + length;
      sum += length;
    }
    if (sum != stored) {
      throw new TarFormatException(
          where + ": sparse regions hold " + sum + " bytes, the archive stores " + stored);
    }
  }
}
