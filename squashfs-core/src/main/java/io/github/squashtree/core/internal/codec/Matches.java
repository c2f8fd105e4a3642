package io.github.squashtree.core.internal.codec;

/** The back-reference copy LZ77 decoders share. */
final class Matches {
  private Matches() {}

  /**
   * Appends {@code length} bytes copied from {@code offset} bytes back, which may overlap the bytes
   * being written (a repeating pattern). The caller has checked both bounds.
   *
   * @return the new output position
   */
  static int copy(byte[] dst, int op, int offset, int length) {
    int from = op - offset;
    int end = op + length;
    if (offset >= length) {
      System.arraycopy(dst, from, dst, op, length);
      return end;
    }
    // dst[from, op) repeats with period offset; each pass doubles the copied span
    while (op < end) {
      int n = Math.min(op - from, end - op);
      System.arraycopy(dst, from, dst, op, n);
      op += n;
    }
    return end;
  }
}
