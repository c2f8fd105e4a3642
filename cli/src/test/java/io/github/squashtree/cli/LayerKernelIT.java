package io.github.squashtree.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.squashtree.cli.OverlayScenario.Overlay;
import io.github.squashtree.core.host.DirectoryTree;
import io.github.squashtree.core.internal.host.HostFileSystem;
import io.github.squashtree.core.internal.host.HostStat;
import io.github.squashtree.core.internal.read.ImageTree;
import io.github.squashtree.core.tree.Entry;
import io.github.squashtree.core.tree.EntryType;
import io.github.squashtree.core.tree.Metadata;
import io.github.squashtree.core.tree.Tree;
import io.github.squashtree.fixtures.KernelMount;
import io.github.squashtree.fixtures.ProcessRunner;
import io.github.squashtree.fixtures.Require;
import io.github.squashtree.fixtures.ToolResult;
import io.github.squashtree.fixtures.TreeAssertions;
import io.github.squashtree.overlay.ApplyOptions;
import io.github.squashtree.overlay.Change;
import io.github.squashtree.overlay.ChangeKind;
import io.github.squashtree.overlay.IncompleteSyncException;
import io.github.squashtree.overlay.LayerOptions;
import io.github.squashtree.overlay.OverlayNamespace;
import io.github.squashtree.overlay.OverlayTree;
import io.github.squashtree.overlay.UpperApply;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sqfs layer}, {@code apply} and {@code flatten} proved against the kernel on the issue's
 * scenario ({@link OverlayScenario}): what the commands write, loop-mounted under overlayfs, shows
 * exactly the new tree, and holds nothing but what changed.
 */
@Tag("kernel")
class LayerKernelIT {
  private static final HostFileSystem HOST = OverlayScenario.HOST;
  private static final String TRUSTED = OverlayNamespace.TRUSTED.prefix();
  private static final String USER = OverlayNamespace.USER.prefix();

  @TempDir static Path tmp;
  static OverlayScenario s;
  private static Path layer1;

  @BeforeAll
  static void scenario() throws IOException {
    OverlayScenario.require();
    s = OverlayScenario.create(tmp);
  }

  @AfterAll
  static void removeTrees() throws IOException {
    OverlayScenario.removeContents(tmp);
  }

  /** T1's layer over the image, character-device whiteouts; made once. */
  private static synchronized Path layer1() {
    if (layer1 == null) {
      Path out = tmp.resolve("l1.sqfs");
      sqfs("layer", "--checksum", s.t1.toString(), s.image.toString(), out.toString());
      layer1 = out;
    }
    return layer1;
  }

  @Test
  void layerWithCharWhiteoutsShowsTheNewTreeAndHoldsOnlyTheChanges() throws IOException {
    Path layer = layer1();
    try (Overlay o = Overlay.readOnly(tmp.resolve("m-layer"), List.of(layer, s.image))) {
      OverlayScenario.assertSameTree(s.t1, o.merged);
    }
    Map<String, Metadata> held = entries(layer);
    assertEquals(withRoot(s.wantedUpper()), held.keySet());
    for (Map.Entry<String, String> c : s.expected.entrySet()) {
      Metadata m = held.get(c.getKey());
      if (c.getValue().equals("delete")) {
        assertEquals(EntryType.CHAR_DEVICE, m.type(), c.getKey());
        assertEquals(0, m.rdevMajor(), c.getKey());
        assertEquals(0, m.rdevMinor(), c.getKey());
      } else {
        assertEquals(
            HOST.lstat(s.t1.resolve(c.getKey().substring(1))).type(), m.type(), c.getKey());
      }
    }
    // A directory over a lower file is opaque, as the kernel makes it.
    assertArrayEquals(
        "y".getBytes(UTF_8), held.get("/files/random").xattrs().get(TRUSTED + "opaque"));
  }

