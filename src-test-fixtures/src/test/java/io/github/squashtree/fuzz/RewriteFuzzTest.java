package io.github.squashtree.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.github.squashtree.core.SquashfsFormatException;
import io.github.squashtree.core.internal.io.ByteSource;
import io.github.squashtree.core.internal.read.ImageReader;
import io.github.squashtree.core.internal.read.ImageTree;
import io.github.squashtree.core.tree.Entry;
import io.github.squashtree.core.tree.EntryType;
import io.github.squashtree.core.write.SquashfsWriter;
import io.github.squashtree.core.write.WriterOptions;
import io.github.squashtree.fixtures.TestDirectories;
import io.github.squashtree.fixtures.TreeAssertions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Fuzzes writing from an image, the path that copies an image's compressed blocks into the new one
 * ({@code flatten}, {@code mk IMAGE}): each input that opens is written again with its own
 * compression and block size, so its blocks are copied, not compressed. A write may fail only on
 * bad input (a {@link SquashfsFormatException}, which the writer wraps to name the file); when it
 * succeeds, the new image must read back as the same tree, content included.
 *
 * <p>Seeds: the golden images, in {@code RewriteFuzzTestInputs/rewriteReadsBackEqual/}.
 */
class RewriteFuzzTest {
  @FuzzTest(maxDuration = "5m")
  void rewriteReadsBackEqual(byte[] image) throws Exception {
    Path dir = Files.createTempDirectory("squashtree-fuzz-");
    try {
      FuzzBounds.expectResultOrFormatError(() -> rewrite(image, dir.resolve("out.sqfs")));
    } finally {
      TestDirectories.delete(dir);
    }
  }

  private static void rewrite(byte[] bytes, Path out) throws IOException {
    try (ImageReader img = ImageReader.open(ByteSource.of(bytes));
        ImageTree source = ImageTree.of(img)) {
      if (contentBytes(source) > FuzzBounds.READ_LIMIT) {
        return; // a valid image of huge (sparse) files is not a hang
      }
      WriterOptions options =
          WriterOptions.defaults()
              .withBlockSize(img.superblock().blockSize())
              .withCompression(img.compression(), img.compressorOptions().orElse(null))
              .withProcessors(1);
      try {
        SquashfsWriter.write(source, out, options);
      } catch (IOException e) {
        throw formatErrorIn(e);
      }
      try (ImageTree back = ImageTree.open(out)) {
        TreeAssertions.assertTreesEqual(source, back);
      }
    }
  }

  /** The file content of a tree, in bytes, as its entries claim. */
  private static long contentBytes(ImageTree tree) throws IOException {
    long sum = 0;
    Deque<Entry> todo = new ArrayDeque<>();
    todo.push(tree.root());
    while (!todo.isEmpty()) {
      Entry e = todo.pop();
      if (e.isDirectory()) {
        tree.children(e).forEach(todo::push);
      } else if (e.type() == EntryType.FILE) {
        sum += e.metadata().size();
      }
    }
    return sum;
  }

  /** The format error behind a failed write; any other failure is itself (a finding). */
  private static IOException formatErrorIn(IOException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SquashfsFormatException f) {
        return f;
      }
    }
    return e;
  }
}
