package io.github.squashtree.overlay;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.squashtree.core.host.DirectoryTree;
import io.github.squashtree.core.internal.host.Capabilities;
import io.github.squashtree.core.internal.host.HostFileSystem;
import io.github.squashtree.core.internal.host.HostStat;
import io.github.squashtree.core.tree.Entry;
import io.github.squashtree.core.tree.EntryType;
import io.github.squashtree.core.tree.ForwardingTree;
import io.github.squashtree.core.tree.Tree;
import io.github.squashtree.fixtures.InMemoryTree;
import io.github.squashtree.fixtures.Require;
import io.github.squashtree.fixtures.TreeAssertions;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link UpperApply} on a real upper directory (whiteouts and trusted.* attributes need root),
 * checked through {@link OverlayTree}; the kernel mount is checked in the cli's LayerKernelIT.
 */
class UpperApplyTest {
  private static final HostFileSystem HOST = HostFileSystem.get();
  private static final ApplyOptions OPTIONS =
      ApplyOptions.defaults().withLayer(LayerOptions.defaults().withChecksum(true));

  @TempDir Path upper;

  @BeforeEach
  void needsRoot() {
    Require.root();
  }

  @ParameterizedTest
  @EnumSource(WhiteoutStyle.class)
  void anEmptyUpperGetsExactlyTheLayer(WhiteoutStyle style) throws IOException {
    InMemoryTree base = DeltaLayerTest.base();
    InMemoryTree next = DeltaLayerTest.next();
    ApplyOptions options = OPTIONS.withLayer(OPTIONS.layer().withWhiteouts(style));
    List<Change> made = UpperApply.apply(next, base, upper, options, c -> {});
    assertFalse(made.isEmpty());
    Set<String> expected =
        DeltaLayerTest.entries(DeltaLayer.plan(base, next, options.layer()).tree()).keySet();
    assertEquals(expected, paths());
    assertShows(base, next);
    assertTrue(
        UpperApply.apply(next, base, upper, options, c -> {}).isEmpty(),
        "a second apply has nothing to do");
  }

  @Test
  void whatTheUpperNoLongerNeedsGoesAndWhatItStillNeedsStays() throws IOException {
    InMemoryTree base = DeltaLayerTest.base();
    InMemoryTree next = DeltaLayerTest.next();
    // What earlier changes and the kernel left: a whiteout for a name that exists again, a
    // copy-up of a file now back at its lower content, an opaque directory that now merges, a
    // copy-up that is still right, and overlayfs's own bookkeeping.
    mknodWhiteout("etc/hostname");
    write("untouched/deeper/file", "keep");
    Files.createDirectories(upper.resolve("usr"));
    HOST.setXattr(upper.resolve("usr"), "trusted.overlay.opaque", "y".getBytes(UTF_8));
    HOST.setXattr(upper.resolve("usr"), "trusted.overlay.impure", "y".getBytes(UTF_8));
    write("opt/xattr", "x");
    HOST.setXattr(upper.resolve("opt/xattr"), "user.note", "new".getBytes(UTF_8));
    HOST.setXattr(upper.resolve("opt/xattr"), "trusted.overlay.origin", new byte[] {0, 1, 2});
    HostStat keptBefore = HOST.lstat(upper.resolve("opt/xattr"));
    mknodWhiteout("gone-for-good");
    List<String> reported = new ArrayList<>();
    UpperApply.apply(
        next, base, upper, OPTIONS, c -> reported.add(c.kind().label() + " " + c.path()));
    Set<String> expected =
        DeltaLayerTest.entries(DeltaLayer.plan(base, next, OPTIONS.layer()).tree()).keySet();
    assertEquals(expected, paths());
    assertShows(base, next);
    assertTrue(reported.contains("delete /untouched"), reported.toString());
    assertTrue(reported.contains("delete /gone-for-good"), reported.toString());
    assertTrue(reported.contains("replace /etc/hostname"), reported.toString());
    assertFalse(
        HOST.getXattrs(upper.resolve("usr")).containsKey("trusted.overlay.opaque"),
        "the opaque mark goes: /usr merges again");
    assertArrayEquals(
        "y".getBytes(UTF_8),
        HOST.getXattrs(upper.resolve("usr")).get("trusted.overlay.impure"),
        "the kernel's bookkeeping stays");
    HostStat keptAfter = HOST.lstat(upper.resolve("opt/xattr"));
    assertEquals(keptBefore.ino(), keptAfter.ino(), "a still-needed copy-up is left alone");
    assertTrue(HOST.getXattrs(upper.resolve("opt/xattr")).containsKey("trusted.overlay.origin"));
  }

