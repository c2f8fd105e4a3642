package io.github.squashtree.overlay;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.squashtree.core.host.DirectoryTree;
import io.github.squashtree.core.internal.host.HostFileSystem;
import io.github.squashtree.core.tree.Entry;
import io.github.squashtree.core.tree.EntryType;
import io.github.squashtree.core.tree.TimePrecision;
import io.github.squashtree.core.tree.Tree;
import io.github.squashtree.fixtures.InMemoryTree;
import io.github.squashtree.fixtures.Require;
import io.github.squashtree.fixtures.TreeAssertions;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The overlay view of a lower tree and an upper directory that already holds overlay entries. */
class OverlayTreeTest {
  private static final HostFileSystem HOST = HostFileSystem.get();

  @TempDir Path upper;

  private static InMemoryTree lower() {
    return InMemoryTree.builder()
        .precision(TimePrecision.SECONDS)
        .file("/etc/hostname", "lower\n")
        .file("/etc/gone", "whited out")
        .file("/etc/xgone", "whited out by xattr")
        .file("/etc/kept", "kept")
        .file("/opaque/hidden", "hidden")
        .file("/merged/lower-only", "l")
        .file("/merged/both", "lower version")
        .file("/dir-gone/x", "x")
        .file("/links/a", "linked")
        .hardLink("/links/b", "/links/a")
        .build();
  }

  /** Every path of a tree with its type and, for files, content. */
  private static List<String> listing(Tree tree) throws IOException {
    List<String> out = new ArrayList<>();
    walk(tree, tree.root(), out);
    return out;
  }

  private static void walk(Tree tree, Entry dir, List<String> out) throws IOException {
    for (Entry e : tree.children(dir)) {
      String line = e.path() + " " + e.type().label();
      if (e.type() == EntryType.FILE) {
        try (InputStream in = tree.open(e)) {
          line += " " + new String(in.readAllBytes(), UTF_8);
        }
      }
      out.add(line);
      if (e.isDirectory()) {
        walk(tree, e, out);
      }
    }
  }

  private void write(String path, String content) throws IOException {
    Path p = upper.resolve(path);
    Files.createDirectories(p.getParent());
    Files.writeString(p, content);
  }

  private void dir(String path) throws IOException {
    Files.createDirectories(upper.resolve(path));
  }

  private void xattr(String path, String name, String value) throws IOException {
    HOST.setXattr(upper.resolve(path), name, value.getBytes(UTF_8));
  }

  @ParameterizedTest
  @EnumSource(OverlayNamespace.class)
  void readsWhiteoutsOpaqueDirectoriesAndCopiedUpFiles(OverlayNamespace ns) throws IOException {
    Require.root(); // 0/0 whiteouts need mknod; trusted.* needs privileges
    String p = ns.prefix();
    dir("etc");
    write("etc/hostname", "upper\n"); // a copied-up and changed file
    HOST.mknod(upper.resolve("etc/gone"), EntryType.CHAR_DEVICE, 0, 0, 0);
    HOST.mknod(upper.resolve("dir-gone"), EntryType.CHAR_DEVICE, 0, 0, 0);
    write("etc/xgone", ""); // an xattr whiteout, honoured because etc has opaque=x
    xattr("etc/xgone", p + "whiteout", "");
    xattr("etc", p + "opaque", "x");
    write("etc/new", "new"); // not a whiteout: zero-size but no attribute... and not empty
    write("merged/both", "upper version");
    write("merged/plain-empty", ""); // zero size with whiteout xattr, but merged has no opaque=x
    xattr("merged/plain-empty", p + "whiteout", "");
    dir("opaque");
    xattr("opaque", p + "opaque", "y");
    write("opaque/own", "own");
    xattr("opaque/own", p + "origin", "ignored"); // private: hidden from the merged metadata
    try (OverlayTree tree = OverlayTree.of(lower(), DirectoryTree.open(upper), ns)) {
      assertEquals(
          List.of(
              "/etc dir",
              "/etc/hostname file upper\n",
              "/etc/kept file kept",
              "/etc/new file new",
              "/links dir",
              "/links/a file linked",
              "/links/b file linked",
              "/merged dir",
              "/merged/both file upper version",
              "/merged/lower-only file l",
              "/merged/plain-empty file ",
              "/opaque dir",
              "/opaque/own file own"),
          listing(tree));
      assertEquals(TimePrecision.SECONDS, tree.precision());
      assertTrue(tree.lookup("/etc/gone").isEmpty());
      assertTrue(tree.lookup("/etc/xgone").isEmpty());
      assertTrue(tree.lookup("/dir-gone/x").isEmpty());
      assertTrue(tree.lookup("/opaque/hidden").isEmpty());
      assertEquals("/merged/lower-only", tree.lookup("/merged/lower-only").orElseThrow().path());
      Entry etc = tree.lookup("/etc").orElseThrow();
      assertFalse(etc.metadata().xattrs().containsKey(p + "opaque"), "private xattr shown");
      Entry own = tree.lookup("/opaque/own").orElseThrow();
      assertTrue(own.metadata().xattrs().isEmpty());
      Entry plainEmpty = tree.lookup("/merged/plain-empty").orElseThrow();
      assertFalse(plainEmpty.metadata().xattrs().containsKey(p + "whiteout"));
      // Upper and lower link keys never collide; the lower pair stays a pair.
      Entry a = tree.lookup("/links/a").orElseThrow();
      Entry b = tree.lookup("/links/b").orElseThrow();
      Entry host = tree.lookup("/etc/hostname").orElseThrow();
      assertEquals(a.metadata().linkKey(), b.metadata().linkKey());
      assertEquals(1, host.metadata().linkKey() >>> 56, "upper keys carry the layer number");
      assertEquals(0, a.metadata().linkKey() >>> 56, "lower keys stay as they are");
    }
  }