  @Test
  void layerWithXattrWhiteoutsHoldsNoDeviceNode() throws IOException {
    Path layer = tmp.resolve("lx.sqfs");
    sqfs(
        "layer",
        "--checksum",
        "--whiteouts",
        "xattr",
        s.t1.toString(),
        s.image.toString(),
        layer.toString());
    try (Overlay o = Overlay.readOnly(tmp.resolve("m-xattr"), List.of(layer, s.image))) {
      OverlayScenario.assertSameTree(s.t1, o.merged);
    }
    Map<String, Metadata> held = entries(layer);
    assertEquals(withRoot(s.wantedUpper()), held.keySet());
    Set<String> whiteoutParents = new TreeSet<>();
    for (Map.Entry<String, Metadata> e : held.entrySet()) {
      EntryType type = e.getValue().type();
      assertFalse(
          type == EntryType.CHAR_DEVICE || type == EntryType.BLOCK_DEVICE,
          e.getKey() + " is a device node");
    }
    for (Map.Entry<String, String> c : s.expected.entrySet()) {
      if (!c.getValue().equals("delete")) {
        continue;
      }
      Metadata m = held.get(c.getKey());
      assertEquals(EntryType.FILE, m.type(), c.getKey());
      assertEquals(0, m.size(), c.getKey());
      assertTrue(m.xattrs().containsKey(TRUSTED + "whiteout"), c.getKey());
      assertTrue(m.xattrs().containsKey(USER + "whiteout"), c.getKey());
      whiteoutParents.add(parent(c.getKey()));
    }
    for (String dir : whiteoutParents) {
      assertArrayEquals("x".getBytes(UTF_8), held.get(dir).xattrs().get(TRUSTED + "opaque"), dir);
    }
  }

  @Test
  void layerOfAnUnchangedTreeIsItsRootAlone() throws IOException {
    Path layer = tmp.resolve("l0.sqfs");
    CliRun r = sqfs("layer", "--checksum", s.t0.toString(), s.image.toString(), layer.toString());
    assertTrue(r.out().contains("Number of changes 0"), r.out());
    assertEquals(Set.of("/"), entries(layer).keySet());
    try (Overlay o = Overlay.readOnly(tmp.resolve("m-unchanged"), List.of(layer, s.image))) {
      OverlayScenario.assertSameTree(s.t0, o.merged);
    }
  }

  @Test
  void layerOverAnUpperTheKernelFilledHoldsOnlyWhatTheUpperLacks() throws IOException {
    Path dir = tmp.resolve("layer-upper");
    Path upper;
    try (Overlay o = Overlay.fresh(dir, s.t0, s.image)) {
      upper = o.upper;
      Path m = o.merged;
      // Already as T1 has them: a deletion and a content change (copied up by the kernel).
      Files.delete(m.resolve("files/duplicate-small-b"));
      copyFile(s.t1.resolve("files/text"), m.resolve("files/text"));
      // Not as T1 has them: a file T1 keeps, deleted; another, rewritten.
      Files.delete(m.resolve("files/size-4096"));
      Files.writeString(m.resolve("files/size-131072"), "other content\n");
      o.unmount();
    }
    Path layer = dir.resolve("layer.sqfs");
    sqfs(
        "layer",
        "--checksum",
        s.t1.toString(),
        s.image.toString(),
        layer.toString(),
        "--upper",
        upper.toString());

    Set<String> changes = new TreeSet<>(s.expected.keySet());
    changes.removeAll(Set.of("/files/duplicate-small-b", "/files/text"));
    changes.addAll(Set.of("/files/size-4096", "/files/size-131072"));
    assertEquals(withRoot(OverlayScenario.withParents(changes)), entries(layer).keySet());
    // The layer goes above the upper, which the kernel reads as one more lower layer.
    Path layerMount = Files.createDirectories(dir.resolve("layer-mnt"));
    Path imageMount = Files.createDirectories(dir.resolve("image-mnt"));
    Path merged = Files.createDirectories(dir.resolve("stacked"));
    try (KernelMount l = KernelMount.squashfs(layer, layerMount);
        KernelMount i = KernelMount.squashfs(s.image, imageMount);
        KernelMount o =
            KernelMount.overlay(List.of(layerMount, upper, imageMount), null, null, merged)) {
      OverlayScenario.assertSameTree(s.t1, merged);
    }
  }