  @Test
  void aDryRunChangesNothing() throws IOException {
    mknodWhiteout("gone-for-good");
    Map<String, String> before = snapshot();
    List<Change> plan =
        UpperApply.apply(
            DeltaLayerTest.next(), DeltaLayerTest.base(), upper, OPTIONS.withDryRun(true), c -> {});
    assertFalse(plan.isEmpty());
    assertEquals(before, snapshot());
  }

  @Test
  void withoutThePrivilegesNothingIsChanged() throws IOException {
    write("untouched/deeper/file", "keep"); // something apply would remove first
    Map<String, String> before = snapshot();
    IOException e =
        assertThrows(
            IOException.class,
            () ->
                UpperApply.apply(
                    DeltaLayerTest.next(),
                    DeltaLayerTest.base(),
                    upper,
                    OPTIONS,
                    c -> {},
                    new Capabilities(0),
                    HOST));
    assertTrue(e.getMessage().contains("CAP_MKNOD"), e.getMessage());
    assertTrue(e.getMessage().contains("CAP_SYS_ADMIN"), e.getMessage());
    assertTrue(e.getMessage().endsWith("nothing was changed"), e.getMessage());
    assertEquals(before, snapshot());
  }

  @Test
  void aFailurePartWayNamesWhatWasDone() throws IOException {
    InMemoryTree base = DeltaLayerTest.base();
    Tree next =
        new ForwardingTree(DeltaLayerTest.next()) {
          @Override
          public InputStream open(Entry file) throws IOException {
            if (file.path().equals("/opt/was-dir")) {
              throw new NoSuchFileException(file.path(), null, "vanished");
            }
            return super.open(file);
          }
        };
    List<Change> reported = new ArrayList<>();
    IncompleteSyncException e =
        assertThrows(
            IncompleteSyncException.class,
            () -> UpperApply.apply(next, base, upper, OPTIONS, reported::add));
    assertEquals(reported, e.done());
    assertTrue(e.done().size() < e.plan().size());
    assertTrue(e.getMessage().contains("vanished"), e.getMessage());
    assertTrue(e.getMessage().contains("stopped after " + e.done().size()), e.getMessage());
    Set<String> there = paths();
    for (Change c : e.done()) {
      assertEquals(c.kind() != ChangeKind.DELETE, there.contains(c.path()), c.toString());
    }
    assertFalse(there.contains("/opt/was-dir"));
    assertTrue(
        there.stream().noneMatch(p -> p.contains(".sqfs-sync-")), "temporary files left: " + there);
  }

  @Test
  void anUpperWithARedirectOrAMetacopyIsRefusedUnchanged() throws IOException {
    InMemoryTree base = DeltaLayerTest.base();
    InMemoryTree next = DeltaLayerTest.next();
    write("etc/hostname", "box2\n");
    Files.createDirectories(upper.resolve("moved"));
    HOST.setXattr(upper.resolve("moved"), "trusted.overlay.redirect", "/opt".getBytes(UTF_8));
    Set<String> before = paths();
    UnsupportedOverlayException e =
        assertThrows(
            UnsupportedOverlayException.class,
            () -> UpperApply.apply(next, base, upper, OPTIONS, c -> {}));
    assertTrue(e.getMessage().contains("trusted.overlay.redirect"), e.getMessage());
    assertEquals(before, paths());
    HOST.removeXattr(upper.resolve("moved"), "trusted.overlay.redirect");
    HOST.setXattr(upper.resolve("etc/hostname"), "trusted.overlay.metacopy", new byte[0]);
    e =
        assertThrows(
            UnsupportedOverlayException.class,
            () -> UpperApply.apply(next, base, upper, OPTIONS, c -> {}));
    assertTrue(e.getMessage().contains("trusted.overlay.metacopy"), e.getMessage());
    assertEquals(before, paths());
  }

  /** Lower /d of three files, all gone in the new tree, which has /d/new instead. */
  private static InMemoryTree allGoneBase() {
    return InMemoryTree.builder()
        .file("/d/a", "a")
        .file("/d/b", "b")
        .file("/d/c", "c")
        .file("/keep", "k")
        .build();
  }

  private static InMemoryTree allGoneNext() {
    return InMemoryTree.builder().file("/d/new", "n").file("/keep", "k").build();
  }

