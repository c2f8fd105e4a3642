package io.github.squashtree.overlay;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.squashtree.core.tree.TimePrecision;
import io.github.squashtree.core.tree.Tree;
import io.github.squashtree.fixtures.InMemoryTree;
import io.github.squashtree.fixtures.TreeAssertions;
import io.github.squashtree.overlay.TreeComparatorPropertyTest.Spec;
import java.io.IOException;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Random trees: a layer over the old tree shows the new tree, for both whiteout styles, and a stack
 * of layers shows the last tree of a chain.
 */
class DeltaLayerPropertyTest {
  private static final CompareOptions CHECKSUM = CompareOptions.defaults().withChecksum(true);

  @Provide
  Arbitrary<List<Spec>> trees() {
    return new TreeComparatorPropertyTest().trees();
  }

  @Property(tries = 300)
  void aLayerOverTheOldTreeShowsTheNewOne(
      @ForAll("trees") List<Spec> a, @ForAll("trees") List<Spec> b, @ForAll boolean xattrStyle)
      throws IOException {
    InMemoryTree old = TreeComparatorPropertyTest.build(a, TimePrecision.NANOSECONDS);
    InMemoryTree next = TreeComparatorPropertyTest.build(b, TimePrecision.NANOSECONDS);
    LayerOptions options =
        LayerOptions.defaults()
            .withCompare(CHECKSUM)
            .withWhiteouts(xattrStyle ? WhiteoutStyle.XATTR : WhiteoutStyle.CHAR_DEVICE);
    DeltaLayer layer = DeltaLayer.plan(old, next, options);
    try (Tree merged = OverlayTree.of(old, layer.tree(), OverlayNamespace.TRUSTED)) {
      TreeAssertions.assertTreesEqual(next, merged);
      assertTrue(TreeComparator.compare(merged, next, CHECKSUM).isEmpty());
    }
  }

  @Property(tries = 150)
  void aStackOfLayersShowsTheLastTreeOfTheChain(
      @ForAll("trees") List<Spec> a,
      @ForAll("trees") List<Spec> b,
      @ForAll("trees") List<Spec> c,
      @ForAll boolean xattrStyle)
      throws IOException {
    InMemoryTree t0 = TreeComparatorPropertyTest.build(a, TimePrecision.NANOSECONDS);
    InMemoryTree t1 = TreeComparatorPropertyTest.build(b, TimePrecision.NANOSECONDS);
    InMemoryTree t2 = TreeComparatorPropertyTest.build(c, TimePrecision.NANOSECONDS);
    LayerOptions options =
        LayerOptions.defaults()
            .withCompare(CHECKSUM)
            .withWhiteouts(xattrStyle ? WhiteoutStyle.XATTR : WhiteoutStyle.CHAR_DEVICE);
    Tree l1 = DeltaLayer.plan(t0, t1, options).tree();
    Tree l2 =
        DeltaLayer.plan(OverlayTree.stack(List.of(t0, l1), OverlayNamespace.TRUSTED), t2, options)
            .tree();
    try (Tree merged = OverlayTree.stack(List.of(t0, l1, l2), OverlayNamespace.TRUSTED)) {
      TreeAssertions.assertTreesEqual(t2, merged);
    }
  }
}
