package io.github.squashtree.cli;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.github.squashtree.core.host.DirectoryTree;
import io.github.squashtree.core.internal.host.HostFileSystem;
import io.github.squashtree.core.internal.host.HostStat;
import io.github.squashtree.core.tree.ForwardingTree;
import io.github.squashtree.core.tree.TimePrecision;
import io.github.squashtree.core.tree.Tree;
import io.github.squashtree.fixtures.FixtureTrees;
import io.github.squashtree.fixtures.KernelMount;
import io.github.squashtree.fixtures.Mksquashfs;
import io.github.squashtree.fixtures.ProcessRunner;
import io.github.squashtree.fixtures.Require;
import io.github.squashtree.fixtures.TreeAssertions;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The comparator issue's scenario, shared by the kernel tests of sync, layer, apply and flatten: a
 * fixture tree T0 imaged by mksquashfs, T1 = {@code cp -a} of T0 with a list of real changes, and
 * the changes expected between them; plus mounts of images and overlays that undo themselves.
 */
final class OverlayScenario {
  static final HostFileSystem HOST = HostFileSystem.get();

  /** The fixture tree. */
  final Path t0;

  /** T0 imaged by mksquashfs (gzip). */
  final Path image;

  /** T0 with the changes of {@link #expected}. */
  final Path t1;

  /** The changes from T0 to T1 ({@code diff --checksum}): path to kind. */
  final SortedMap<String, String> expected;

  private OverlayScenario(Path t0, Path image, Path t1, SortedMap<String, String> expected) {
    this.t0 = t0;
    this.image = image;
    this.t1 = t1;
    this.expected = Collections.unmodifiableSortedMap(expected);
  }

  /** Skips (or, under SQUASHTREE_REQUIRE_ALL=1, fails) unless the scenario can be built. */
  static void require() {
    Require.root();
    Require.tool("mksquashfs");
    Require.tool("cp");
    Require.tool("rm");
    Require.kernelSquashfsMount();
    Require.overlayMount();
  }

  /** Builds T0, its image and T1 under {@code dir}. */
  static OverlayScenario create(Path dir) throws IOException {
    Path t0 = dir.resolve("t0");
    FixtureTrees.full(t0);
    // The merged view hides trusted.overlay.*, so T0 must not hold any.
    HOST.removeXattr(t0.resolve("xattrs/trusted"), "trusted.overlay.opaque");
    Path image = dir.resolve("t0.sqfs");
    Mksquashfs.make(t0, image, List.of("-comp", "gzip"));
    Path t1 = dir.resolve("t1");
    copyTree(t0, t1);
    SortedMap<String, String> expected = new TreeMap<>();

    // Content change keeping size and the mtime's second.
    Path text = t1.resolve("files/text");
    Instant textTime = HOST.lstat(text).mtime();
    try (RandomAccessFile f = new RandomAccessFile(text.toFile(), "rw")) {
      f.seek(1000);
      int b = f.read();
      f.seek(1000);
      f.write(b ^ 1);
    }
    HOST.setTimes(text, Instant.ofEpochSecond(textTime.getEpochSecond(), 999_999_999));
    expected.put("/files/text", "modify");
    // Size change.
    Files.write(t1.resolve("files/one-byte"), new byte[] {1, 2}, StandardOpenOption.APPEND);
    expected.put("/files/one-byte", "modify");
    // chmod, chown, mtime only.
    HOST.chmod(t1.resolve("modes/m0600"), 0640);
    expected.put("/modes/m0600", "metadata");
    HOST.lchown(t1.resolve("owners/u1000-g1000"), 1001, 1000);
    expected.put("/owners/u1000-g1000", "metadata");
    Path empty = t1.resolve("files/empty");
    HOST.setTimes(empty, HOST.lstat(empty).mtime().plusSeconds(5));
    // An empty file whose mtime changed: the quick check calls it modified; with --checksum the
    // contents compare equal and only its mtime differs (see diffReportsExactlyTheChangedSet).
    expected.put("/files/empty", "modify");
    // Xattr change.
    HOST.setXattr(t1.resolve("xattrs/user"), "user.greeting", "bye".getBytes(UTF_8));
    expected.put("/xattrs/user", "metadata");
    // Deleted file and whole deleted directory.
    Files.delete(t1.resolve("files/duplicate-small-b"));
    expected.put("/files/duplicate-small-b", "delete");
    ProcessRunner.run("rm", "-r", t1.resolve("deep").toString());
    expected.put("/deep", "delete");
    // Directory replaced by a file, file by a directory.
    ProcessRunner.run("rm", "-r", t1.resolve("xattrs/dir").toString());
    Files.writeString(t1.resolve("xattrs/dir"), "was a dir\n");
    expected.put("/xattrs/dir", "replace");
    Files.delete(t1.resolve("files/random"));
    Files.createDirectory(t1.resolve("files/random"));
    Files.writeString(t1.resolve("files/random/inside"), "was a file\n");
    expected.put("/files/random", "replace");
    expected.put("/files/random/inside", "add");
    // Retargeted symlink.
    Files.delete(t1.resolve("symlinks/to-file"));
    Files.createSymbolicLink(t1.resolve("symlinks/to-file"), Path.of("../files/size-4096"));
    expected.put("/symlinks/to-file", "metadata");
    // Broken hard link: hard-3 becomes a copy of its own.
    ProcessRunner.run(
        "cp", "-p", t1.resolve("links/hard-3").toString(), dir.resolve("copy").toString());
    Files.move(
        dir.resolve("copy"), t1.resolve("links/hard-3"), StandardCopyOption.REPLACE_EXISTING);
    expected.put("/links/hard-3", "metadata");
    // New files and directories.
    Files.createDirectories(t1.resolve("new/dir"));
    Files.writeString(t1.resolve("new/dir/file"), "new\n");
    Files.writeString(t1.resolve("files/added"), "added\n");
    expected.put("/new", "add");
    expected.put("/new/dir", "add");
    expected.put("/new/dir/file", "add");
    expected.put("/files/added", "add");
    // The directories written into have new mtimes.
    for (String d : List.of("/", "/files", "/xattrs", "/links", "/symlinks")) {
      expected.put(d, "metadata");
    }
    return new OverlayScenario(t0, image, t1, expected);
  }

