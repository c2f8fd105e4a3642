package io.github.squashtree.nio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.squashtree.core.host.DirectoryTree;
import io.github.squashtree.core.tree.Names;
import io.github.squashtree.core.write.SquashfsWriter;
import io.github.squashtree.core.write.WriterOptions;
import io.github.squashtree.fixtures.Feature;
import io.github.squashtree.fixtures.FileSystemProbe;
import io.github.squashtree.fixtures.FixtureTree;
import io.github.squashtree.fixtures.FixtureTrees;
import io.github.squashtree.fixtures.Gensquashfs;
import io.github.squashtree.fixtures.GoldenImages;
import io.github.squashtree.fixtures.KernelMount;
import io.github.squashtree.fixtures.Mksquashfs;
import io.github.squashtree.fixtures.Require;
import io.github.squashtree.fixtures.TestDirectories;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.function.BiPredicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The conformance suite: the same tree asked the same questions three ways, through the squashfs
 * file system, through the default provider over the kernel's mount of the image, and through the
 * default provider over the directory the image was made from; the answers must agree (see {@link
 * FileSystemProbe} for the questions and the fields only an image and its mount share).
 *
 * <p>The tree is {@link FixtureTrees#full} (names that are not UTF-8 included), imaged by
 * mksquashfs, gensquashfs and our writer; the golden images (made as root by mksquashfs) are
 * compared with their mounts.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Tag("kernel")
class NioConformanceIT {
  private Path work;
  private FixtureTree tree;

  @BeforeAll
  void makeTree() throws IOException {
    work = Files.createTempDirectory("nio-conformance");
    // The full tree holds names that are not UTF-8 (a directory caf\xE9 with a file in it, a cut
    // euro sign): every layer must keep their bytes.
    tree = FixtureTrees.full(work.resolve("tree"));
  }

  @AfterAll
  void cleanUp() throws IOException {
    TestDirectories.delete(work);
  }

  enum Maker {
    MKSQUASHFS,
    GENSQUASHFS,
    SQUASHTREE
  }

  Stream<Maker> makers() {
    return Stream.of(Maker.values());
  }

  private Path image(Maker maker) throws IOException {
    Path image = work.resolve(maker.name().toLowerCase() + ".sqfs");
    if (Files.exists(image)) {
      return image;
    }
    switch (maker) {
      case MKSQUASHFS -> {
        Require.tool("mksquashfs");
        Mksquashfs.make(tree.root(), image, List.of("-comp", "gzip"));
      }
      case GENSQUASHFS -> {
        Require.tool("gensquashfs");
        Gensquashfs.make(tree.root(), image, List.of("-c", "gzip"));
      }
      case SQUASHTREE -> {
        try (DirectoryTree source = DirectoryTree.open(tree.root())) {
          SquashfsWriter.write(source, image, WriterOptions.defaults());
        }
      }
    }
    return image;
  }

  private static SortedMap<String, SortedMap<String, String>> probeImage(Path image)
      throws IOException {
    try (FileSystem fs = FileSystems.newFileSystem(image)) {
      ownersAreNumbers(fs.getPath("/"));
      return FileSystemProbe.probe(fs.getPath("/"));
    }
  }

  /** Our principals are the numeric ids the default provider gives as unix:uid and unix:gid. */
  private static void ownersAreNumbers(Path root) throws IOException {
    try (Stream<Path> all = Files.walk(root)) {
      for (Path p : (Iterable<Path>) all::iterator) {
        PosixFileAttributes a =
            Files.readAttributes(
                p, PosixFileAttributes.class, java.nio.file.LinkOption.NOFOLLOW_LINKS);
        Map<String, Object> unix =
            Files.readAttributes(p, "unix:uid,gid", java.nio.file.LinkOption.NOFOLLOW_LINKS);
        assertEquals(
            Integer.toUnsignedString((Integer) unix.get("uid")), a.owner().getName(), p.toString());
        assertEquals(
            Integer.toUnsignedString((Integer) unix.get("gid")), a.group().getName(), p.toString());
      }
    }
  }

  private static void assertSame(
      String what,
      SortedMap<String, SortedMap<String, String>> expected,
      SortedMap<String, SortedMap<String, String>> actual,
      BiPredicate<String, String> fields) {
    List<String> diffs = FileSystemProbe.differences(expected, actual, fields);
    if (!diffs.isEmpty()) {
      try {
        Path out = Files.createDirectories(Path.of("target", "nio-conformance"));
        Files.write(out.resolve(what.replaceAll("[^A-Za-z0-9.-]+", "_") + ".txt"), diffs);
      } catch (IOException e) {
        // the assertion below still says what differs
      }
    }
    assertTrue(
        diffs.isEmpty(),
        what
            + ": "
            + diffs.size()
            + " differences\n"
            + String.join("\n", diffs.subList(0, Math.min(40, diffs.size()))));
  }

  @ParameterizedTest
  @MethodSource("makers")
  void theImageAnswersAsTheDirectoryItWasMadeFrom(Maker maker) throws IOException {
    Path image = image(maker);
    var source = FileSystemProbe.probe(tree.root());
    var ours = probeImage(image);
    assertTrue(ours.size() > 3000, "the whole tree was probed: " + ours.size());
    assertSame(
        maker + " image vs its source directory",
        source,
        ours,
        (key, field) ->
            !field.startsWith("image.")
                && !(maker == Maker.GENSQUASHFS && gensquashfsDiffers(key, field)));
  }

  /**
   * Where gensquashfs 1.2 does not keep what the directory holds: it makes an inode of each name
   * (no hard links), counts every entry in a directory's link count, gives the root time 0 and
   * drops an extended attribute with an empty value.
   */
  private static boolean gensquashfsDiffers(String key, String field) {
    return field.startsWith("links.")
        || key.equals("/") && field.equals("lstat.mtime")
        || key.equals("/xattrs/user") && field.startsWith("user.xattrs");
  }

  @ParameterizedTest
  @MethodSource("makers")
  void theImageAnswersAsItsKernelMount(Maker maker) throws IOException {
    Require.kernelSquashfsMount();
    Path image = image(maker);
    assertSameAsMount(maker + " image", image);
  }

  /** The golden images the kernel can mount: every codec but lzma, which Linux never had. */
  Stream<String> goldenImages() {
    return GoldenImages.list().stream().filter(n -> !GoldenImages.codecOf(n).equals("lzma"));
  }

  @ParameterizedTest
  @MethodSource("goldenImages")
  void goldenImagesAnswerAsTheirKernelMounts(String name) throws IOException {
    Require.kernelSquashfsMount();
    Path image = GoldenImages.copyTo(name, Files.createDirectories(work.resolve("golden")));
    assertSameAsMount(name, image);
  }

  private void assertSameAsMount(String what, Path image) throws IOException {
    var ours = probeImage(image);
    Path mnt = Files.createTempDirectory(work, "mnt");
    SortedMap<String, SortedMap<String, String>> mounted;
    try (KernelMount mount = KernelMount.squashfs(image, mnt)) {
      mounted = FileSystemProbe.probe(mnt);
    } finally {
      Files.delete(mnt);
    }
    assertSame(what + " vs its kernel mount", mounted, ours, (key, field) -> true);
  }

  /** A block device holding an image opens as the image does (here a read-only loop device). */
  @org.junit.jupiter.api.Test
  void aBlockDeviceOpensAsItsImage() throws IOException {
    Require.kernelSquashfsMount();
    Path image = image(Maker.SQUASHTREE);
    String device =
        io.github.squashtree.fixtures.ProcessRunner.run(
                "losetup", "--find", "--show", "--read-only", image.toString())
            .stdout()
            .strip();
    try {
      var fromDevice = probeImage(Path.of(device));
      assertSame("the loop device vs its image", probeImage(image), fromDevice, (k, f) -> true);
    } finally {
      io.github.squashtree.fixtures.ProcessRunner.run("losetup", "--detach", device);
    }
  }

  /** The features the suite relies on are in the tree (root-only ones where run as root). */
  @org.junit.jupiter.api.Test
  void theTreeHoldsWhatTheSuiteChecks() throws IOException {
    for (Feature f :
        List.of(
            Feature.HARD_LINKS,
            Feature.SYMLINKS,
            Feature.DANGLING_SYMLINK,
            Feature.SPARSE_FILES,
            Feature.LARGE_DIRECTORY,
            Feature.DEEP_NESTING,
            Feature.SPECIAL_MODES)) {
      assertTrue(tree.has(f), f.toString());
    }
    if (Require.isRoot()) {
      for (Feature f : List.of(Feature.OWNERS, Feature.CHAR_DEVICE, Feature.USER_XATTRS)) {
        assertTrue(tree.has(f), f.toString());
      }
    }
    assertTrue(
        Files.readString(
                Names.hostPath(
                    tree.resolve("/names"),
                    Names.decode(new byte[] {'c', 'a', 'f', (byte) 0xE9}) + "/menu"),
                StandardCharsets.UTF_8)
            .startsWith("latin1"));
  }
}
