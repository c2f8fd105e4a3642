package io.github.squashtree.core.write;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * A sparse file's content from the bytes of its data ranges alone: zeros where no range is, which a
 * block wholly inside a hole need not even produce ({@link #skipHole}). Every range is checked
 * before use: in order, not overlapping, inside the file.
 */
final class HoleFilledInput extends InputStream {
  private final InputStream data;
  private final long[] ranges;
  private final long size;
  private long position;
  private int range;

  /**
   * @param data the ranges' bytes, one range after the other
   * @param ranges {@code [offset0, length0, offset1, length1, ...]}
   */
  HoleFilledInput(InputStream data, long[] ranges, long size) {
    if (ranges.length % 2 != 0) {
      throw new IllegalArgumentException("ranges come in pairs of offset and length");
    }
    long end = 0;
    for (int i = 0; i < ranges.length; i += 2) {
      long offset = ranges[i];
      long length = ranges[i + 1];
      if (offset < end || length < 0 || offset > size || length > size - offset) {
        throw new IllegalArgumentException(
            "ranges out of order, overlapping or past the end of the file: "
                + Arrays.toString(Arrays.copyOfRange(ranges, i, i + 2)));
      }
      end = offset + length;
    }
    this.data = data;
    this.ranges = ranges;
    this.size = size;
  }

  /** Whether the next {@code length} bytes all lie in a hole. */
  boolean holeAhead(int length) {
    advanceRange();
    long next = range < ranges.length ? ranges[range] : size;
    return next - position >= length;
  }

  /** Passes over {@code length} bytes of a hole ({@link #holeAhead} said so). */
  void skipHole(int length) {
    position += length;
  }

  private void advanceRange() {
    while (range < ranges.length && position >= ranges[range] + ranges[range + 1]) {
      range += 2;
    }
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    if (position >= size) {
      return -1;
    }
    advanceRange();
    int want = (int) Math.min(len, size - position);
    long start = range < ranges.length ? ranges[range] : size;
    if (position < start) {
      int zeros = (int) Math.min(want, start - position);
      Arrays.fill(b, off, off + zeros, (byte) 0);
      position += zeros;
      return zeros;
    }
    want = (int) Math.min(want, start + ranges[range + 1] - position);
    int n = data.read(b, off, want);
    if (n <= 0) {
      throw new EOFException("content ends in its data range at " + position);
    }
    position += n;
    return n;
  }
}