  @Test
  void anOpaqueDirectoryThatIsStillRightIsKept() throws IOException {
    InMemoryTree base = allGoneBase();
    InMemoryTree next = allGoneNext();
    // As the kernel leaves it after rm -rf d; mkdir d; echo n > d/new.
    List<Change> first = UpperApply.apply(next, base, upper, OPTIONS, c -> {});
    assertEquals(Set.of("/", "/d", "/d/new"), paths(), "one opaque mark, no whiteout each");
    assertArrayEquals(
        new byte[] {'y'}, HOST.getXattrs(upper.resolve("d")).get("trusted.overlay.opaque"));
    assertFalse(first.isEmpty());
    assertShows(base, next);
    assertTrue(UpperApply.apply(next, base, upper, OPTIONS, c -> {}).isEmpty());
  }

  @Test
  void whiteoutsThatAreStillRightAreKeptRatherThanExchangedForAnOpaqueMark() throws IOException {
    InMemoryTree base = allGoneBase();
    InMemoryTree next = allGoneNext();
    // As the kernel leaves it after rm d/*; echo n > d/new: a whiteout each, d not opaque.
    for (String gone : List.of("d/a", "d/b", "d/c")) {
      mknodWhiteout(gone);
    }
    write("d/new", "n");
    List<Change> made = UpperApply.apply(next, base, upper, OPTIONS, c -> {});
    assertTrue(
        made.stream().noneMatch(c -> c.path().startsWith("/d/") && !c.path().equals("/d/new")),
        "the whiteouts stay: " + made);
    assertFalse(HOST.getXattrs(upper.resolve("d")).containsKey("trusted.overlay.opaque"));
    assertShows(base, next);
  }

  /**
   * Since Linux 5.8 overlayfs links the whiteouts it makes to one inode in its work directory: they
   * are kept as they are, not taken for a hard-link group the layer splits (every apply after the
   * kernel had written rewrote all of them but one).
   */
  @Test
  void theKernelsWhiteoutsSharingOneInodeAreKept(@TempDir Path work) throws IOException {
    Path shared = work.resolve("#1f");
    HOST.mknod(shared, EntryType.CHAR_DEVICE, 0, 0, 0);
    for (String name : List.of("a", "b", "c")) {
      Files.createLink(upper.resolve(name), shared);
    }
    long inode = HOST.lstat(shared).ino();
    InMemoryTree base =
        InMemoryTree.builder().file("/a", "a").file("/b", "b").file("/c", "c").build();
    InMemoryTree next = InMemoryTree.builder().file("/keep", "k").build();
    List<String> reported = new ArrayList<>();
    UpperApply.apply(next, base, upper, OPTIONS, c -> reported.add(c.path()));
    assertShows(base, next);
    for (String name : List.of("a", "b", "c")) {
      assertFalse(reported.contains("/" + name), reported.toString());
      assertEquals(inode, HOST.lstat(upper.resolve(name)).ino(), name);
    }
    assertTrue(
        UpperApply.apply(next, base, upper, OPTIONS, c -> {}).isEmpty(),
        "a second apply has nothing to do");
  }

  private void assertShows(Tree base, Tree next) throws IOException {
    try (Tree merged = OverlayTree.of(base, DirectoryTree.open(upper), OverlayNamespace.TRUSTED)) {
      TreeAssertions.assertTreesEqual(next, merged);
    }
  }

  private void mknodWhiteout(String path) throws IOException {
    Path p = upper.resolve(path);
    Files.createDirectories(p.getParent());
    HOST.mknod(p, EntryType.CHAR_DEVICE, 0, 0, 0);
  }

  private void write(String path, String content) throws IOException {
    Path p = upper.resolve(path);
    Files.createDirectories(p.getParent());
    Files.writeString(p, content);
  }

  /** Every path below the upper directory, "/a/b" style, the root included as "/". */
  private Set<String> paths() throws IOException {
    Set<String> out = new TreeSet<>();
    try (Stream<Path> all = Files.walk(upper)) {
      all.forEach(p -> out.add(p.equals(upper) ? "/" : "/" + upper.relativize(p)));
    }
    return out;
  }

  /** Every path with its type, mode, mtime and attributes. */
  private Map<String, String> snapshot() throws IOException {
    Map<String, String> out = new TreeMap<>();
    for (String p : paths()) {
      Path f = p.equals("/") ? upper : upper.resolve(p.substring(1));
      HostStat st = HOST.lstat(f);
      out.put(
          p,
          st.type() + " " + st.permissions() + " " + st.mtime() + " " + HOST.getXattrs(f).keySet());
    }
    return out;
  }
}