  @Test
  void chainOfThreeLayersShowsEachTree() throws IOException {
    Path t0 = s.t0;
    // T2: a deleted directory of T0 and one T1 added, a re-added file, a file back at its T0
    // content, a file replaced by a directory, a new name joining an existing hard-link group.
    Path t2 = tmp.resolve("t2");
    OverlayScenario.copyTree(s.t1, t2);
    ProcessRunner.run("rm", "-r", t2.resolve("names").toString(), t2.resolve("new").toString());
    copyFile(t0.resolve("files/duplicate-small-b"), t2.resolve("files/duplicate-small-b"));
    Files.delete(t2.resolve("files/one-byte"));
    copyFile(t0.resolve("files/one-byte"), t2.resolve("files/one-byte"));
    Files.delete(t2.resolve("files/binary"));
    Files.createDirectory(t2.resolve("files/binary"));
    Files.writeString(t2.resolve("files/binary/inside"), "was binary\n");
    Files.createLink(t2.resolve("links/hard-4"), t2.resolve("links/pair-1"));
    // T3: the directory back to a file, a deleted directory of T0 back with other content, files
    // in a new deep directory.
    Path t3 = tmp.resolve("t3");
    OverlayScenario.copyTree(t2, t3);
    ProcessRunner.run("rm", "-r", t3.resolve("files/binary").toString());
    copyFile(t0.resolve("files/binary"), t3.resolve("files/binary"));
    Files.createDirectory(t3.resolve("deep"));
    Files.writeString(t3.resolve("deep/again"), "back\n");
    Files.createDirectories(t3.resolve("a/b/c/d/e/f"));
    Files.writeString(t3.resolve("a/b/c/d/e/f/file"), "deep\n");
    Files.writeString(t3.resolve("a/b/c/top"), "top\n");

    Path l1 = layer1();
    Path l2 = tmp.resolve("l2.sqfs");
    Path l3 = tmp.resolve("l3.sqfs");
    String image = s.image.toString();
    sqfs("layer", "--checksum", t2.toString(), image, l2.toString(), "--layer", l1.toString());
    sqfs(
        "layer",
        "--checksum",
        t3.toString(),
        image,
        l3.toString(),
        "--layer",
        l1.toString(),
        "--layer",
        l2.toString());

    Map<String, Metadata> second = entries(l2);
    Set<String> changed =
        Set.of(
            "/names",
            "/new",
            "/files/duplicate-small-b",
            "/files/one-byte",
            "/files/binary/inside",
            "/links/hard-4",
            // not changed, but hard links of a changed name: the group is in the layer whole
            "/links/pair-1",
            "/links/other/pair-2");
    assertEquals(withRoot(OverlayScenario.withParents(changed)), second.keySet());
    long key = second.get("/links/hard-4").linkKey();
    assertEquals(key, second.get("/links/pair-1").linkKey());
    assertEquals(key, second.get("/links/other/pair-2").linkKey());
    assertEquals(3, second.get("/links/pair-1").nlink());
    assertEquals(EntryType.CHAR_DEVICE, second.get("/new").type());
    assertArrayEquals(
        "y".getBytes(UTF_8), second.get("/files/binary").xattrs().get(TRUSTED + "opaque"));
    Map<String, Metadata> third = entries(l3);
    assertEquals(EntryType.FILE, third.get("/files/binary").type());
    assertEquals(EntryType.DIRECTORY, third.get("/deep").type());

    try (Overlay o = Overlay.readOnly(tmp.resolve("m-chain2"), List.of(l2, l1, s.image))) {
      OverlayScenario.assertSameTree(t2, o.merged);
    }
    Path flat = tmp.resolve("chain-flat.sqfs");
    Path mk = tmp.resolve("chain-mk.sqfs");
    sqfs(
        "flatten",
        image,
        flat.toString(),
        "--layer",
        l1.toString(),
        "--layer",
        l2.toString(),
        "--layer",
        l3.toString());
    try (Overlay o = Overlay.readOnly(tmp.resolve("m-chain3"), List.of(l3, l2, l1, s.image))) {
      OverlayScenario.assertSameTree(t3, o.merged);
      sqfs("mk", o.merged.toString(), mk.toString());
    }
    assertEquals(-1, Files.mismatch(flat, mk), "flatten of the chain and mk of its mount differ");
    // The same stack read without the kernel, by the API and by sqfs diff.
    CliRun equal =
        CliRun.of(
            "diff",
            "--checksum",
            "--layer",
            l1.toString(),
            "--layer",
            l2.toString(),
            "--layer",
            l3.toString(),
            t3.toString(),
            image);
    assertEquals(0, equal.code(), equal.out() + equal.err());
    CliRun stale =
        CliRun.of("diff", "--layer", l1.toString(), "--layer", l2.toString(), t3.toString(), image);
    assertEquals(1, stale.code(), "layer 3's changes are missing: " + stale.err());
    try (Tree expected = DirectoryTree.open(t3);
        Tree stack =
            OverlayTree.stack(
                List.of(
                    ImageTree.open(s.image),
                    ImageTree.open(l1),
                    ImageTree.open(l2),
                    ImageTree.open(l3)),
                OverlayNamespace.TRUSTED)) {
      TreeAssertions.assertTreesEqual(expected, stack);
    }
  }

