package io.github.squashtree.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.squashtree.core.host.DirectoryTree;
import io.github.squashtree.core.image.ExtractListener;
import io.github.squashtree.core.image.ExtractOptions;
import io.github.squashtree.core.internal.extract.Extractor;
import io.github.squashtree.core.internal.format.FileInode;
import io.github.squashtree.core.internal.format.InodeType;
import io.github.squashtree.core.internal.read.ImageTree;
import io.github.squashtree.core.tree.Entry;
import io.github.squashtree.core.write.SquashfsWriter;
import io.github.squashtree.core.write.WriterOptions;
import io.github.squashtree.fixtures.FixtureTree;
import io.github.squashtree.fixtures.FixtureTrees;
import io.github.squashtree.fixtures.ImageLayouts;
import io.github.squashtree.fixtures.Mksquashfs;
import io.github.squashtree.fixtures.PeerReaders;
import io.github.squashtree.fixtures.ProcessRunner;
import io.github.squashtree.fixtures.Require;
import io.github.squashtree.fixtures.Sqfsdiff;
import io.github.squashtree.fixtures.TestDirectories;
import io.github.squashtree.fixtures.TreeAssertions;
import io.github.squashtree.fixtures.TreeComparison;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A sparse file over 4 GiB ({@link FixtureTrees#largeSparse}): our writer gives it an extended file
 * inode with its 64-bit size and a hole for every block of zeros, as mksquashfs does; our reader,
 * unsquashfs, rdsquashfs and the kernel read it back; our extractor writes its holes as holes. With
 * 4-KiB blocks its block list (a million entries, 4 MiB) spans hundreds of metadata blocks.
 */
class LargeSparseFileIT {
  private static final long MKFS_TIME = 1_700_000_000L;
  private static final String BIG = "/large/sparse-4GiB";

  private static Path work;
  private static FixtureTree source;

  /** One way to write: our options and mksquashfs's equivalent. */
  record Variant(String name, UnaryOperator<WriterOptions> ours, List<String> theirs) {
    @Override
    public String toString() {
      return name;
    }

    WriterOptions options() {
      return ours.apply(
          WriterOptions.defaults().withProcessors(2).withMkfsTime(OptionalLong.of(MKFS_TIME)));
    }
  }

  /** The default block size, and 4 KiB: a block list of a million entries. */
  static Stream<Variant> variants() {
    return Stream.of(
        new Variant("gzip", o -> o, List.of()),
        new Variant("b4096", o -> o.withBlockSize(4096), List.of("-b", "4096")));
  }

  @BeforeAll
  static void buildTree() throws IOException {
    for (String tool : List.of("mksquashfs", "unsquashfs", "rdsquashfs", "sqfsdiff")) {
      Require.tool(tool);
    }
    Require.kernelSquashfsMount();
    work = Files.createTempDirectory("large-sparse");
    source = FixtureTrees.largeSparse(work.resolve("tree"));
  }

  @AfterAll
  static void cleanUp() throws IOException {
    if (work != null) {
      TestDirectories.delete(work);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("variants")
  void everyReaderReadsTheFileBeyond4GiBAndItsHoles(Variant v) throws IOException {
    Path ours = work.resolve("ours-" + v.name() + ".sqfs");
    List<String> problems = new ArrayList<>();
    try (DirectoryTree expected = DirectoryTree.open(source.root())) {
      SquashfsWriter.write(expected, ours, v.options());
      problems.addAll(ourImage(expected, ours));
      problems.addAll(PeerReaders.unsquashfs(ours, expected, TreeComparison.strict(), work));
      problems.addAll(PeerReaders.rdsquashfs(ours, expected, TreeComparison.strict(), work));
      problems.addAll(PeerReaders.kernel(ours, expected, TreeComparison.strict(), work));
      problems.addAll(ourExtraction(expected, ours, v.options().blockSize()));
    }
    problems.addAll(sameAsMksquashfs(ours, v));
    Files.delete(ours);
    assertEquals(List.of(), printable(problems), v.name());
  }

  /**
   * Read back equal; the big file in an extended inode. (Its holes are compared with mksquashfs's
   * below: one reading of 4 GiB less.)
   */
  private static List<String> ourImage(DirectoryTree expected, Path image) throws IOException {
    List<String> problems = new ArrayList<>();
    try (ImageTree actual = ImageTree.open(image)) {
      TreeAssertions.differences(expected, actual, TreeComparison.strict())
          .forEach(d -> problems.add("our reader: " + d));
      Entry big = actual.lookup(BIG).orElseThrow();
      FileInode inode = (FileInode) actual.image().inode(big.metadata().linkKey());
      if (inode.header().type() != InodeType.EXTENDED_FILE
          || inode.fileSize() != FixtureTrees.LARGE_SPARSE_SIZE) {
        problems.add(BIG + ": inode type " + inode.header().type() + ", size " + inode.fileSize());
      }
    }
    return problems;
  }

  /** Our extractor: the tree, and the big file allocating no more than its blocks of data. */
  private static List<String> ourExtraction(DirectoryTree expected, Path image, int blockSize)
      throws IOException {
    Path dest = work.resolve("extracted");
    List<String> problems = new ArrayList<>();
    try {
      try (ImageTree img = ImageTree.open(image)) {
        new Extractor(img.image(), ExtractOptions.forCurrentUser(true), ExtractListener.NONE)
            .extract("/", dest);
      }
      try (DirectoryTree actual = DirectoryTree.open(dest)) {
        TreeAssertions.differences(
                expected, actual, TreeComparison.strict().ignoreMtimes().ignoreRootMetadata())
            .forEach(d -> problems.add("our extractor: " + d));
      }
      // The data (four places, 201,257 bytes), each place's two end blocks written in full, and
      // no byte of the holes.
      long allowed = FixtureTrees.LARGE_SPARSE_DATA + 8L * blockSize + 4096;
      String blocks =
          ProcessRunner.run("stat", "-c", "%b", dest.resolve(BIG.substring(1)).toString())
              .stdout()
              .strip();
      long allocated = Long.parseLong(blocks) * 512;
      if (allocated > allowed) {
        problems.add("our extractor: " + BIG + " allocates " + allocated + " bytes > " + allowed);
      }
    } finally {
      TestDirectories.delete(dest);
    }
    return problems;
  }

  /** mksquashfs makes the same inodes and holes, and sqfsdiff finds no difference. */
  private static List<String> sameAsMksquashfs(Path ours, Variant v) throws IOException {
    Path theirs = work.resolve("mksquashfs-" + v.name() + ".sqfs");
    List<String> options = new ArrayList<>(v.theirs());
    options.addAll(List.of("-mkfs-time", Long.toString(MKFS_TIME)));
    Mksquashfs.make(source.root(), theirs, options);
    List<String> problems = new ArrayList<>();
    ImageLayouts.differences(theirs, ours, Set.of())
        .forEach(d -> problems.add("inode layout, mksquashfs's vs ours: " + d));
    Sqfsdiff.Result diff = Sqfsdiff.compare(theirs, ours, List.of("--timestamps", "--inode-num"));
    if (!diff.same()) {
      problems.add("sqfsdiff:\n" + diff.report());
    }
    Files.delete(theirs);
    return problems;
  }

  /** The problems as a report can show them: names that are not UTF-8 escaped. */
  private static List<String> printable(List<String> problems) {
    return problems.stream().map(TreeAssertions::printable).toList();
  }
}
