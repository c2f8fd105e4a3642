package io.github.squashtree.core.internal.codec;

import java.util.Random;

/** Test data: blocks of the kinds a filesystem holds. */
final class TestBlocks {
  private TestBlocks() {}

  static byte[] random(int size, long seed) {
    byte[] b = new byte[size];
    new Random(seed).nextBytes(b);
    return b;
  }

  /** Text-like data: words from a small vocabulary, compresses a few times over. */
  static byte[] compressible(int size, long seed) {
    String[] words = {"squash", "tree ", "inode", " block", "\n", "fragment", "0123", "xattr"};
    Random r = new Random(seed);
    byte[] b = new byte[size];
    int i = 0;
    while (i < size) {
      byte[] w =
          words[r.nextInt(words.length)].getBytes(java.nio.charset.StandardCharsets.US_ASCII);
      int n = Math.min(w.length, size - i);
      System.arraycopy(w, 0, b, i, n);
      i += n;
    }
    return b;
  }
}