  @Test
  void applyToAFreshUpperShowsTheNewTree() throws IOException {
    Path dir = tmp.resolve("apply-fresh");
    Path upper = Files.createDirectories(dir.resolve("upper"));
    CliRun r = sqfs("apply", "--checksum", s.t1.toString(), s.image.toString(), upper.toString());
    assertFalse(r.out().isEmpty());
    assertEquals(s.wantedUpper(), OverlayScenario.paths(upper));
    HostStat root = HOST.lstat(upper);
    HostStat want = HOST.lstat(s.t1);
    assertEquals(want.mode(), root.mode());
    assertEquals(want.uid() + ":" + want.gid(), root.uid() + ":" + root.gid());
    assertEquals(want.mtime(), root.mtime());
    for (Map.Entry<String, String> c : s.expected.entrySet()) {
      if (c.getValue().equals("delete")) {
        HostStat w = HOST.lstat(upper.resolve(c.getKey().substring(1)));
        assertEquals(EntryType.CHAR_DEVICE, w.type(), c.getKey());
        assertEquals(0, w.rdev(), c.getKey());
      }
    }
    try (Overlay o = Overlay.withUpper(dir, List.of(s.image), upper)) {
      OverlayScenario.assertSameTree(s.t1, o.merged);
    }
  }

  @Test
  void applyOverAnUpperTheKernelFilledKeepsOnlyWhatIsStillNeeded() throws IOException {
    Path dir = tmp.resolve("apply-used");
    Path upper;
    try (Overlay o = Overlay.fresh(dir, s.t0, s.image)) {
      upper = o.upper;
      Path m = o.merged;
      // Whiteouts: one for a name T1 has, one for a name T1 deletes too, one where T1 has a file.
      Files.delete(m.resolve("files/size-4096"));
      Files.delete(m.resolve("files/duplicate-small-b"));
      ProcessRunner.run("rm", "-r", m.resolve("xattrs/dir").toString());
      // Opaque directories: one over a lower directory, one over a lower file T1 modifies.
      ProcessRunner.run("rm", "-r", m.resolve("links/other").toString());
      Files.createDirectory(m.resolve("links/other"));
      Files.writeString(m.resolve("links/other/pair-2"), "not the pair\n");
      Files.delete(m.resolve("files/one-byte"));
      Files.createDirectory(m.resolve("files/one-byte"));
      // Copy-ups T1 has back at T0: content, xattr, and a touch with the time put back.
      Files.writeString(m.resolve("files/size-131072"), "other content\n");
      HOST.setXattr(m.resolve("xattrs/same-1"), "user.same", "changed".getBytes(UTF_8));
      Path binary = m.resolve("files/binary");
      HostStat before = HOST.lstat(binary);
      HOST.setTimes(binary, before.mtime().plusSeconds(60));
      HOST.setTimes(binary, before.mtime());
      // Copy-ups T1 changes otherwise, and a file T1 adds, with other content.
      Files.writeString(m.resolve("files/text"), "not T1's text\n");
      HOST.chmod(m.resolve("modes/m0600"), 0700);
      Files.writeString(m.resolve("files/added"), "not T1's\n");
      // A directory T1 deletes, written into; a directory only here.
      Files.writeString(m.resolve("deep/new-file"), "new\n");
      Files.createDirectories(m.resolve("only-here/dir"));
      Files.writeString(m.resolve("only-here/dir/file"), "x\n");
      sqfs("mk", m.toString(), dir.resolve("mk.sqfs").toString());
      o.unmount();
    }
    // flatten reads the kernel's whiteouts, opaque directories and copy-ups as the kernel does.
    Path flat = dir.resolve("flat.sqfs");
    sqfs("flatten", s.image.toString(), "--upper", upper.toString(), flat.toString());
    assertEquals(-1, Files.mismatch(flat, dir.resolve("mk.sqfs")), "flatten and mk differ");
    Set<String> kernelMade = OverlayScenario.paths(upper);
    assertTrue(kernelMade.contains("/files/size-4096"), kernelMade.toString());
    assertTrue(kernelMade.contains("/files/binary"), kernelMade.toString());
    assertTrue(HOST.getXattrs(upper.resolve("links/other")).containsKey(TRUSTED + "opaque"));

    String[] apply = {"apply", "--checksum", s.t1.toString(), s.image.toString(), upper.toString()};
    sqfs(apply);
    assertEquals(s.wantedUpper(), OverlayScenario.paths(upper));
    try (Overlay o = Overlay.withUpper(dir.resolve("again"), List.of(s.image), upper)) {
      OverlayScenario.assertSameTree(s.t1, o.merged);
    }
    Map<String, String> settled = OverlayScenario.snapshot(upper);
    CliRun second = sqfs(apply);
    assertEquals("", second.out());
    assertEquals(settled, OverlayScenario.snapshot(upper));
  }

