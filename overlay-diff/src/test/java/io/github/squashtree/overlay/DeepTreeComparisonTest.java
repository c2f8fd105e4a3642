package io.github.squashtree.overlay;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.squashtree.core.image.SquashfsImage;
import io.github.squashtree.core.tree.Tree;
import io.github.squashtree.core.tree.TreeBuilder;
import io.github.squashtree.core.tree.TreeBuilder.Attributes;
import io.github.squashtree.core.write.SquashfsWriter;
import io.github.squashtree.core.write.WriterOptions;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Trees far deeper than any path compare with a stack use that does not grow with depth: on a
 * thread with a 256 KiB stack, where a walk recursing per level overflows within a few thousand.
 */
class DeepTreeComparisonTest {
  private static final int DEPTH = 20_000;

  /**
   * For the walks that add every level: each level is a change, and sorting changes of paths 12 KB
   * long costs time, not stack; 6,000 levels still overflow a recursive walk on this stack.
   */
  private static final int ADDED_DEPTH = 6_000;

  @TempDir Path tmp;

  private static String deepPath(int depth, String leaf) {
    return "/d".repeat(depth) + "/" + leaf;
  }

  private static Tree deep(int depth, String leaf, String content) {
    return new TreeBuilder()
        .file(deepPath(depth, leaf), content.getBytes(UTF_8), Attributes.FILE)
        .build();
  }

  private static Comparison onSmallStack(Tree before, Tree after) throws Exception {
    AtomicReference<Object> result = new AtomicReference<>();
    Thread t =
        new Thread(
            null,
            () -> {
              try {
                result.set(TreeComparator.compare(before, after));
              } catch (Throwable e) {
                result.set(e);
              }
            },
            "small-stack",
            256 << 10);
    t.start();
    t.join();
    if (result.get() instanceof Throwable e) {
      throw new AssertionError("comparison failed", e);
    }
    return (Comparison) result.get();
  }

  @Test
  void treesDeeperThanAnyPathCompareWithoutRecursion() throws Exception {
    Path image = tmp.resolve("deep.sqfs");
    SquashfsWriter.write(deep(DEPTH, "bottom", "one\n"), image, WriterOptions.defaults());
    try (Tree written = SquashfsImage.open(image)) {
      assertEquals(List.of(), onSmallStack(written, deep(DEPTH, "bottom", "one\n")).changes());
      List<Change> changed = onSmallStack(written, deep(DEPTH, "bottom", "two!\n")).changes();
      assertEquals(1, changed.size());
      assertEquals(deepPath(DEPTH, "bottom"), changed.get(0).path());
      assertEquals(ChangeKind.MODIFY, changed.get(0).kind());
    }
  }

  @Test
  void deepAddedAndReplacedDirectoriesAreWalkedWithoutRecursion() throws Exception {
    Tree deep = deep(ADDED_DEPTH, "bottom", "one\n");
    // Everything below the root is added, or below a file replaced by a directory.
    assertEquals(ADDED_DEPTH + 1, onSmallStack(new TreeBuilder().build(), deep).changes().size());
    Tree fileAtTop = new TreeBuilder().file("/d", new byte[1], Attributes.FILE).build();
    List<Change> replaced = onSmallStack(fileAtTop, deep).changes();
    assertEquals(ChangeKind.REPLACE, replaced.get(0).kind());
    assertEquals(ADDED_DEPTH + 1, replaced.size());
  }
}
