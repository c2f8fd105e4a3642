package io.github.squashtree.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.squashtree.core.host.DirectoryTree;
import io.github.squashtree.core.image.ExtractListener;
import io.github.squashtree.core.image.ExtractOptions;
import io.github.squashtree.core.internal.extract.Extractor;
import io.github.squashtree.core.internal.read.ImageReader;
import io.github.squashtree.core.internal.read.ImageTree;
import io.github.squashtree.core.tree.Entry;
import io.github.squashtree.core.tree.Names;
import io.github.squashtree.core.tree.Tree;
import io.github.squashtree.fixtures.Feature;
import io.github.squashtree.fixtures.FixtureTree;
import io.github.squashtree.fixtures.FixtureTrees;
import io.github.squashtree.fixtures.Gensquashfs;
import io.github.squashtree.fixtures.ImageLayouts;
import io.github.squashtree.fixtures.Mksquashfs;
import io.github.squashtree.fixtures.ProcessRunner;
import io.github.squashtree.fixtures.Require;
import io.github.squashtree.fixtures.TestDirectories;
import io.github.squashtree.fixtures.TreeAssertions;
import io.github.squashtree.fixtures.TreeComparison;
import io.github.squashtree.fixtures.Unsquashfs;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Images made by the real peers (mksquashfs, gensquashfs) from the full fixture tree, with every
 * codec and option variant, must read back equal to the tree; extraction must equal unsquashfs.
 */
class ReaderInteropIT {
  /** mksquashfs's default block size, which the extraction test's images have. */
  private static final int BLOCK = 128 * 1024;

  private static Path work;
  private static FixtureTree source;

  @BeforeAll
  static void buildTree() throws IOException {
    Require.tool("mksquashfs");
    work = Files.createTempDirectory("reader-interop");
    source = FixtureTrees.full(work.resolve("tree"));
  }

  @AfterAll
  static void cleanUp() throws IOException {
    if (work != null) {
      TestDirectories.delete(work);
    }
  }

  static Stream<Arguments> mksquashfsVariants() {
    List<Arguments> out = new ArrayList<>();
    for (String codec : List.of("gzip", "xz", "lzo", "lz4", "zstd")) {
      out.add(Arguments.of(codec, List.of("-comp", codec)));
    }
    out.add(Arguments.of("xz-bcj-x86", List.of("-comp", "xz", "-Xbcj", "x86")));
    out.add(Arguments.of("lz4-hc", List.of("-comp", "lz4", "-Xhc")));
    out.add(Arguments.of("gzip-b4096", List.of("-b", "4096")));
    out.add(Arguments.of("zstd-b1M", List.of("-comp", "zstd", "-b", "1M")));
    out.add(Arguments.of("no-fragments", List.of("-no-fragments")));
    out.add(Arguments.of("always-use-fragments", List.of("-always-use-fragments")));
    out.add(Arguments.of("no-duplicates", List.of("-no-duplicates")));
    out.add(Arguments.of("uncompressed", List.of("-noI", "-noD", "-noF", "-noX")));
    out.add(Arguments.of("no-exports", List.of("-no-exports")));
    out.add(Arguments.of("no-xattrs", List.of("-no-xattrs")));
    return out.stream();
  }

  @ParameterizedTest(name = "mksquashfs {0}")
  @MethodSource("mksquashfsVariants")
  void mksquashfsImagesReadBackEqualToTheSource(String name, List<String> options)
      throws IOException {
    Path image = work.resolve("mk-" + name + ".sqfs");
    Mksquashfs.make(source.root(), image, options);
    TreeComparison comparison = TreeComparison.strict();
    if (options.contains("-no-xattrs")) {
      comparison = comparison.ignoreXattrs();
    }
    try (DirectoryTree expected = DirectoryTree.open(source.root());
        ImageTree actual = ImageTree.open(image)) {
      TreeAssertions.assertTreesEqual(expected, actual, comparison);
      assertDirectoryLinkCounts(actual);
      assertExportTableMapsEveryInode(actual.image(), !options.contains("-no-exports"));
    }
  }

  @Test
  void lzmaImagesFromGensquashfsReadBackEqual() throws IOException {
    Require.tool("gensquashfs");
    Path image = work.resolve("gen-lzma.sqfs");
    Gensquashfs.make(source.root(), image, List.of("--compressor", "lzma"));
    assertEqualToSourceAsGensquashfsStores(image);
  }

  @Test
  void lookupsInALargeDirectoryUseItsIndexAndFindEveryName() throws IOException {
    Path image = work.resolve("lookup.sqfs");
    Mksquashfs.make(source.root(), image, List.of());
    String large = source.paths(Feature.LARGE_DIRECTORY).get(0);
    try (ImageTree tree = ImageTree.open(image)) {
      Entry dir = tree.lookup(large).orElseThrow();
      var inode =
          (io.github.squashtree.core.internal.format.DirectoryInode)
              tree.image().inode(dir.metadata().linkKey());
      assertTrue(inode.index().size() > 2, "a 3000-entry listing spans several indexed blocks");
      List<Entry> children = tree.children(dir);
      assertTrue(children.size() >= 3000);
      for (Entry child : children) {
        assertEquals(
            child.metadata().linkKey(),
            tree.lookup(child.path()).orElseThrow().metadata().linkKey(),
            child.path());
        // A name just after each one (sorted between entries) is absent.
        assertTrue(tree.lookup(child.path() + "\u0001").isEmpty(), child.path());
      }
      assertTrue(tree.lookup(large + "/\u0001").isEmpty());
      assertTrue(tree.lookup(large + "/\uFFFF").isEmpty());
    }
  }