  @Test
  void flattenIsTheImageMkMakesOfTheMountedOverlay() throws IOException {
    Path dir = tmp.resolve("flatten");
    Path upper = Files.createDirectories(dir.resolve("upper"));
    sqfs("apply", "--checksum", s.t1.toString(), s.image.toString(), upper.toString());
    Path flat = dir.resolve("flat.sqfs");
    // With zlib, the image's blocks (mksquashfs, gzip) are copied, not compressed again: yet the
    // bytes are those mk compresses from the mount.
    CliRun flattened =
        sqfs(
            "flatten",
            s.image.toString(),
            "--upper",
            upper.toString(),
            "--deflate",
            "zlib",
            flat.toString());
    assertTrue(
        flattened.out().contains("Number of data blocks copied compressed from the source image"),
        flattened.out());
    Path mounted = Files.createDirectories(dir.resolve("flat"));
    try (KernelMount m = KernelMount.squashfs(flat, mounted)) {
      OverlayScenario.assertSameTree(s.t1, mounted);
    }
    Path mk = dir.resolve("mk.sqfs");
    try (Overlay o = Overlay.withUpper(dir, List.of(s.image), upper)) {
      sqfs("mk", "--deflate", "zlib", o.merged.toString(), mk.toString());
    }
    assertEquals(-1, Files.mismatch(flat, mk), "flatten and mk of the merged mount differ");

    Path flat2 = dir.resolve("flat2.sqfs");
    sqfs("flatten", s.image.toString(), "--layer", layer1().toString(), flat2.toString());
    Path mk2 = dir.resolve("mk2.sqfs");
    try (Overlay o = Overlay.readOnly(dir.resolve("layer"), List.of(layer1(), s.image))) {
      sqfs("mk", o.merged.toString(), mk2.toString());
    }
    assertEquals(-1, Files.mismatch(flat2, mk2), "flatten --layer and mk of the mount differ");
  }

  @Test
  void applyWithoutPrivilegesChangesNothing() throws IOException {
    Require.tool("setpriv");
    Path upper = Files.createDirectories(tmp.resolve("unprivileged/upper"));
    Files.createDirectories(upper.resolve("files"));
    Files.writeString(upper.resolve("files/stale"), "to be removed by a real apply\n");
    Files.writeString(upper.resolve("files/text"), "not T1's\n");
    Map<String, String> before = OverlayScenario.snapshot(upper);
    String java = ProcessHandle.current().info().command().orElseThrow();
    ToolResult r =
        ProcessRunner.run(
            List.of(
                "setpriv",
                "--bounding-set",
                "-mknod,-sys_admin",
                "--",
                java,
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName(),
                "apply",
                "--checksum",
                s.t1.toString(),
                s.image.toString(),
                upper.toString()),
            Duration.ofMinutes(2),
            0,
            1,
            2);
    assertEquals(2, r.exitCode(), r.stdout() + r.stderr());
    assertEquals("", r.stdout());
    List<String> lines = r.stderr().lines().toList();
    assertEquals(1, lines.size(), r.stderr());
    assertTrue(lines.get(0).contains("CAP_MKNOD"), lines.get(0));
    assertTrue(lines.get(0).contains("nothing was changed"), lines.get(0));
    assertEquals(before, OverlayScenario.snapshot(upper));
  }

