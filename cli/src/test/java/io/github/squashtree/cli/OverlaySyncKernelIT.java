package io.github.squashtree.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.squashtree.core.host.HostFileSystem;
import io.github.squashtree.core.host.HostStat;
import io.github.squashtree.core.tree.DirectoryTree;
import io.github.squashtree.core.tree.EntryType;
import io.github.squashtree.core.tree.ForwardingTree;
import io.github.squashtree.core.tree.ImageTree;
import io.github.squashtree.core.tree.TimePrecision;
import io.github.squashtree.core.tree.Tree;
import io.github.squashtree.fixtures.FixtureTrees;
import io.github.squashtree.fixtures.KernelMount;
import io.github.squashtree.fixtures.Mksquashfs;
import io.github.squashtree.fixtures.ProcessRunner;
import io.github.squashtree.fixtures.Require;
import io.github.squashtree.fixtures.TreeAssertions;
import io.github.squashtree.overlay.OverlayTree;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scenario against the kernel: a fixture tree T0 imaged by mksquashfs, T1 = {@code cp
 * -a} of T0 with a list of real changes; {@code sqfs diff --checksum} finds exactly them, {@code
 * sqfs sync --checksum} applies them to a mounted overlay copying up only them, while {@code rsync
 * -ac} copies up every file with a sub-second mtime and {@code rsync -a} misses a same-size,
 * same-second content change.
 */
@Tag("kernel")
class OverlaySyncKernelIT {
  private static final HostFileSystem HOST = HostFileSystem.get();

  @TempDir static Path tmp;
  static Path t0;
  static Path t1;
  static Path image;

  /** The expected changes: path to kind. */
  static final Map<String, String> EXPECTED = new TreeMap<>();

