package io.github.squashtree.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.squashtree.core.host.DirectoryTree;
import io.github.squashtree.core.internal.host.HostFileSystem;
import io.github.squashtree.core.internal.read.ImageTree;
import io.github.squashtree.core.tree.Entry;
import io.github.squashtree.core.tree.Tree;
import io.github.squashtree.fixtures.KernelMount;
import io.github.squashtree.fixtures.Mksquashfs;
import io.github.squashtree.fixtures.ProcessRunner;
import io.github.squashtree.fixtures.Require;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 17's overlay items against the kernel: an upper directory in use refused, containment
 * judged by device and inode, overlayfs-private attributes synced where the kernel takes them, and
 * apply and layer as minimal as what the kernel writes itself.
 */
@Tag("kernel")
class OverlayTrustKernelIT {
  private static final HostFileSystem HOST = HostFileSystem.get();

  @TempDir Path tmp;

  @BeforeAll
  static void require() {
    Require.root();
    Require.tool("mksquashfs");
    Require.kernelSquashfsMount();
    Require.overlayMount();
  }

  /** Files /d/a…/d/i, /e/x, /e/y and /f/p imaged. */
  private Path lowerImage() throws IOException {
    Path tree = tmp.resolve("lower-tree");
    for (char c = 'a'; c <= 'i'; c++) {
      write(tree.resolve("d/" + c), "lower " + c);
    }
    write(tree.resolve("e/x"), "x");
    write(tree.resolve("e/y"), "y");
    write(tree.resolve("f/p"), "p");
    Path image = tmp.resolve("lower.sqfs");
    Mksquashfs.make(tree, image, List.of("-comp", "gzip"));
    return image;
  }

  private static void write(Path p, String content) throws IOException {
    Files.createDirectories(p.getParent());
    Files.writeString(p, content);
  }

  /** lower (the image mounted), upper, work and merged directories below {@code dir}. */
  private record Dirs(Path lower, Path upper, Path work, Path merged) {
    static Dirs in(Path dir) throws IOException {
      return new Dirs(
          Files.createDirectories(dir.resolve("lower")),
          Files.createDirectories(dir.resolve("upper")),
          Files.createDirectories(dir.resolve("work")),
          Files.createDirectories(dir.resolve("merged")));
    }
  }

  @Test
  void applyRefusesTheUpperOfAMountedOverlay() throws IOException {
    Path image = lowerImage();
    Dirs d = Dirs.in(tmp.resolve("o"));
    Path newTree = Files.createDirectory(tmp.resolve("new"));
    write(newTree.resolve("n"), "n");
    try (KernelMount lower = KernelMount.squashfs(image, d.lower());
        KernelMount overlay =
            KernelMount.overlay(List.of(d.lower()), d.upper(), d.work(), d.merged())) {
      // Named through a symlink: still the same directory.
      Path alias = Files.createSymbolicLink(tmp.resolve("alias"), d.upper());
      CliRun r = CliRun.of("apply", newTree.toString(), image.toString(), alias.toString());
      assertEquals(2, r.code(), r.err());
      assertTrue(r.err().contains("mounted at " + d.merged()), r.err());
      assertEquals(1, r.err().lines().count(), r.err());
      try (var s = Files.list(d.upper())) {
        assertEquals(0, s.count(), "nothing written into the upper directory");
      }
    }
  }

  @Test
  void syncRefusesANewTreeInsideTheMergedDirectoryThroughABindMount() throws IOException {
    Path target = Files.createDirectory(tmp.resolve("target"));
    Path bind = Files.createDirectory(tmp.resolve("bind"));
    write(target.resolve("new/file"), "mine");
    ProcessRunner.run("mount", "--bind", target.toString(), bind.toString());
    try {
      CliRun r = CliRun.of("sync", bind.resolve("new").toString(), target.toString());
      assertEquals(2, r.code(), r.err());
      assertTrue(r.err().contains("must not contain each other"), r.err());
      r = CliRun.of("apply", target.toString(), lowerImage().toString(), bind.toString());
      assertEquals(2, r.code(), r.err());
      assertTrue(r.err().contains("must not contain each other"), r.err());
      assertEquals("mine", Files.readString(target.resolve("new/file")));
    } finally {
      ProcessRunner.run("umount", bind.toString());
    }
  }