  @Test
  void applyFailingPartWayReportsExactlyWhatItDid() throws IOException {
    Path dir = tmp.resolve("partial");
    Path source = dir.resolve("t1");
    Files.createDirectories(dir);
    OverlayScenario.copyTree(s.t1, source);
    Path upper = Files.createDirectories(dir.resolve("upper"));
    Path needed = source.resolve("new/dir/file");
    List<Change> reported = new ArrayList<>();
    ApplyOptions options =
        ApplyOptions.defaults().withLayer(LayerOptions.defaults().withChecksum(true));
    IncompleteSyncException e;
    try (Tree newTree = DirectoryTree.open(source);
        Tree lower = ImageTree.open(s.image)) {
      e =
          assertThrows(
              IncompleteSyncException.class,
              () ->
                  UpperApply.apply(
                      newTree,
                      lower,
                      upper,
                      options,
                      c -> {
                        if (reported.isEmpty()) {
                          delete(needed);
                        }
                        reported.add(c);
                      }));
    }
    assertEquals(reported, e.done());
    assertInstanceOf(NoSuchFileException.class, e.getCause(), e.getMessage());
    assertTrue(e.plan().stream().anyMatch(c -> c.path().equals("/new/dir/file")));
    assertTrue(e.done().stream().noneMatch(c -> c.path().equals("/new/dir/file")));
    assertTrue(e.removedOnly().isEmpty(), e.removedOnly().toString());
    Set<String> done = new TreeSet<>();
    for (Change c : e.done()) {
      assertTrue(c.kind() == ChangeKind.ADD || c.path().equals("/"), c.toString());
      if (!c.path().equals("/")) {
        done.add(c.path());
      }
    }
    Set<String> present = OverlayScenario.paths(upper);
    assertEquals(done, present);
    assertTrue(present.stream().noneMatch(p -> p.contains(".sqfs-sync-")), present.toString());
    // Run again from the intact tree, it finishes the job.
    sqfs("apply", "--checksum", s.t1.toString(), s.image.toString(), upper.toString());
    assertEquals(s.wantedUpper(), OverlayScenario.paths(upper));
    try (Tree expected = DirectoryTree.open(s.t1);
        Tree overlay = OverlayTree.open(ImageTree.open(s.image), upper)) {
      TreeAssertions.assertTreesEqual(expected, overlay);
    }
  }

  /** Runs sqfs in-process and asserts it succeeded. */
  private static CliRun sqfs(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.add(1, "--no-progress");
    CliRun r = CliRun.of(all.toArray(String[]::new));
    assertEquals(0, r.code(), String.join(" ", args) + ": " + r.err());
    return r;
  }

  /** Every entry of an image, by path, the root included. */
  private static Map<String, Metadata> entries(Path image) throws IOException {
    Map<String, Metadata> out = new TreeMap<>();
    try (Tree t = ImageTree.open(image)) {
      walk(t, t.root(), out);
    }
    return out;
  }

  private static void walk(Tree t, Entry e, Map<String, Metadata> out) throws IOException {
    out.put(e.path(), e.metadata());
    if (e.isDirectory()) {
      for (Entry c : t.children(e)) {
        walk(t, c, out);
      }
    }
  }

  private static Set<String> withRoot(Set<String> paths) {
    Set<String> out = new TreeSet<>(paths);
    out.add("/");
    return out;
  }

  private static String parent(String path) {
    int slash = path.lastIndexOf('/');
    return slash <= 0 ? "/" : path.substring(0, slash);
  }

  private static void copyFile(Path from, Path to) throws IOException {
    ProcessRunner.run("cp", "-p", from.toString(), to.toString());
  }

  private static void delete(Path p) {
    try {
      Files.delete(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