  static Stream<String> gensquashfsCodecs() {
    return Stream.of("gzip", "xz", "lzo", "lz4", "zstd");
  }

  @ParameterizedTest(name = "gensquashfs {0}")
  @MethodSource("gensquashfsCodecs")
  void gensquashfsImagesReadBackEqualToTheSource(String codec) throws IOException {
    Require.tool("gensquashfs");
    Path image = work.resolve("gen-" + codec + ".sqfs");
    Gensquashfs.make(source.root(), image, List.of("--compressor", codec));
    assertEqualToSourceAsGensquashfsStores(image);
  }

  /**
   * gensquashfs 1.2 --pack-dir stores hard links as copies, gives the root mtime 0 and drops xattrs
   * with empty values (rdsquashfs shows the same); everything else must be equal.
   */
  private static void assertEqualToSourceAsGensquashfsStores(Path image) throws IOException {
    try (DirectoryTree expected = DirectoryTree.open(source.root());
        ImageTree actual = ImageTree.open(image)) {
      List<String> differences =
          TreeAssertions.differences(
              expected, actual, TreeComparison.strict().ignoreHardLinks().ignoreRootMetadata());
      List<String> unexpected =
          differences.stream()
              .filter(d -> !d.matches("/\\S*: xattr user\\.empty expected 0x but was \\(absent\\)"))
              .toList();
      assertEquals(List.of(), unexpected);
      assertEquals(1, differences.size(), "the one empty-valued xattr of the tree: " + differences);
    }
  }

  @ParameterizedTest(name = "extract {0}")
  @MethodSource("extractVariants")
  void extractionEqualsUnsquashfs(String codec) throws IOException {
    Require.tool("unsquashfs");
    Path image = work.resolve("x-" + codec + ".sqfs");
    Mksquashfs.make(source.root(), image, List.of("-comp", codec));
    Path ours = work.resolve("x-" + codec + "-ours");
    Path theirs = work.resolve("x-" + codec + "-unsquashfs");
    try (ImageReader img = ImageReader.open(image)) {
      new Extractor(img, ExtractOptions.forCurrentUser(Require.isRoot()), ExtractListener.NONE)
          .extract("/", ours);
    }
    Unsquashfs.extract(image, theirs);
    // unsquashfs does not create sockets; squashtree does, as the kernel shows them.
    try (DirectoryTree expected = DirectoryTree.open(theirs);
        DirectoryTree actual = DirectoryTree.open(ours)) {
      List<String> differences =
          TreeAssertions.differences(expected, actual, TreeComparison.strict());
      List<String> unexpected =
          differences.stream()
              .filter(d -> source.paths(Feature.SOCKET).stream().noneMatch(d::startsWith))
              .toList();
      assertEquals(List.of(), unexpected);
    }
    // And ours equals the source itself, sockets included (sub-second times truncated).
    try (DirectoryTree expected = DirectoryTree.open(source.root());
        DirectoryTree actual = DirectoryTree.open(ours)) {
      TreeAssertions.assertTreesEqual(
          expected, actual, TreeComparison.strict().ignoreMtimes().ignoreRootMetadata());
    }
    // Holes stay holes: each sparse file allocates no more than its blocks that hold data.
    for (String path : source.paths(Feature.SPARSE_FILES)) {
      long allowed = dataBlocks(source.resolve(path), BLOCK) * BLOCK + 4096;
      long allocated = allocatedBytes(Names.hostPath(ours, path.substring(1)));
      assertTrue(
          allocated <= allowed,
          path + " allocates " + allocated + " bytes, its data blocks " + allowed);
    }
    TestDirectories.delete(ours);
    TestDirectories.delete(theirs);
  }

  /** Every codec mksquashfs 4.5.1 writes, lzma included. */
  static Stream<String> extractVariants() {
    return Stream.of("gzip", "xz", "lzo", "lz4", "zstd", "lzma");
  }

  /** How many blocks of {@code file} hold a byte that is not zero. */
  private static long dataBlocks(Path file, int blockSize) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      long all = (Files.size(file) + blockSize - 1) / blockSize;
      return all - ImageLayouts.zeroBlocks(in, blockSize).cardinality();
    }
  }

  /** The bytes the file system allocated to {@code file}: {@code st_blocks} × 512. */
  private static long allocatedBytes(Path file) throws IOException {
    String blocks = ProcessRunner.run("stat", "-c", "%b", file.toString()).stdout().strip();
    return Long.parseLong(blocks) * 512;
  }

  /** mksquashfs writes a directory's nlink as 2 + its subdirectories. */
  private static void assertDirectoryLinkCounts(Tree tree) throws IOException {
    List<Entry> pending = new ArrayList<>(List.of(tree.root()));
    while (!pending.isEmpty()) {
      Entry dir = pending.remove(pending.size() - 1);
      List<Entry> children = tree.children(dir);
      long subdirs = children.stream().filter(Entry::isDirectory).count();
      assertEquals(2 + subdirs, dir.metadata().nlink(), "nlink of " + dir.path());
      children.stream().filter(Entry::isDirectory).forEach(pending::add);
    }
  }

  private static void assertExportTableMapsEveryInode(ImageReader image, boolean exported)
      throws IOException {
    assertEquals(exported, image.superblock().hasExportTable());
    if (!exported) {
      return;
    }
    for (long n = 1; n <= image.superblock().inodeCount(); n++) {
      assertEquals(n, image.inode(image.inodeRefOf(n)).inodeNumber());
    }
    assertTrue(image.superblock().inodeCount() > 3000);
  }
}
