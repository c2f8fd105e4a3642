package io.github.squashtree.overlay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.squashtree.core.host.DirectoryTree;
import io.github.squashtree.core.internal.host.HostFileSystem;
import io.github.squashtree.core.internal.host.UnsupportedHostOperationException;
import io.github.squashtree.core.tree.Entry;
import io.github.squashtree.core.tree.ForwardingTree;
import io.github.squashtree.core.tree.Names;
import io.github.squashtree.core.tree.TimePrecision;
import io.github.squashtree.core.tree.Tree;
import io.github.squashtree.fixtures.InMemoryTree;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link OverlaySync} on a plain directory: what the kernel needs no overlay to show. */
class OverlaySyncTest {
  private static final byte[] Y = {'y'};

  @TempDir Path tmp;

  /** A tree owned by whoever runs the test, so that a sync needs no privileges. */
  static InMemoryTree.Builder ownTree(Path anyDir) throws IOException {
    long uid = ((Number) Files.getAttribute(anyDir, "unix:uid")).longValue();
    long gid = ((Number) Files.getAttribute(anyDir, "unix:gid")).longValue();
    return InMemoryTree.builder()
        .edit("/", m -> m.owner(uid, gid).mtime(Instant.ofEpochSecond(1_600_000_000L)));
  }

  /**
   * The directory times restored at the end come from the plan, not from a lookup by path per
   * directory, which reads every directory above it: a deep tree once took depth * depth reads
   * there (a 20,000-deep sync was still at it after 10 minutes).
   */
  @Test
  void directoryTimesComeFromThePlanNotFromALookupPerDirectory() throws IOException {
    long uid = ((Number) Files.getAttribute(tmp, "unix:uid")).longValue();
    long gid = ((Number) Files.getAttribute(tmp, "unix:gid")).longValue();
    int depth = 300;
    long t0 = 1_500_000_000L;
    InMemoryTree.Builder b = ownTree(tmp);
    String p = "";
    for (int i = 0; i < depth; i++) {
      p += "/d";
      long t = t0 + i;
      b.dir(p).edit(p, m -> m.owner(uid, gid).mtime(Instant.ofEpochSecond(t)));
    }
    Tree built = b.file(p + "/f", "x").edit(p + "/f", m -> m.owner(uid, gid)).build();
    AtomicInteger lookups = new AtomicInteger();
    Tree counted =
        new ForwardingTree(built) {
          @Override
          public Optional<Entry> lookup(String path) throws IOException {
            lookups.incrementAndGet();
            return super.lookup(path);
          }
        };
    Path target = Files.createDirectory(tmp.resolve("merged"));
    OverlaySync.sync(counted, target, SyncOptions.defaults(), c -> {});
    assertTrue(lookups.get() < depth, lookups + " lookups for " + depth + " directories");
    Path top = target.resolve("d");
    Path bottom = target.resolve("d/".repeat(depth));
    assertEquals(t0, Files.getLastModifiedTime(top).toInstant().getEpochSecond());
    assertEquals(t0 + depth - 1, Files.getLastModifiedTime(bottom).toInstant().getEpochSecond());
  }

  /**
   * overlayfs-private attributes of the source go where the target takes them and are left out with
   * a warning where it does not: asked of the target (a plain directory takes {@code
   * user.overlay.*}, and {@code trusted.overlay.*} as root; a mounted overlay before Linux 6.7
   * takes neither, which OverlayTrustKernelIT checks). Either way a second sync has nothing to do.
   */
  @Test
  void overlayPrivateAttributesGoWhereTheTargetTakesThemAndAreLeftOutWithAWarningElsewhere()
      throws IOException {
    long uid = ((Number) Files.getAttribute(tmp, "unix:uid")).longValue();
    long gid = ((Number) Files.getAttribute(tmp, "unix:gid")).longValue();
    Tree source =
        ownTree(tmp)
            .file("/opaque-file", "x")
            .edit(
                "/opaque-file",
                m ->
                    m.owner(uid, gid)
                        .xattr("trusted.overlay.opaque", Y)
                        .xattr("user.overlay.origin", Y))
            .dir("/d")
            .edit("/d", m -> m.owner(uid, gid).xattr("user.overlay.opaque", Y))
            .build();
    Path target = Files.createDirectory(tmp.resolve("merged"));
    HostFileSystem host = HostFileSystem.get();
    boolean trusted = host.canSetXattr(target, "trusted.overlay.test-never-set");
    boolean user = host.canSetXattr(target, "user.overlay.test-never-set");
    List<String> warnings = new ArrayList<>();
    List<Change> changes =
        OverlaySync.sync(source, target, SyncOptions.defaults(), c -> {}, warnings::add);
    assertTrue(changes.stream().anyMatch(c -> c.path().equals("/opaque-file")), "" + changes);
    List<String> expected = new ArrayList<>();
    if (!user) {
      expected.add("/d: left out user.overlay.opaque");
    }
    String leftOut =
        !trusted && !user
            ? "trusted.overlay.opaque, user.overlay.origin"
            : !trusted ? "trusted.overlay.opaque" : !user ? "user.overlay.origin" : null;
    if (leftOut != null) {
      expected.add("/opaque-file: left out " + leftOut + " ");
    }
    assertEquals(expected.size(), warnings.size(), "" + warnings);
    for (int k = 0; k < expected.size(); k++) {
      assertTrue(warnings.get(k).startsWith(expected.get(k).strip()), warnings.get(k));
    }
    assertEquals("x", Files.readString(target.resolve("opaque-file"), StandardCharsets.UTF_8));
    assertEquals(
        trusted,
        host.getXattrs(target.resolve("opaque-file")).containsKey("trusted.overlay.opaque"));
    assertEquals(user, host.getXattrs(target.resolve("d")).containsKey("user.overlay.opaque"));
    // Nothing is left to do, though the warnings stay.
    warnings.clear();
    assertEquals(
        List.of(),
        OverlaySync.sync(source, target, SyncOptions.defaults(), c -> {}, warnings::add));
    assertEquals(expected.size(), warnings.size());
  }

