package io.github.squashtree.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.github.squashtree.core.internal.io.ByteSource;
import io.github.squashtree.core.internal.read.ImageReader;
import io.github.squashtree.core.internal.read.ImageTree;
import io.github.squashtree.core.tree.Entry;
import io.github.squashtree.core.tree.EntryType;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Fuzzes the reader along the path every user takes: open, walk every directory (with ImageTree's
 * loop detection), look each entry up by path, decode metadata and xattrs, read every file.
 *
 * <p>Seeds: the golden images, in {@code ImageWalkFuzzTestInputs/openWalkRead/}.
 */
class ImageWalkFuzzTest {

  @FuzzTest(maxDuration = "5m")
  void openWalkRead(byte[] image) throws Exception {
    FuzzBounds.expectResultOrFormatError(() -> walk(image));
  }

  /** Reads everything in {@code bytes}, at most {@link FuzzBounds#READ_LIMIT} of file content. */
  static void walk(byte[] bytes) throws IOException {
    try (ImageReader img = ImageReader.open(ByteSource.of(bytes));
        ImageTree tree = ImageTree.of(img)) {
      long budget = FuzzBounds.READ_LIMIT;
      byte[] buf = new byte[8192];
      Deque<Entry> todo = new ArrayDeque<>();
      todo.push(tree.root());
      while (!todo.isEmpty()) {
        Entry e = todo.pop();
        // The by-path lookup goes through directory indexes and find(), not the full listing.
        tree.lookup(e.path());
        if (e.isDirectory()) {
          tree.children(e).forEach(todo::push);
        } else if (e.type() == EntryType.FILE && budget > 0) {
          try (InputStream in = tree.open(e)) {
            int n;
            while (budget > 0 && (n = in.read(buf)) >= 0) {
              budget -= n;
            }
          }
        }
      }
    }
  }
}