  @BeforeAll
  static void scenario() throws IOException {
    Require.root();
    Require.tool("mksquashfs");
    Require.tool("rsync");
    Require.tool("cp");
    Require.kernelSquashfsMount();
    Require.overlayMount();
    t0 = tmp.resolve("t0");
    FixtureTrees.full(t0);
    // The merged view hides trusted.overlay.*, so T0 must not hold any.
    HOST.removeXattr(t0.resolve("xattrs/trusted"), "trusted.overlay.opaque");
    image = tmp.resolve("t0.sqfs");
    Mksquashfs.make(t0, image, List.of("-comp", "gzip"));
    t1 = tmp.resolve("t1");
    ProcessRunner.run("cp", "-a", t0.toString(), t1.toString());

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
    change("/files/text", "modify");
    // Size change.
    Files.write(
        t1.resolve("files/one-byte"), new byte[] {1, 2}, java.nio.file.StandardOpenOption.APPEND);
    change("/files/one-byte", "modify");
    // chmod, chown, mtime only.
    HOST.chmod(t1.resolve("modes/m0600"), 0640);
    change("/modes/m0600", "metadata");
    HOST.lchown(t1.resolve("owners/u1000-g1000"), 1001, 1000);
    change("/owners/u1000-g1000", "metadata");
    Path empty = t1.resolve("files/empty");
    HOST.setTimes(empty, HOST.lstat(empty).mtime().plusSeconds(5));
    change("/files/empty", "modify"); // an empty file: the mtime ... see below
    // Xattr change.
    HOST.setXattr(t1.resolve("xattrs/user"), "user.greeting", "bye".getBytes(UTF_8));
    change("/xattrs/user", "metadata");
    // Deleted file and whole deleted directory.
    Files.delete(t1.resolve("files/duplicate-small-b"));
    change("/files/duplicate-small-b", "delete");
    ProcessRunner.run("rm", "-r", t1.resolve("deep").toString());
    change("/deep", "delete");
    // Directory replaced by a file, file by a directory.
    ProcessRunner.run("rm", "-r", t1.resolve("xattrs/dir").toString());
    Files.writeString(t1.resolve("xattrs/dir"), "was a dir\n");
    change("/xattrs/dir", "replace");
    Files.delete(t1.resolve("files/random"));
    Files.createDirectory(t1.resolve("files/random"));
    Files.writeString(t1.resolve("files/random/inside"), "was a file\n");
    change("/files/random", "replace");
    change("/files/random/inside", "add");
    // Retargeted symlink.
    Files.delete(t1.resolve("symlinks/to-file"));
    Files.createSymbolicLink(t1.resolve("symlinks/to-file"), Path.of("../files/size-4096"));
    change("/symlinks/to-file", "metadata");
    // Broken hard link: hard-3 becomes a copy of its own.
    ProcessRunner.run(
        "cp", "-p", t1.resolve("links/hard-3").toString(), tmp.resolve("copy").toString());
    Files.move(
        tmp.resolve("copy"),
        t1.resolve("links/hard-3"),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    change("/links/hard-3", "metadata");
    // New files and directories.
    Files.createDirectories(t1.resolve("new/dir"));
    Files.writeString(t1.resolve("new/dir/file"), "new\n");
    Files.writeString(t1.resolve("files/added"), "added\n");
    change("/new", "add");
    change("/new/dir", "add");
    change("/new/dir/file", "add");
    change("/files/added", "add");
    // The directories written into have new mtimes.
    for (String dir : List.of("/", "/files", "/xattrs", "/links", "/symlinks")) {
      change(dir, "metadata");
    }
  }

  private static void change(String path, String kind) {
    EXPECTED.put(path, kind);
  }

  @Test
  void diffReportsExactlyTheChangedSet() throws IOException {
    CliRun r = CliRun.of("diff", "--checksum", "--format", "json", t1.toString(), image.toString());
    assertEquals(1, r.code(), r.err());
    Map<String, String> found = new TreeMap<>();
    for (String line : r.out().split("\n")) {
      String path = field(line, "path");
      found.put(path.equals(".") ? "/" : "/" + path, field(line, "change"));
    }
    Map<String, String> expected = new TreeMap<>(EXPECTED);
    // An empty file whose mtime changed: content is compared (equal), so only its mtime differs.
    expected.put("/files/empty", "metadata");
    assertEquals(expected, found, r.out());
    CliRun quick = CliRun.of("diff", "--format", "paths", t1.toString(), image.toString());
    assertFalse(
        quick.out().contains("files/text\n"), "the quick check cannot see it: " + quick.out());
    assertEquals(0, CliRun.of("diff", t0.toString(), image.toString()).code());
  }

  @Test
  void syncCopiesUpOnlyTheChanges() throws IOException {
    try (Overlay o = Overlay.fresh(tmp.resolve("sync"), t0, image)) {
      CliRun r = CliRun.of("sync", "--checksum", t1.toString(), o.merged.toString());
      assertEquals(0, r.code(), r.err());
      try (Tree expected = DirectoryTree.open(t1);
          Tree merged =
              ForwardingTree.withPrecision(DirectoryTree.open(o.merged), TimePrecision.SECONDS)) {
        TreeAssertions.assertTreesEqual(expected, merged);
      }
      Set<String> upper = upperPaths(o.upper);
      Set<String> wanted = new TreeSet<>();
      for (String p : EXPECTED.keySet()) {
        for (String q = p; !q.equals("/"); q = q.substring(0, Math.max(1, q.lastIndexOf('/')))) {
          wanted.add(q);
        }
      }
      assertEquals(wanted, upper);
      o.unmount();
      // The same overlay read from its layers, without the kernel, equals T1 too.
      try (Tree expected = DirectoryTree.open(t1);
          Tree layers = OverlayTree.open(ImageTree.open(image), o.upper)) {
        TreeAssertions.assertTreesEqual(expected, layers);
      }
      assertEquals(
          0,
          CliRun.of(
                  "diff",
                  "--checksum",
                  "--upper",
                  o.upper.toString(),
                  t1.toString(),
                  image.toString())
              .code());
    }
  }

  @Test
  void rsyncChecksumCopiesUpEverySubsecondFile() throws IOException {
    try (Overlay o = Overlay.fresh(tmp.resolve("rsync-c"), t0, image)) {
      ProcessRunner.run("rsync", "-ac", t1 + "/", o.merged + "/");
      Set<String> upper = upperPaths(o.upper);
      List<String> needless = new ArrayList<>();
      try (Stream<Path> all = Files.walk(t1)) {
        for (Path p : (Iterable<Path>) all::iterator) {
          String rel = "/" + t1.relativize(p).toString().replace('\\', '/');
          HostStat st = HOST.lstat(p);
          if (st.type() == EntryType.FILE
              && st.mtime().getNano() != 0
              && !EXPECTED.containsKey(rel)) {
            needless.add(rel);
            assertTrue(upper.contains(rel), rel + " not copied up by rsync -ac");
          }
        }
      }
      assertTrue(needless.size() > 2000, "unchanged files copied up: " + needless.size());
      assertTrue(
          Arrays.equals(
              Files.readAllBytes(t1.resolve("files/text")),
              Files.readAllBytes(o.merged.resolve("files/text"))));
    }
  }

  @Test
  void rsyncQuickCheckMissesTheSameSizeSameSecondChange() throws IOException {
    try (Overlay o = Overlay.fresh(tmp.resolve("rsync"), t0, image)) {
      ProcessRunner.run("rsync", "-a", t1 + "/", o.merged + "/");
      assertFalse(
          Arrays.equals(
              Files.readAllBytes(t1.resolve("files/text")),
              Files.readAllBytes(o.merged.resolve("files/text"))),
          "rsync -a fixed the same-size same-second change after all");
    }
  }

  /** Every path in an upper directory, "/a/b" style, the root left out. */
  private static Set<String> upperPaths(Path upper) throws IOException {
    Set<String> out = new TreeSet<>();
    try (Stream<Path> all = Files.walk(upper)) {
      all.filter(p -> !p.equals(upper)).forEach(p -> out.add("/" + upper.relativize(p)));
    }
    return out;
  }

  private static String field(String jsonLine, String name) {
    String key = "\"" + name + "\":\"";
    int i = jsonLine.indexOf(key) + key.length();
    return jsonLine.substring(i, jsonLine.indexOf('"', i));
  }

  /** A squashfs mount of the image with an overlay (directory upper) on top. */
  static final class Overlay implements AutoCloseable {
    final Path upper;
    final Path merged;
    private final KernelMount squash;
    private KernelMount overlay;

    private Overlay(Path upper, Path merged, KernelMount squash, KernelMount overlay) {
      this.upper = upper;
      this.merged = merged;
      this.squash = squash;
      this.overlay = overlay;
    }

    static Overlay fresh(Path dir, Path t0, Path image) throws IOException {
      Path lower = Files.createDirectories(dir.resolve("lower"));
      Path upper = Files.createDirectories(dir.resolve("upper"));
      Path work = Files.createDirectories(dir.resolve("work"));
      Path merged = Files.createDirectories(dir.resolve("merged"));
      // The merged root shows the upper root's attributes: give it T0's.
      HostStat root = HOST.lstat(t0);
      HOST.lchown(upper, root.uid(), root.gid());
      HOST.chmod(upper, root.permissions());
      HOST.setTimes(upper, root.mtime());
      KernelMount squash = KernelMount.squashfs(image, lower);
      try {
        return new Overlay(
            upper, merged, squash, KernelMount.overlay(List.of(lower), upper, work, merged));
      } catch (IOException e) {
        squash.close();
        throw e;
      }
    }

    void unmount() throws IOException {
      if (overlay != null) {
        overlay.close();
        overlay = null;
      }
    }

    @Override
    public void close() throws IOException {
      try {
        unmount();
      } finally {
        squash.close();
      }
    }
  }
}
