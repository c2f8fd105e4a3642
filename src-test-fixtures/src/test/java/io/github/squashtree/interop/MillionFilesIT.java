package io.github.squashtree.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.squashtree.core.internal.read.ImageTree;
import io.github.squashtree.core.tree.Entry;
import io.github.squashtree.fixtures.ProcessRunner;
import io.github.squashtree.fixtures.Require;
import io.github.squashtree.fixtures.SyntheticTree;
import io.github.squashtree.fixtures.ToolResult;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's promise: a tree of a million files is written with {@code -Xmx512m}. A child JVM
 * with that heap writes {@link SyntheticTree} (1000 directories of 1000 files, every file
 * different); the image is then read back here and checked by unsquashfs.
 */
class MillionFilesIT {
  static final String HEAP = "-Xmx512m";
  static final int DIRECTORIES = 1000;
  static final int FILES_PER_DIRECTORY = 1000;

  @TempDir Path tmp;

  @Test
  void aMillionFilesAreWrittenWithTheStatedHeap() throws IOException {
    Require.tool("unsquashfs");
    Path image = tmp.resolve("million.sqfs");
    String java = ProcessHandle.current().info().command().orElse("java");
    ToolResult r =
        ProcessRunner.run(
            List.of(
                java,
                HEAP,
                "-cp",
                System.getProperty("java.class.path"),
                SyntheticTree.class.getName(),
                Integer.toString(DIRECTORIES),
                Integer.toString(FILES_PER_DIRECTORY),
                image.toString()),
            Duration.ofMinutes(5));
    assertTrue(r.stdout().startsWith("1000000 files, "), r.stdout() + r.stderr());

    ToolResult stats =
        ProcessRunner.run(List.of("unsquashfs", "-s", image.toString()), Duration.ofMinutes(1));
    assertTrue(stats.stdout().contains("Number of inodes 1001001"), stats.stdout());

    long files = 0;
    try (ImageTree tree = ImageTree.open(image)) {
      List<Entry> dirs = tree.children(tree.root());
      assertEquals(DIRECTORIES, dirs.size());
      for (int d = 0; d < DIRECTORIES; d++) {
        assertEquals(SyntheticTree.directoryPath(d), dirs.get(d).path());
        List<Entry> children = tree.children(dirs.get(d));
        assertEquals(FILES_PER_DIRECTORY, children.size());
        files += children.size();
        // Every 97th file's content, so that each directory and many fragments are read.
        for (int f = d % 97; f < children.size(); f += 97) {
          Entry e = children.get(f);
          assertEquals(SyntheticTree.filePath(d, f), e.path());
          try (InputStream in = tree.open(e)) {
            assertArrayEquals(SyntheticTree.content(e.path()), in.readAllBytes(), e.path());
          }
        }
      }
    }
    assertEquals(1_000_000, files);
  }
}
