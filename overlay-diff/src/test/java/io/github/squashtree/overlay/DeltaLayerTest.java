package io.github.squashtree.overlay;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.squashtree.core.tree.Entry;
import io.github.squashtree.core.tree.EntryType;
import io.github.squashtree.core.tree.Metadata;
import io.github.squashtree.core.tree.Tree;
import io.github.squashtree.fixtures.InMemoryTree;
import io.github.squashtree.fixtures.TreeAssertions;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** A delta layer holds exactly the changes, and over the old tree shows the new one. */
class DeltaLayerTest {
  private static final Instant T = Instant.ofEpochSecond(1_700_000_000);

  /** The old tree: a bit of everything the changes below touch. */
  static InMemoryTree base() {
    return InMemoryTree.builder()
        .file("/etc/hostname", "box\n")
        .file("/etc/motd", "hello\n")
        .file("/etc/same", "same\n")
        .dir("/var/cache/apt")
        .file("/var/cache/apt/pkgcache.bin", "cache")
        .file("/usr/bin/tool", "v1")
        .hardLink("/usr/bin/tool-alias", "/usr/bin/tool")
        .file("/usr/bin/plain", "plain")
        .dir("/opt/was-dir")
        .file("/opt/was-dir/inner", "in")
        .file("/opt/was-file", "f")
        .symlink("/opt/link", "old-target")
        .file("/opt/xattr", "x")
        .dir("/untouched/deeper")
        .file("/untouched/deeper/file", "keep")
        .build();
  }

  /** The new tree: every kind of change against {@link #base()}. */
  static InMemoryTree next() {
    return InMemoryTree.builder()
        .file("/etc/hostname", "box2\n") // modified
        .file("/etc/same", "same\n")
        .edit("/etc/same", m -> m.permissions(0600)) // metadata only
        // /etc/motd deleted, /var/cache deleted with everything below
        .dir("/var")
        .file("/usr/bin/tool", "v2") // a changed hard-link group
        .hardLink("/usr/bin/tool-alias", "/usr/bin/tool")
        .file("/usr/bin/plain", "plain")
        .hardLink("/usr/bin/plain-link", "/usr/bin/plain") // a new name for an unchanged file
        .file("/opt/was-dir", "now a file")
        .dir("/opt/was-file")
        .file("/opt/was-file/inside", "now a dir")
        .symlink("/opt/link", "new-target")
        .file("/opt/xattr", "x")
        .edit("/opt/xattr", m -> m.xattr("user.note", "new".getBytes(UTF_8)))
        .dir("/new/deep/dir")
        .file("/new/deep/dir/file", "new")
        .dir("/untouched/deeper")
        .file("/untouched/deeper/file", "keep")
        .build();
  }

  @ParameterizedTest
  @EnumSource(WhiteoutStyle.class)
  void theLayerHoldsTheChangesAndTheirParentsAndOverTheOldTreeShowsTheNewOne(WhiteoutStyle style)
      throws IOException {
    InMemoryTree base = base();
    InMemoryTree next = next();
    LayerOptions options = LayerOptions.defaults().withChecksum(true).withWhiteouts(style);
    DeltaLayer layer = DeltaLayer.plan(base, next, options);
    Map<String, Entry> held = entries(layer.tree());
    assertEquals(
        Set.of(
            "/",
            "/etc",
            "/etc/hostname",
            "/etc/motd",
            "/etc/same",
            "/var", // opaque: its only lower child, cache, is gone
            "/usr",
            "/usr/bin",
            "/usr/bin/tool",
            "/usr/bin/tool-alias",
            "/usr/bin/plain",
            "/usr/bin/plain-link",
            "/opt",
            "/opt/was-dir",
            "/opt/was-file",
            "/opt/was-file/inside",
            "/opt/link",
            "/opt/xattr",
            "/new",
            "/new/deep",
            "/new/deep/dir",
            "/new/deep/dir/file"),
        held.keySet());
    for (String gone : List.of("/etc/motd")) {
      Metadata m = held.get(gone).metadata();
      if (style == WhiteoutStyle.CHAR_DEVICE) {
        assertEquals(EntryType.CHAR_DEVICE, m.type(), gone);
        assertEquals(0, m.rdevMajor() | m.rdevMinor(), gone);
      } else {
        assertEquals(EntryType.FILE, m.type(), gone);
        assertEquals(0, m.size());
        assertTrue(m.xattrs().containsKey("trusted.overlay.whiteout"), gone);
        assertTrue(m.xattrs().containsKey("user.overlay.whiteout"), gone);
        String parent = DeltaLayer.parent(gone);
        assertArrayEquals(
            new byte[] {'x'}, held.get(parent).metadata().xattrs().get("trusted.overlay.opaque"));
      }
    }
    assertArrayEquals(
        new byte[] {'y'},
        held.get("/opt/was-file").metadata().xattrs().get("trusted.overlay.opaque"),
        "a directory over a non-directory is opaque");
    assertArrayEquals(
        new byte[] {'y'},
        held.get("/var").metadata().xattrs().get("trusted.overlay.opaque"),
        "a directory whose lower children are all gone is one opaque mark, no whiteout each");
    assertFalse(held.get("/new").metadata().xattrs().containsKey("trusted.overlay.opaque"));
    assertEquals(
        held.get("/usr/bin/plain").metadata().linkKey(),
        held.get("/usr/bin/plain-link").metadata().linkKey(),
        "the group stays a group in the layer");
    try (Tree merged = OverlayTree.of(base, layer.tree(), OverlayNamespace.TRUSTED)) {
      TreeAssertions.assertTreesEqual(next, merged);
      assertTrue(
          TreeComparator.compare(merged, next, CompareOptions.defaults().withChecksum(true))
              .isEmpty());
    }
  }