  @Test
  void overlayPrivateAttributesSyncWhereTheKernelTakesThemAndASecondSyncHasNothingToDo()
      throws IOException {
    Path image = lowerImage();
    Path newTree = tmp.resolve("new");
    ProcessRunner.run("cp", "-a", tmp.resolve("lower-tree").toString(), newTree.toString());
    HOST.setXattr(newTree.resolve("e/x"), "trusted.overlay.note", "t".getBytes(UTF_8));
    HOST.setXattr(newTree.resolve("e/y"), "user.overlay.note", "u".getBytes(UTF_8));
    Dirs d = Dirs.in(tmp.resolve("o"));
    try (KernelMount lower = KernelMount.squashfs(image, d.lower());
        KernelMount overlay =
            KernelMount.overlay(List.of(d.lower()), d.upper(), d.work(), d.merged())) {
      boolean kernelTakesThem = HOST.canSetXattr(d.merged(), "trusted.overlay.sqfs-test-never-set");
      CliRun first = CliRun.of("sync", newTree.toString(), d.merged().toString());
      assertEquals(0, first.code(), first.err());
      CliRun second = CliRun.of("sync", newTree.toString(), d.merged().toString());
      assertEquals(0, second.code(), second.err());
      assertEquals("", second.out(), "a second sync finds nothing to do");
      if (kernelTakesThem) {
        assertTrue(first.err().isEmpty(), first.err());
        assertArrayEquals(
            "t".getBytes(UTF_8),
            HOST.getXattrs(d.merged().resolve("e/x")).get("trusted.overlay.note"));
        assertArrayEquals(
            "u".getBytes(UTF_8),
            HOST.getXattrs(d.merged().resolve("e/y")).get("user.overlay.note"));
        // Stored escaped in the upper directory, as the kernel does it.
        assertTrue(
            HOST.getXattrs(d.upper().resolve("e/x")).containsKey("trusted.overlay.overlay.note"));
      } else {
        assertTrue(first.err().contains("left out trusted.overlay.note"), first.err());
      }
    }
  }

  @Test
  void applyAndLayerAreAsMinimalAsTheUpperTheKernelFilled() throws IOException {
    Path image = lowerImage();
    Dirs d = Dirs.in(tmp.resolve("o"));
    Path newTree = tmp.resolve("new");
    try (KernelMount lower = KernelMount.squashfs(image, d.lower())) {
      try (KernelMount overlay =
          KernelMount.overlay(List.of(d.lower()), d.upper(), d.work(), d.merged())) {
        Path m = d.merged();
        // A directory removed and made again, holding one new file: the kernel makes it opaque.
        ProcessRunner.run("rm", "-rf", m.resolve("d").toString());
        write(m.resolve("d/new"), "new");
        // Removed files of a directory that keeps one: a whiteout each.
        Files.delete(m.resolve("e/x"));
        // A directory removed and made again, empty.
        ProcessRunner.run("rm", "-rf", m.resolve("f").toString());
        Files.createDirectory(m.resolve("f"));
        ProcessRunner.run("cp", "-a", m.toString(), newTree.toString());
      }
      Set<String> kernelUpper = paths(d.upper());
      Path kernelCopy = tmp.resolve("kernel-upper");
      ProcessRunner.run("cp", "-a", d.upper().toString(), kernelCopy.toString());

      CliRun apply = CliRun.of("apply", newTree.toString(), image.toString(), d.upper().toString());
      assertEquals(0, apply.code(), apply.err());
      assertEquals(
          kernelUpper, paths(d.upper()), "apply keeps the kernel's encoding: " + apply.out());
      assertEquals("", apply.out(), "nothing to do for an upper the kernel filled");
      assertShows(d, newTree, List.of(d.upper()));

      Path layer = tmp.resolve("layer.sqfs");
      CliRun made =
          CliRun.of(
              "layer", "--no-progress", newTree.toString(), image.toString(), layer.toString());
      assertEquals(0, made.code(), made.err());
      Set<String> layerPaths = new TreeSet<>();
      try (Tree t = ImageTree.open(layer)) {
        collect(t, t.root(), layerPaths);
      }
      assertTrue(
          layerPaths.size() <= kernelUpper.size(),
          "layer " + layerPaths + " holds more than the kernel's upper " + kernelUpper);
      Path layerMount = Files.createDirectory(tmp.resolve("layer-mount"));
      try (KernelMount l = KernelMount.squashfs(layer, layerMount)) {
        assertShows(d, newTree, List.of(layerMount));
      }
    }
  }