  /**
   * What an upper directory or a delta layer that turns T0 into T1 holds ("/a/b" style, the root
   * left out): the changed paths and their parent directories.
   */
  Set<String> wantedUpper() {
    return withParents(expected.keySet());
  }

  /** {@code paths} and every parent directory of them, the root left out. */
  static Set<String> withParents(Set<String> paths) {
    Set<String> wanted = new TreeSet<>();
    for (String p : paths) {
      for (String q = p; !q.equals("/"); q = q.substring(0, Math.max(1, q.lastIndexOf('/')))) {
        wanted.add(q);
      }
    }
    return wanted;
  }

  /**
   * Removes everything in {@code dir} with {@code rm -rf}: JUnit's own deletion of a temporary
   * directory holding these trees took some 20 s where this takes 6 s.
   */
  static void removeContents(Path dir) throws IOException {
    if (dir == null || !Files.isDirectory(dir)) {
      return;
    }
    List<String> command = new ArrayList<>(List.of("rm", "-rf", "--one-file-system", "--"));
    try (Stream<Path> children = Files.list(dir)) {
      children.forEach(p -> command.add(p.toString()));
    }
    if (command.size() > 4) {
      ProcessRunner.run(command, ProcessRunner.DEFAULT_TIMEOUT);
    }
  }

  /** {@code cp -a}: a copy with every attribute and hard link kept. */
  static void copyTree(Path from, Path to) throws IOException {
    ProcessRunner.run("cp", "-a", from.toString(), to.toString());
  }

  /** Every path under {@code dir}, "/a/b" style, {@code dir} itself left out. */
  static Set<String> paths(Path dir) throws IOException {
    Set<String> out = new TreeSet<>();
    try (Stream<Path> all = Files.walk(dir)) {
      all.filter(p -> !p.equals(dir)).forEach(p -> out.add("/" + dir.relativize(p)));
    }
    return out;
  }

  /**
   * Asserts that the directory {@code actual} (a mount) is the tree {@code expected}, mtimes at
   * whole seconds: content, types, modes, owners, mtimes, targets, xattrs and hard links.
   */
  static void assertSameTree(Path expected, Path actual) throws IOException {
    try (Tree e = DirectoryTree.open(expected);
        Tree a = ForwardingTree.withPrecision(DirectoryTree.open(actual), TimePrecision.SECONDS)) {
      TreeAssertions.assertTreesEqual(e, a);
    }
  }