  @Test
  void aDirectoryWhoseLowerChildrenAreAllGoneIsOneOpaqueMarkNotAWhiteoutEach() throws IOException {
    InMemoryTree base =
        InMemoryTree.builder()
            .file("/d/a", "a")
            .file("/d/b", "b")
            .dir("/d/c/deeper")
            .file("/e/gone", "g")
            .file("/e/kept", "k")
            .build();
    InMemoryTree next = InMemoryTree.builder().file("/d/new", "n").file("/e/kept", "k").build();
    DeltaLayer layer = DeltaLayer.plan(base, next, LayerOptions.defaults().withChecksum(true));
    Map<String, Entry> held = entries(layer.tree());
    assertEquals(Set.of("/", "/d", "/d/new", "/e", "/e/gone"), held.keySet());
    assertArrayEquals(
        new byte[] {'y'}, held.get("/d").metadata().xattrs().get("trusted.overlay.opaque"));
    assertFalse(held.get("/e").metadata().xattrs().containsKey("trusted.overlay.opaque"));
    try (Tree merged = OverlayTree.of(base, layer.tree(), OverlayNamespace.TRUSTED)) {
      TreeAssertions.assertTreesEqual(next, merged);
    }
  }

  @Test
  void theLayerOfAnUnchangedTreeIsItsRootAlone() throws IOException {
    DeltaLayer layer = DeltaLayer.plan(base(), base(), LayerOptions.defaults().withChecksum(true));
    assertEquals(Set.of("/"), entries(layer.tree()).keySet());
    assertTrue(layer.comparison().isEmpty());
  }

  @Test
  void theRootTakesTheNewRootsAttributes() throws IOException {
    InMemoryTree changedRoot =
        InMemoryTree.builder().file("/a", "a").edit("/", m -> m.permissions(0700).mtime(T)).build();
    InMemoryTree old = InMemoryTree.builder().file("/a", "a").build();
    DeltaLayer layer = DeltaLayer.plan(old, changedRoot, LayerOptions.defaults());
    Entry root = layer.tree().root();
    assertEquals(0700, root.metadata().permissions());
    assertEquals(T, root.metadata().mtime());
    assertEquals(Set.of("/"), entries(layer.tree()).keySet());
  }

  @Test
  void aChainOfLayersShowsTheLastTree() throws IOException {
    InMemoryTree t0 = base();
    InMemoryTree t1 = next();
    InMemoryTree t2 =
        InMemoryTree.builder()
            .file("/etc/hostname", "box\n") // back to t0's content
            .file("/etc/motd", "hello again\n") // deleted in t1, back with other content
            .file("/var/cache/apt/pkgcache.bin", "rebuilt") // a deleted directory back
            .file("/usr/bin/tool", "v2")
            .file("/opt/was-dir/inner", "a directory again")
            .file("/opt/was-file", "a file again")
            .build();
    DeltaLayer l1 = DeltaLayer.plan(t0, t1, LayerOptions.defaults().withChecksum(true));
    Tree below2 = OverlayTree.stack(List.of(t0, l1.tree()), OverlayNamespace.TRUSTED);
    DeltaLayer l2 = DeltaLayer.plan(below2, t2, LayerOptions.defaults().withChecksum(true));
    Tree below3 = OverlayTree.stack(List.of(t0, l1.tree(), l2.tree()), OverlayNamespace.TRUSTED);
    TreeAssertions.assertTreesEqual(t2, below3);
    DeltaLayer l3 = DeltaLayer.plan(below3, t2, LayerOptions.defaults().withChecksum(true));
    assertEquals(Set.of("/"), entries(l3.tree()).keySet(), "nothing left to change");
    // A directory that comes back over l1's whiteout needs no opaque mark: the whiteout below it
    // ends the lookup, so t0's /var/cache stays hidden (the equality above).
    assertFalse(
        entries(l2.tree())
            .get("/var/cache")
            .metadata()
            .xattrs()
            .containsKey("trusted.overlay.opaque"));
  }

  @Test
  void overlayAttributesOfTheNewTreeAreLeftOut() throws IOException {
    InMemoryTree old = InMemoryTree.builder().dir("/d").build();
    InMemoryTree next =
        InMemoryTree.builder()
            .dir("/d")
            .edit("/d", m -> m.xattr("trusted.overlay.opaque", "y".getBytes(UTF_8)))
            .build();
    DeltaLayer layer = DeltaLayer.plan(old, next, LayerOptions.defaults());
    assertEquals(Map.of("/d", List.of("trusted.overlay.opaque")), layer.leftOutAttributes());
    assertTrue(layer.comparison().isEmpty());
  }

  @Test
  void aZeroZeroCharacterDeviceCannotBeShownByAnOverlay() {
    InMemoryTree old = InMemoryTree.builder().build();
    InMemoryTree next =
        InMemoryTree.builder().device("/dev-null-ish", EntryType.CHAR_DEVICE, 0, 0).build();
    UnsupportedOverlayException e =
        assertThrows(
            UnsupportedOverlayException.class,
            () -> DeltaLayer.plan(old, next, LayerOptions.defaults()));
    assertTrue(e.getMessage().startsWith("/dev-null-ish: "), e.getMessage());
  }

  /** Every entry of a tree by path. */
  static Map<String, Entry> entries(Tree t) throws IOException {
    Map<String, Entry> out = new TreeMap<>();
    collect(t, t.root(), out);
    return out;
  }

  private static void collect(Tree t, Entry e, Map<String, Entry> out) throws IOException {
    out.put(e.path(), e);
    if (e.isDirectory()) {
      for (Entry c : t.children(e)) {
        collect(t, c, out);
      }
    }
  }
}
