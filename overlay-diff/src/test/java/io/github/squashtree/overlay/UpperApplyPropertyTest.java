package io.github.squashtree.overlay;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.squashtree.core.host.DirectoryTree;
import io.github.squashtree.core.tree.ForwardingTree;
import io.github.squashtree.core.tree.TimePrecision;
import io.github.squashtree.core.tree.Tree;
import io.github.squashtree.fixtures.InMemoryTree;
import io.github.squashtree.fixtures.Require;
import io.github.squashtree.fixtures.TestDirectories;
import io.github.squashtree.fixtures.TreeAssertions;
import io.github.squashtree.fixtures.TreeComparison;
import io.github.squashtree.overlay.RandomTrees.Shape;
import io.github.squashtree.overlay.RandomTrees.Spec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.ShrinkingMode;

/**
 * Random trees ({@link RandomTrees}): an upper directory that {@link UpperApply} made show A over a
 * lower tree L shows B over L once B is applied to it — B an edit of A, A an edit of L, hard links
 * included — and a third apply finds nothing to do. So the second apply changes, removes and
 * relinks names of groups the first one made, in the upper directory itself. Judged by {@link
 * TreeAssertions} through {@link OverlayTree} at whole seconds (what apply compares at); the kernel
 * mount is the cli's LayerKernelIT. Whiteouts and {@code trusted.*} attributes need root.
 */
class UpperApplyPropertyTest {
  @Property(tries = 30, shrinking = ShrinkingMode.OFF)
  void anUpperAppliedAgainShowsTheNewTree(
      @ForAll long seed, @ForAll boolean xattrStyle, @ForAll boolean checksum) throws IOException {
    Require.root();
    Random random = new Random(seed);
    List<Spec> l = RandomTrees.specs(random, 20);
    List<Spec> a = RandomTrees.edit(random, l, 20);
    List<Spec> b = RandomTrees.edit(random, a, 20);
    Shape shape = new Shape(TimePrecision.NANOSECONDS, !checksum, true, 0, 0);
    InMemoryTree lower = RandomTrees.build(l, shape);
    InMemoryTree treeA = RandomTrees.build(a, shape);
    InMemoryTree treeB = RandomTrees.build(b, shape);
    LayerOptions layer =
        LayerOptions.defaults()
            .withWhiteouts(xattrStyle ? WhiteoutStyle.XATTR : WhiteoutStyle.CHAR_DEVICE);
    ApplyOptions options = ApplyOptions.defaults().withLayer(layer.withChecksum(checksum));
    Path dir = Files.createTempDirectory("sqfs-apply-property-");
    try {
      Path upper = Files.createDirectory(dir.resolve("upper"));
      UpperApply.apply(treeA, lower, upper, options.withLayer(layer.withChecksum(true)), c -> {});
      assertShows(treeA, lower, upper);
      UpperApply.apply(treeB, lower, upper, options, c -> {});
      assertShows(treeB, lower, upper);
      List<Change> left = UpperApply.apply(treeB, lower, upper, options.withDryRun(true), c -> {});
      assertEquals(List.of(), left, () -> TreeAssertions.printable("left to do: " + left));
    } finally {
      TestDirectories.delete(dir);
    }
  }

  /**
   * The sync defect of 13daef4 through apply: the upper directory holds /x and /y as one file (made
   * by the first apply); the new tree drops /x and changes /y's mode. The second apply removes /x
   * from the upper directory, then has to chmod /y, which now has one link less.
   */
  @Example
  void aGroupInTheUpperLosingANameKeepsItsOtherNamesChangeable() throws IOException {
    Require.root();
    InMemoryTree lower = InMemoryTree.builder().file("/lower", "l").build();
    Tree a =
        InMemoryTree.builder().file("/lower", "l").file("/x", "1").hardLink("/y", "/x").build();
    Tree b =
        InMemoryTree.builder()
            .file("/lower", "l")
            .file("/y", "1")
            .edit("/y", m -> m.permissions(0600))
            .build();
    ApplyOptions options = ApplyOptions.defaults();
    Path dir = Files.createTempDirectory("sqfs-apply-links-");
    try {
      Path upper = Files.createDirectory(dir.resolve("upper"));
      UpperApply.apply(a, lower, upper, options, c -> {});
      assertShows(a, lower, upper);
      UpperApply.apply(b, lower, upper, options, c -> {});
      assertShows(b, lower, upper);
    } finally {
      TestDirectories.delete(dir);
    }
  }

  /** {@code upper} over {@code lower} is {@code expected}, field for field, at whole seconds. */
  private static void assertShows(Tree expected, Tree lower, Path upper) throws IOException {
    try (Tree merged =
        ForwardingTree.withPrecision(
            OverlayTree.of(lower, DirectoryTree.open(upper), OverlayNamespace.TRUSTED),
            TimePrecision.SECONDS)) {
      TreeAssertions.assertTreesEqual(expected, merged, TreeComparison.strict());
    }
  }
}