  /**
   * A listing of everything under {@code dir}, {@code dir} included: per path its type, mode,
   * owner, size, mtime to the nanosecond, xattrs, device number — to see that nothing changed.
   */
  static Map<String, String> snapshot(Path dir) throws IOException {
    Map<String, String> out = new TreeMap<>();
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) all::iterator) {
        HostStat st = HOST.lstat(p);
        StringBuilder s = new StringBuilder().append(st).append(" xattrs:");
        HOST.getXattrs(p).forEach((k, v) -> s.append(' ').append(k).append('=').append(hex(v)));
        out.put("/" + dir.relativize(p), s.toString());
      }
    }
    return out;
  }

  private static String hex(byte[] v) {
    return java.util.HexFormat.of().formatHex(v);
  }

  /**
   * SquashFS images loop-mounted under a directory, with an overlay of them (and optionally an
   * upper directory) at {@code merged}; everything unmounted on close.
   */
  static final class Overlay implements AutoCloseable {
    final Path upper;
    final Path merged;
    private final List<KernelMount> squash;
    private KernelMount overlay;

    private Overlay(Path upper, Path merged, List<KernelMount> squash) {
      this.upper = upper;
      this.merged = merged;
      this.squash = squash;
    }

    /** The image with a new, empty upper directory that has {@code root}'s attributes. */
    static Overlay fresh(Path dir, Path root, Path image) throws IOException {
      Path upper = Files.createDirectories(dir.resolve("upper"));
      // The merged root shows the upper root's attributes: give it those of the tree's root.
      HostStat st = HOST.lstat(root);
      HOST.lchown(upper, st.uid(), st.gid());
      HOST.chmod(upper, st.permissions());
      HOST.setTimes(upper, st.mtime());
      return withUpper(dir, List.of(image), upper);
    }

    /** The images (topmost first), read-only, without an upper directory. */
    static Overlay readOnly(Path dir, List<Path> imagesTopFirst) throws IOException {
      return mount(dir, imagesTopFirst, null);
    }

    /** The images (topmost first) under the existing directory {@code upper}. */
    static Overlay withUpper(Path dir, List<Path> imagesTopFirst, Path upper) throws IOException {
      return mount(dir, imagesTopFirst, upper);
    }

    private static Overlay mount(Path dir, List<Path> imagesTopFirst, Path upper)
        throws IOException {
      Path merged = Files.createDirectories(dir.resolve("merged"));
      Overlay o = new Overlay(upper, merged, new ArrayList<>());
      try {
        List<Path> lowers = new ArrayList<>();
        for (int i = 0; i < imagesTopFirst.size(); i++) {
          Path lower = Files.createDirectories(dir.resolve("lower" + i));
          o.squash.add(KernelMount.squashfs(imagesTopFirst.get(i), lower));
          lowers.add(lower);
        }
        o.mountOverlay(lowers, dir);
        return o;
      } catch (IOException | RuntimeException e) {
        try {
          o.close();
        } catch (IOException suppressed) {
          e.addSuppressed(suppressed);
        }
        throw e;
      }
    }

    private void mountOverlay(List<Path> lowers, Path dir) throws IOException {
      Path work = upper == null ? null : Files.createDirectories(dir.resolve("work"));
      overlay = KernelMount.overlay(lowers, upper, work, merged);
    }

    /** Unmounts the overlay only (the images stay mounted), e.g. to look at the upper directory. */
    void unmount() throws IOException {
      if (overlay != null) {
        overlay.close();
        overlay = null;
      }
    }

    @Override
    public void close() throws IOException {
      IOException failure = null;
      try {
        unmount();
      } catch (IOException e) {
        failure = e;
      }
      for (int i = squash.size() - 1; i >= 0; i--) {
        try {
          squash.get(i).close();
        } catch (IOException e) {
          if (failure == null) {
            failure = e;
          } else {
            failure.addSuppressed(e);
          }
        }
      }
      if (failure != null) {
        throw failure;
      }
    }
  }
}
