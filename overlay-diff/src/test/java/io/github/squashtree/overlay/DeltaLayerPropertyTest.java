package io.github.squashtree.overlay;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.squashtree.core.tree.TimePrecision;
import io.github.squashtree.core.tree.Tree;
import io.github.squashtree.fixtures.InMemoryTree;
import io.github.squashtree.fixtures.TreeAssertions;
import io.github.squashtree.overlay.RandomTrees.Shape;
import io.github.squashtree.overlay.RandomTrees.Spec;
import java.io.IOException;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.ShrinkingMode;

/**
 * Random trees ({@link RandomTrees}): a layer over the old tree shows the new tree, for both
 * whiteout styles and with {@code --checksum} or the default quick check (then with contents the
 * quick check can tell apart, see {@link Shape#quickCheckSafe}); and a stack of layers shows the
 * last tree of a chain. Judged by {@link TreeAssertions}: every field, hard-link groups, the root.
 */
class DeltaLayerPropertyTest {
  private static LayerOptions options(boolean checksum, boolean xattrStyle) {
    return LayerOptions.defaults()
        .withCompare(CompareOptions.defaults().withChecksum(checksum))
        .withWhiteouts(xattrStyle ? WhiteoutStyle.XATTR : WhiteoutStyle.CHAR_DEVICE);
  }

  @Property(tries = 300, shrinking = ShrinkingMode.OFF)
  void aLayerOverTheOldTreeShowsTheNewOne(
      @ForAll long seed, @ForAll boolean xattrStyle, @ForAll boolean checksum) throws IOException {
    RandomTrees.Pair pair = RandomTrees.pair(new Random(seed), 30);
    Shape shape = Shape.inMemory(TimePrecision.NANOSECONDS, !checksum);
    InMemoryTree old = RandomTrees.build(pair.before(), shape);
    InMemoryTree next = RandomTrees.build(pair.after(), shape);
    LayerOptions options = options(checksum, xattrStyle);
    DeltaLayer layer = DeltaLayer.plan(old, next, options);
    try (Tree merged = OverlayTree.of(old, layer.tree(), OverlayNamespace.TRUSTED)) {
      TreeAssertions.assertTreesEqual(next, merged);
      assertTrue(TreeComparator.compare(merged, next, options.compare()).isEmpty());
    }
  }

  @Property(tries = 150, shrinking = ShrinkingMode.OFF)
  void aStackOfLayersShowsTheLastTreeOfTheChain(
      @ForAll long seed, @ForAll boolean xattrStyle, @ForAll boolean checksum) throws IOException {
    Random random = new Random(seed);
    RandomTrees.Pair first = RandomTrees.pair(random, 30);
    List<Spec> a = first.before();
    List<Spec> b = first.after();
    List<Spec> c = RandomTrees.pair(random, 30).after();
    Shape shape = Shape.inMemory(TimePrecision.NANOSECONDS, !checksum);
    InMemoryTree t0 = RandomTrees.build(a, shape);
    InMemoryTree t1 = RandomTrees.build(b, shape);
    InMemoryTree t2 = RandomTrees.build(c, shape);
    LayerOptions options = options(checksum, xattrStyle);
    Tree l1 = DeltaLayer.plan(t0, t1, options).tree();
    Tree l2 =
        DeltaLayer.plan(OverlayTree.stack(List.of(t0, l1), OverlayNamespace.TRUSTED), t2, options)
            .tree();
    try (Tree merged = OverlayTree.stack(List.of(t0, l1, l2), OverlayNamespace.TRUSTED)) {
      TreeAssertions.assertTreesEqual(t2, merged);
    }
  }
}