  /**
   * A host that cannot make a symlink target exactly (NIO keeps targets as strings) must not leave
   * a link that would differ from the source for good: the sync stops with the host's reason, and
   * no temporary name is left behind.
   */
  @Test
  void aSymlinkTargetTheHostCannotMakeExactlyStopsTheSync() throws Exception {
    String latin1 = Names.decode(new byte[] {'c', 'a', 'f', (byte) 0xE9});
    Tree source = ownTree(tmp).file("/a", "x").symlink("/l", latin1).build();
    Path target = Files.createDirectory(tmp.resolve("merged"));
    HostFileSystem nio = portableHost();
    IncompleteSyncException e =
        assertThrows(
            IncompleteSyncException.class,
            () ->
                OverlaySync.patch(
                    source, target, SyncOptions.defaults(), c -> {}, t -> t, plan -> {}, nio));
    UnsupportedHostOperationException cause =
        assertInstanceOf(UnsupportedHostOperationException.class, e.getCause());
    assertTrue(cause.getMessage().contains("symlink target not made exactly"), cause::getMessage);
    assertEquals(List.of("/", "/a"), e.done().stream().map(Change::path).toList());
    try (Stream<Path> left = Files.list(target)) {
      assertEquals(List.of("a"), left.map(p -> p.getFileName().toString()).toList());
    }
  }

  /**
   * The portable host, which core keeps to its package, for the branch only it reaches on Linux.
   */
  private static HostFileSystem portableHost() throws ReflectiveOperationException {
    Constructor<?> c =
        Class.forName("io.github.squashtree.core.internal.host.NioHostFileSystem")
            .getDeclaredConstructor(String.class);
    c.setAccessible(true);
    return (HostFileSystem) c.newInstance("portable host under test");
  }

  @Test
  void dryRunChangesNothing() throws IOException {
    Tree source = ownTree(tmp).file("/a", "new").build();
    Path target = Files.createDirectory(tmp.resolve("merged"));
    Files.writeString(target.resolve("b"), "old");
    List<Change> told = new ArrayList<>();
    List<Change> plan =
        OverlaySync.sync(source, target, SyncOptions.defaults().withDryRun(true), told::add);
    assertEquals(plan, told);
    assertEquals(List.of("/", "/a", "/b"), plan.stream().map(Change::path).toList());
    assertTrue(Files.exists(target.resolve("b")));
    assertTrue(Files.notExists(target.resolve("a")));
    try (Tree t = DirectoryTree.open(target)) {
      assertEquals(1, t.children(t.root()).size());
    }
  }

  @Test
  void aChangeToOneNameOfALinkGroupRewritesTheWholeGroup() throws IOException {
    // Found by OverlaySyncPropertyTest: /a gains a second name /b and a new mode. Changed in place,
    // /a stayed apart from the new /b (on an overlay, chmod copies up that one name).
    Path target = Files.createDirectory(tmp.resolve("merged"));
    Instant t = Instant.ofEpochSecond(1_000_000_000L);
    long uid = ((Number) Files.getAttribute(tmp, "unix:uid")).longValue();
    long gid = ((Number) Files.getAttribute(tmp, "unix:gid")).longValue();
    Tree single =
        ownTree(tmp)
            .file("/a", "x")
            .edit("/a", m -> m.permissions(0644).owner(uid, gid).mtime(t))
            .build();
    Tree joined =
        ownTree(tmp)
            .file("/a", "x")
            .edit("/a", m -> m.permissions(0600).owner(uid, gid).mtime(t))
            .hardLink("/b", "/a")
            .build();
    Tree chmodded =
        ownTree(tmp)
            .file("/a", "x")
            .edit("/a", m -> m.permissions(0640).owner(uid, gid).mtime(t))
            .hardLink("/b", "/a")
            .build();
    for (Tree source : List.of(single, joined, chmodded)) {
      OverlaySync.sync(source, target, SyncOptions.defaults().withChecksum(true), c -> {});
      try (Tree actual = DirectoryTree.open(target)) {
        assertTrue(
            TreeComparator.compare(
                    actual,
                    source,
                    CompareOptions.defaults()
                        .withChecksum(true)
                        .withPrecision(TimePrecision.SECONDS))
                .isEmpty());
      }
    }
    assertEquals(
        Files.getAttribute(target.resolve("a"), "unix:ino"),
        Files.getAttribute(target.resolve("b"), "unix:ino"));
  }
}
