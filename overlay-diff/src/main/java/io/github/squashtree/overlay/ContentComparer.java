package io.github.squashtree.overlay;

import io.github.squashtree.core.tree.Entry;
import io.github.squashtree.core.tree.Tree;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/** Compares the bytes of two regular files as streams, a buffer at a time. */
final class ContentComparer {
  private static final int BUFFER = 64 * 1024;
  private static final ThreadLocal<byte[][]> BUFFERS =
      ThreadLocal.withInitial(() -> new byte[][] {new byte[BUFFER], new byte[BUFFER]});

  private ContentComparer() {}

  /** Whether the files hold the same bytes; reads no further than the first difference. */
  static boolean sameContent(Tree treeA, Entry a, Tree treeB, Entry b) throws IOException {
    byte[][] buffers = BUFFERS.get();
    byte[] ba = buffers[0];
    byte[] bb = buffers[1];
    try (InputStream ia = treeA.open(a);
        InputStream ib = treeB.open(b)) {
      while (true) {
        int na = ia.readNBytes(ba, 0, BUFFER);
        int nb = ib.readNBytes(bb, 0, BUFFER);
        if (Arrays.mismatch(ba, 0, na, bb, 0, nb) >= 0) {
          return false;
        }
        if (na < BUFFER) {
          return true;
        }
      }
    }
  }
}