  @Test
  void otherNamespaceIsOrdinary() throws IOException {
    Require.root();
    dir("etc");
    write("etc/kept", "");
    xattr("etc/kept", "user.overlay.whiteout", "");
    xattr("etc", "user.overlay.opaque", "x");
    try (OverlayTree tree =
        OverlayTree.of(lower(), DirectoryTree.open(upper), OverlayNamespace.TRUSTED)) {
      Entry kept = tree.lookup("/etc/kept").orElseThrow();
      assertTrue(kept.metadata().xattrs().containsKey("user.overlay.whiteout"));
      assertTrue(tree.lookup("/etc/gone").isPresent());
    }
  }

  @ParameterizedTest
  @EnumSource(OverlayNamespace.class)
  void redirectAndMetacopyAreRefusedWithThePath(OverlayNamespace ns) throws IOException {
    Require.root();
    dir("merged");
    xattr("merged", ns.prefix() + "redirect", "/elsewhere");
    try (OverlayTree tree = OverlayTree.of(lower(), DirectoryTree.open(upper), ns)) {
      UnsupportedOverlayException e =
          assertThrows(UnsupportedOverlayException.class, () -> listing(tree));
      assertTrue(
          e.getMessage()
              .startsWith("/merged: entry of the upper layer has " + ns.prefix() + "redirect"),
          e.getMessage());
    }
    Files.delete(upper.resolve("merged"));
    write("etc/hostname", "");
    xattr("etc/hostname", ns.prefix() + "metacopy", "");
    try (OverlayTree tree = OverlayTree.of(lower(), DirectoryTree.open(upper), ns)) {
      UnsupportedOverlayException e =
          assertThrows(UnsupportedOverlayException.class, () -> tree.lookup("/etc/hostname"));
      assertTrue(e.getMessage().contains("/etc/hostname"), e.getMessage());
    }
  }

  @Test
  void emptyUpperShowsTheLower() throws IOException {
    InMemoryTree lower = lower();
    try (OverlayTree tree =
        OverlayTree.of(lower, InMemoryTree.builder().build(), OverlayNamespace.TRUSTED)) {
      TreeAssertions.assertTreesEqual(lower, tree);
      assertTrue(TreeComparator.compare(lower, tree).isEmpty());
    }
  }

  @Test
  void upperDirectoryOverLowerFileReplacesIt() throws IOException {
    InMemoryTree up = InMemoryTree.builder().file("/etc/hostname/inside", "now a dir").build();
    try (OverlayTree tree = OverlayTree.of(lower(), up, OverlayNamespace.USER)) {
      List<String> etc = listing(tree).stream().filter(l -> l.startsWith("/etc/")).toList();
      assertEquals(
          List.of(
              "/etc/gone file whited out",
              "/etc/hostname dir",
              "/etc/hostname/inside file now a dir",
              "/etc/kept file kept",
              "/etc/xgone file whited out by xattr"),
          etc);
    }
  }

  @Test
  void aStackOfLayersFollowsTheKernelsLookupRules() throws IOException {
    InMemoryTree bottom =
        InMemoryTree.builder()
            .file("/d/a", "bottom a")
            .file("/d/b", "bottom b")
            .file("/f", "bottom f")
            .file("/e/x", "bottom x")
            .file("/g/2", "bottom g2")
            .build();
    InMemoryTree middle =
        InMemoryTree.builder()
            .device("/d/a", EntryType.CHAR_DEVICE, 0, 0)
            .file("/e/y", "middle y")
            .edit("/e", m -> m.xattr("trusted.overlay.opaque", "y".getBytes(UTF_8)))
            .device("/f", EntryType.CHAR_DEVICE, 0, 0)
            .device("/g", EntryType.CHAR_DEVICE, 0, 0)
            .build();
    InMemoryTree top =
        InMemoryTree.builder()
            .file("/d/c", "top c")
            .dir("/e")
            .file("/f", "top f")
            .file("/g/1", "top g1")
            .build();
    try (OverlayTree tree =
        OverlayTree.stack(List.of(bottom, middle, top), OverlayNamespace.TRUSTED)) {
      assertEquals(
          List.of(
              "/d dir",
              "/d/b file bottom b",
              "/d/c file top c",
              "/e dir",
              "/e/y file middle y", // the middle /e is opaque: bottom's /e/x is hidden
              "/f file top f", // a file over a whiteout
              "/g dir",
              "/g/1 file top g1"), // a directory over a whiteout merges with nothing below
          listing(tree));
      assertTrue(tree.lookup("/e/x").isEmpty());
      assertTrue(tree.lookup("/g/2").isEmpty());
      assertEquals("middle y", read(tree, "/e/y"));
      long bottomKey = tree.lookup("/d/b").orElseThrow().metadata().linkKey();
      long middleKey = tree.lookup("/e/y").orElseThrow().metadata().linkKey();
      long topKey = tree.lookup("/d/c").orElseThrow().metadata().linkKey();
      assertEquals(List.of(0L, 1L, 2L), List.of(bottomKey >>> 56, middleKey >>> 56, topKey >>> 56));
    }
  }

  private static String read(Tree tree, String path) throws IOException {
    try (InputStream in = tree.open(tree.lookup(path).orElseThrow())) {
      return new String(in.readAllBytes(), UTF_8);
    }
  }
}
