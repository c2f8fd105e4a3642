package io.github.squashtree.core.tree;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.squashtree.core.tree.TreeBuilder.Attributes;
import java.io.IOException;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class MetadataOverridesTest {
  private final Tree tree =
      new TreeBuilder()
          .directory("/", Attributes.of(0755).owner(1000, 1000))
          .file("/a", "x".getBytes(UTF_8), Attributes.of(0644).owner(1000, 100))
          .build();

  @Test
  void rootModeAndOwnerThenTheForcedOwnerWins() throws IOException {
    Tree view =
        MetadataOverrides.NONE
            .withRootMode(0700)
            .withRootOwner(OptionalLong.of(0), OptionalLong.of(0))
            .withForceOwner(OptionalLong.empty(), OptionalLong.of(50))
            .apply(tree);
    Entry root = view.root();
    assertEquals(0700, root.metadata().permissions());
    assertEquals(0, root.metadata().uid());
    assertEquals(50, root.metadata().gid(), "forced over the root's");
    Entry a = view.children(root).get(0);
    assertEquals(1000, a.metadata().uid(), "no forced uid: kept");
    assertEquals(50, a.metadata().gid());
    assertEquals(0644, a.metadata().permissions());
    assertEquals(a.metadata(), view.lookup("/a").orElseThrow().metadata());
    assertSame(tree, MetadataOverrides.NONE.apply(tree));
  }

  @Test
  void outOfRangeValuesAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> MetadataOverrides.NONE.withRootMode(010000));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            MetadataOverrides.NONE.withForceOwner(OptionalLong.of(1L << 32), OptionalLong.empty()));
  }
}