  /**
   * Hard-link groups losing a name through the kernel (the defect of 13daef4): the image links /g/x
   * and /g/y, the new tree drops /g/x and changes /g/y's mode. overlayfs whites /g/x out and keeps
   * showing /g/y with the lower inode's two links; a group the first sync made in the upper
   * directory (/u/p, /u/q) does lose a link when a second sync removes /u/p and changes /u/q. Both
   * syncs change the remaining name and leave nothing to do.
   */
  @Test
  void aGroupLosingANameKeepsItsOtherNamesChangeable() throws IOException {
    Path lowerTree = tmp.resolve("linked-lower");
    write(lowerTree.resolve("g/x"), "1");
    Files.createLink(lowerTree.resolve("g/y"), lowerTree.resolve("g/x"));
    write(lowerTree.resolve("keep"), "k");
    Path image = tmp.resolve("linked.sqfs");
    Mksquashfs.make(lowerTree, image, List.of("-comp", "gzip"));
    Path first = tmp.resolve("first");
    write(first.resolve("g/y"), "1");
    HOST.chmod(first.resolve("g/y"), 0600);
    write(first.resolve("keep"), "k");
    write(first.resolve("u/p"), "p");
    Files.createLink(first.resolve("u/q"), first.resolve("u/p"));
    Path second = tmp.resolve("second");
    write(second.resolve("g/y"), "1");
    HOST.chmod(second.resolve("g/y"), 0600);
    write(second.resolve("keep"), "k");
    write(second.resolve("u/q"), "p");
    HOST.chmod(second.resolve("u/q"), 0640);
    for (Path tree : List.of(lowerTree, first, second)) {
      HOST.chmod(tree, 0755);
      // Whole seconds: sync compares at seconds, so a sub-second difference would stay.
      try (var all = Files.walk(tree)) {
        for (Path p : (Iterable<Path>) all::iterator) {
          HOST.setTimes(p, java.time.Instant.ofEpochSecond(1_600_000_000L));
        }
      }
    }
    Dirs d = Dirs.in(tmp.resolve("linked"));
    try (KernelMount lower = KernelMount.squashfs(image, d.lower());
        KernelMount overlay =
            KernelMount.overlay(List.of(d.lower()), d.upper(), d.work(), d.merged())) {
      assertEquals(2, HOST.lstat(d.merged().resolve("g/y")).nlink());
      CliRun r = CliRun.of("sync", "--checksum", first.toString(), d.merged().toString());
      assertEquals(0, r.code(), r.err());
      OverlayScenario.assertSameTree(first, d.merged());
      assertEquals(2, HOST.lstat(d.merged().resolve("u/q")).nlink());
      r = CliRun.of("sync", "--checksum", second.toString(), d.merged().toString());
      assertEquals(0, r.code(), r.err());
      OverlayScenario.assertSameTree(second, d.merged());
      r = CliRun.of("diff", "--checksum", second.toString(), d.merged().toString());
      assertEquals(0, r.code(), "nothing left to sync: " + r.out() + r.err());
    }
  }

  /** Mounts {@code layers} (topmost first) read-only over the lower image: shows {@code tree}. */
  private void assertShows(Dirs d, Path tree, List<Path> layers) throws IOException {
    List<Path> lowers = new java.util.ArrayList<>(layers);
    lowers.add(d.lower());
    Path view = Files.createDirectories(tmp.resolve("view-" + System.nanoTime()));
    try (KernelMount o = KernelMount.overlay(lowers, null, null, view)) {
      OverlayScenario.assertSameTree(tree, view);
    }
  }

  private static void collect(Tree t, Entry e, Set<String> out) throws IOException {
    out.add(e.path());
    if (e.isDirectory()) {
      for (Entry c : t.children(e)) {
        collect(t, c, out);
      }
    }
  }

  /** Every entry of a directory, "/a/b" style, the root included. */
  private static Set<String> paths(Path dir) throws IOException {
    Set<String> out = new TreeSet<>();
    try (Tree t = DirectoryTree.open(dir)) {
      collect(t, t.root(), out);
    }
    return out;
  }
}
