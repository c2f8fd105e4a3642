package io.github.squashtree.core.write;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.squashtree.core.image.SquashfsImage;
import io.github.squashtree.core.image.VerifyListener;
import io.github.squashtree.core.image.VerifyReport;
import io.github.squashtree.core.tree.Entry;
import io.github.squashtree.core.tree.Tree;
import io.github.squashtree.core.tree.TreeBuilder;
import io.github.squashtree.core.tree.TreeBuilder.Attributes;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A tree far deeper than any path (PATH_MAX allows about 2,000 levels), as a hostile image can be:
 * built, written, read back and verified with a stack use that does not grow with depth. The work
 * runs on a thread with a 256 KiB stack, on which a walk recursing per level overflows within a few
 * thousand levels.
 */
class DeepTreeTest {
  /** Levels of directories, each named "d", with a file at the bottom. */
  static final int DEPTH = 20_000;

  private static final long SMALL_STACK = 256 << 10;

  @TempDir Path tmp;

  /** The tree: /d/d/.../d/bottom, built with its parents made implicitly, all at once. */
  static Tree deepTree() {
    StringBuilder path = new StringBuilder(DEPTH * 2 + 8);
    for (int i = 0; i < DEPTH; i++) {
      path.append("/d");
    }
    path.append("/bottom");
    return new TreeBuilder()
        .file(path.toString(), "deep\n".getBytes(UTF_8), Attributes.FILE)
        .build();
  }

  /** Runs {@code work} on a thread with a small stack; rethrows what it threw. */
  static void onSmallStack(Work work) throws Exception {
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread t =
        new Thread(
            null,
            () -> {
              try {
                work.run();
              } catch (Throwable e) {
                failure.set(e);
              }
            },
            "small-stack",
            SMALL_STACK);
    t.start();
    t.join();
    Throwable e = failure.get();
    if (e instanceof Exception x) {
      throw x;
    }
    if (e instanceof Error x) {
      throw x;
    }
  }

  interface Work {
    void run() throws Exception;
  }

  @Test
  void treeDeeperThanAnyPathIsWrittenReadAndVerified() throws Exception {
    Path image = tmp.resolve("deep.sqfs");
    onSmallStack(
        () -> {
          WriteResult r =
              SquashfsWriter.write(
                  deepTree(), image, WriterOptions.defaults().withMkfsTime(OptionalLong.of(0)));
          assertEquals(DEPTH + 1, r.directories());
          assertEquals(1, r.files());
        });
    onSmallStack(
        () -> {
          try (SquashfsImage read = SquashfsImage.open(image)) {
            Entry e = read.root();
            int depth = 0;
            while (e.isDirectory()) {
              List<Entry> children = read.children(e);
              assertEquals(1, children.size());
              e = children.get(0);
              depth++;
            }
            assertEquals(DEPTH + 1, depth);
            assertEquals("bottom", e.name());
            try (InputStream in = read.open(e)) {
              assertArrayEquals("deep\n".getBytes(UTF_8), in.readAllBytes());
            }
          }
          VerifyReport report = SquashfsImage.verify(image, VerifyListener.NONE, 2);
          assertTrue(report.ok(), report.problem());
          assertEquals(DEPTH + 1, report.directories());
        });
  }

  /** The image of the tree, written on a normal stack, for other modules' deep tests. */
  static void write(Path image) throws IOException {
    SquashfsWriter.write(deepTree(), image, WriterOptions.defaults());
  }
}
