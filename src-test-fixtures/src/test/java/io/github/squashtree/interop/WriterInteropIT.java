package io.github.squashtree.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.squashtree.core.compression.Compression;
import io.github.squashtree.core.compression.DeflateImplementation;
import io.github.squashtree.core.compression.GzipOptions;
import io.github.squashtree.core.compression.Lz4Options;
import io.github.squashtree.core.compression.XzOptions;
import io.github.squashtree.core.compression.ZstdOptions;
import io.github.squashtree.core.host.DirectoryTree;
import io.github.squashtree.core.internal.format.Superblock;
import io.github.squashtree.core.internal.read.ImageTree;
import io.github.squashtree.core.tree.Entry;
import io.github.squashtree.core.tree.Tree;
import io.github.squashtree.core.write.FragmentMode;
import io.github.squashtree.core.write.SquashfsWriter;
import io.github.squashtree.core.write.WriterOptions;
import io.github.squashtree.fixtures.Feature;
import io.github.squashtree.fixtures.FixtureTree;
import io.github.squashtree.fixtures.FixtureTrees;
import io.github.squashtree.fixtures.ImageLayouts;
import io.github.squashtree.fixtures.KernelMount;
import io.github.squashtree.fixtures.Mksquashfs;
import io.github.squashtree.fixtures.PeerReaders;
import io.github.squashtree.fixtures.Require;
import io.github.squashtree.fixtures.Sqfsdiff;
import io.github.squashtree.fixtures.TestDirectories;
import io.github.squashtree.fixtures.TreeAssertions;
import io.github.squashtree.fixtures.TreeComparison;
import io.github.squashtree.fixtures.Unsquashfs;
import io.github.squashtree.fixtures.XattrDump;
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
 * Our images of the full fixture tree, for every codec, codec setting and option variant, read back
 * equal to the tree by our reader, unsquashfs, rdsquashfs and the kernel; and compared with
 * mksquashfs's image of the same tree with the same options: sqfsdiff finds no difference, the
 * listings, superblocks, inode forms and holes agree, and getfattr shows the same attributes in
 * both (sqfsdiff does not compare them).
 *
 * <p>Each variant goes through every checker (lzma, which the kernel does not read, through all
 * others); each test collects all problems of all checkers and reports them together. What the test
 * needs is required before any checker runs.
 */
class WriterInteropIT {
  /** The same creation time for both writers, so that superblocks can be compared. */
  private static final long MKFS_TIME = 1_700_000_000L;

  private static Path work;
  private static FixtureTree source;

  /** One way to write: our options and mksquashfs's equivalent (null: mksquashfs cannot). */
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

  @BeforeAll
  static void buildTree() throws IOException {
    requirePeers();
    work = Files.createTempDirectory("writer-interop");
    source = FixtureTrees.full(work.resolve("tree"));
  }

  /** Every peer and the kernel, before anything runs (and before each test, see there). */
  private static void requirePeers() {
    for (String tool : List.of("mksquashfs", "unsquashfs", "rdsquashfs", "sqfsdiff", "getfattr")) {
      Require.tool(tool);
    }
    Require.kernelSquashfsMount();
  }

  @AfterAll
  static void cleanUp() throws IOException {
    if (work != null) {
      TestDirectories.delete(work);
    }
  }

  static Stream<Variant> codecs() {
    return Stream.of(
        // gzip is written by zlib unless libdeflate is asked for (sqfs mk's default)
        codec("gzip", Compression.GZIP, null),
        new Variant(
            "gzip-libdeflate",
            o -> o.withDeflate(DeflateImplementation.LIBDEFLATE),
            List.of("-comp", "gzip")),
        codec("xz", Compression.XZ, null),
        codec("zstd", Compression.ZSTD, null),
        codec("lz4", Compression.LZ4, null),
        // lzo is written as lzo1x_1, and says so, as mksquashfs -Xalgorithm lzo1x_1 does
        codec("lzo", Compression.LZO, null, "-Xalgorithm", "lzo1x_1"),
        codec("lzma", Compression.LZMA, null));
  }

  /** Codec settings: checked like the option variants (they change bytes, not layout). */
  static Stream<Variant> codecSettings() {
    return Stream.of(
        codec("gzip-1", Compression.GZIP, new GzipOptions(1, 15, 0), "-Xcompression-level", "1"),
        new Variant(
            "gzip-1-libdeflate",
            o ->
                o.withCompression(Compression.GZIP, new GzipOptions(1, 15, 0))
                    .withDeflate(DeflateImplementation.LIBDEFLATE),
            List.of("-comp", "gzip", "-Xcompression-level", "1")),
        codec("zstd-19", Compression.ZSTD, new ZstdOptions(19), "-Xcompression-level", "19"),
        codec(
            "xz-bcj-x86-arm-dict-32K",
            Compression.XZ,
            new XzOptions(32768, XzOptions.X86 | XzOptions.ARM),
            "-Xbcj",
            "x86,arm",
            "-Xdict-size",
            "32K"),
        codec(
            "lz4-hc",
            Compression.LZ4,
            new Lz4Options(Lz4Options.LEGACY_VERSION, Lz4Options.HC),
            "-Xhc"));
  }

  private static Variant codec(
      String name,
      Compression c,
      io.github.squashtree.core.compression.CompressorOptions options,
      String... extra) {
    List<String> theirs = new ArrayList<>(List.of("-comp", c.label()));
    theirs.addAll(List.of(extra));
    return new Variant(name, o -> o.withCompression(c, options), theirs);
  }

  static Stream<Variant> options() {
    return Stream.of(
        new Variant("b4096", o -> o.withBlockSize(4096), List.of("-b", "4096")),
        new Variant(
            "zstd-b1M",
            o -> o.withCompression(Compression.ZSTD, null).withBlockSize(1 << 20),
            List.of("-comp", "zstd", "-b", "1M")),
        new Variant(
            "no-fragments", o -> o.withFragments(FragmentMode.NONE), List.of("-no-fragments")),
        new Variant(
            "always-fragments",
            o -> o.withFragments(FragmentMode.ALWAYS),
            List.of("-always-use-fragments")),
        new Variant("no-dedup", o -> o.withDeduplicate(false), List.of("-no-duplicates")),
        new Variant("no-xattrs", o -> o.withXattrs(false), List.of("-no-xattrs")),
        new Variant("all-root", o -> o.withAllRoot(true), List.of("-all-root")),
        new Variant("no-exports", o -> o.withExportTable(false), List.of("-no-exports")),
        new Variant(
            "all-time",
            o -> o.withAllTime(OptionalLong.of(1_000_000_000L)),
            List.of("-all-time", "1000000000")),
        new Variant(
            "one-thread-no-everything",
            o ->
                o.withProcessors(1)
                    .withFragments(FragmentMode.NONE)
                    .withDeduplicate(false)
                    .withExportTable(false),
            List.of("-no-fragments", "-no-duplicates", "-no-exports")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource({"codecs", "codecSettings", "options"})
  void everyReaderShowsOurImageAsTheSourceAndMksquashfsMakesTheSame(Variant v) throws IOException {
    requirePeers();
    Path ours = write(v);
    List<String> problems = new ArrayList<>();
    problems.addAll(ourReader(ours, v));
    problems.addAll(peers(ours, v));
    problems.addAll(sameAsMksquashfs(ours, v));
    assertEquals(List.of(), printable(problems), v.name());
  }

  private static Path write(Variant v) throws IOException {
    Path image = work.resolve("ours-" + v.name() + ".sqfs");
    try (DirectoryTree tree = DirectoryTree.open(source.root())) {
      SquashfsWriter.write(tree, image, v.options());
    }
    return image;
  }

  /** What the options leave out of the comparison with the source. */
  private static TreeComparison comparison(Variant v) {
    WriterOptions o = v.options();
    TreeComparison c = TreeComparison.strict();
    if (!o.xattrs()) {
      c = c.ignoreXattrs();
    }
    if (o.allRoot()) {
      c = c.ignoreOwners();
    }
    if (o.allTime().isPresent()) {
      c = c.ignoreMtimes();
    }
    return c;
  }

  private static List<String> ourReader(Path image, Variant v) throws IOException {
    List<String> problems = new ArrayList<>();
    WriterOptions o = v.options();
    try (DirectoryTree expected = DirectoryTree.open(source.root());
        ImageTree actual = ImageTree.open(image)) {
      TreeAssertions.differences(expected, actual, comparison(v))
          .forEach(d -> problems.add("our reader: " + d));
      ImageLayouts.holeDifferences(expected, actual, o.blockSize())
          .forEach(d -> problems.add("holes: " + d));
      Superblock sb = actual.image().superblock();
      check(problems, "block size", o.blockSize(), sb.blockSize());
      check(problems, "compression", o.compression().id(), sb.compressionId());
      check(problems, "mkfs time", MKFS_TIME, sb.modificationTime());
      check(problems, "export table", o.exportTable(), sb.hasExportTable());
      // The options' promises that the comparison above leaves out.
      for (Entry e : walk(actual)) {
        if (o.allRoot() && (e.metadata().uid() != 0 || e.metadata().gid() != 0)) {
          problems.add("all-root: " + e.path() + " owned by " + e.metadata().uid());
        }
        if (o.allTime().isPresent()
            && e.metadata().mtime().getEpochSecond() != o.allTime().getAsLong()) {
          problems.add("all-time: " + e.path() + " at " + e.metadata().mtime());
        }
        if (!o.xattrs() && !e.metadata().xattrs().isEmpty()) {
          problems.add("no-xattrs: " + e.path() + " has " + e.metadata().xattrs().keySet());
        }
      }
    }
    return problems;
  }

  /** unsquashfs, rdsquashfs and (but for lzma, which it does not read) the kernel. */
  private static List<String> peers(Path image, Variant v) throws IOException {
    List<String> problems = new ArrayList<>();
    try (DirectoryTree expected = DirectoryTree.open(source.root())) {
      TreeComparison c = comparison(v);
      problems.addAll(PeerReaders.unsquashfs(image, expected, c, work));
      problems.addAll(PeerReaders.rdsquashfs(image, expected, c, work));
      if (v.options().compression() != Compression.LZMA) {
        problems.addAll(PeerReaders.kernel(image, expected, c, work));
      }
    }
    return problems;
  }

  /**
   * sqfsdiff (contents, owners, permissions, timestamps, inode numbers) finds no difference, and
   * unsquashfs lists both images the same.
   */
  private static List<String> sameAsMksquashfs(Path ours, Variant v) throws IOException {
    Require.tool("mksquashfs");
    Require.tool("sqfsdiff");
    List<String> problems = new ArrayList<>();
    Path theirs = work.resolve("mksquashfs-" + v.name() + ".sqfs");
    List<String> options = new ArrayList<>(v.theirs());
    options.addAll(List.of("-mkfs-time", Long.toString(MKFS_TIME)));
    Mksquashfs.make(source.root(), theirs, options);
    // Not --super: it compares table locations, which move with any difference in compressed
    // sizes (xz-java and liblzma, say, do not give the same bytes); the superblock's meaning is
    // compared below instead.
    List<String> flags = List.of("--timestamps", "--inode-num");
    problems.addAll(superblockDifferences(theirs, ours));
    ImageLayouts.differences(theirs, ours, Set.of())
        .forEach(d -> problems.add("inode layout, mksquashfs's vs ours: " + d));
    problems.addAll(xattrDifferences(theirs, ours, v));
    Sqfsdiff.Result diff = Sqfsdiff.compare(theirs, ours, flags);
    if (!diff.same()) {
      problems.add("sqfsdiff " + flags + ":\n" + diff.report());
    }
    // Known difference: a listing longer than a metadata block (the 3000-entry directory) is
    // split into headers at other places than mksquashfs splits it, so its size differs by a
    // header or two (12 bytes each). Every reader reads both; the sizes are left out here.
    List<String> large =
        source.paths(Feature.LARGE_DIRECTORY).stream().map(p -> "squashfs-root" + p).toList();
    List<String> theirList = withoutDirectorySizes(Unsquashfs.listLongNumeric(theirs), large);
    List<String> ourList = withoutDirectorySizes(Unsquashfs.listLongNumeric(ours), large);
    if (!theirList.equals(ourList)) {
      List<String> onlyTheirs = new ArrayList<>(theirList);
      onlyTheirs.removeAll(ourList);
      List<String> onlyOurs = new ArrayList<>(ourList);
      onlyOurs.removeAll(theirList);
      problems.add(
          "unsquashfs -lln differs: mksquashfs only "
              + onlyTheirs.stream().limit(5).toList()
              + ", ours only "
              + onlyOurs.stream().limit(5).toList());
    }
    // Every codec, lzo included: both write lzo1x_1 (aircompressor's within 0.1% of liblzo's).
    long theirSize = Files.size(theirs);
    long ourSize = Files.size(ours);
    if (ourSize > theirSize * 1.005) {
      problems.add("our image is " + ourSize + " bytes, mksquashfs's " + theirSize);
    }
    Files.delete(theirs);
    return problems;
  }

  /**
   * The attributes getfattr shows in both images, of every namespace: mounted by the kernel, or for
   * lzma (which it does not read) extracted by unsquashfs as root.
   */
  private static List<String> xattrDifferences(Path theirs, Path ours, Variant v)
      throws IOException {
    List<String> a = sorted(xattrDump(theirs, v));
    List<String> b = sorted(xattrDump(ours, v));
    List<String> d = XattrDump.differences(a, b, 10);
    return d.isEmpty()
        ? d
        : List.of("getfattr, mksquashfs's (-) vs ours (+):\n  " + String.join("\n  ", d));
  }

  private static List<String> xattrDump(Path image, Variant v) throws IOException {
    Path dir = Files.createTempDirectory(work, "xattrs-");
    try {
      if (v.options().compression() == Compression.LZMA) {
        Unsquashfs.extract(image, dir);
        return XattrDump.of(dir);
      }
      try (KernelMount m = KernelMount.squashfs(image, dir)) {
        return XattrDump.of(dir);
      }
    } finally {
      TestDirectories.delete(dir);
    }
  }

  private static List<String> sorted(List<String> lines) {
    return lines.stream().sorted().toList();
  }

  private static List<String> withoutDirectorySizes(List<String> listing, List<String> dirs) {
    return listing.stream()
        .map(
            l ->
                l.startsWith("d") && dirs.stream().anyMatch(d -> l.endsWith(" " + d))
                    ? l.replaceFirst("^(\\S+ \\S+)\\s+\\d+ ", "$1 (size) ")
                    : l)
        .toList();
  }

  /** What the two superblocks say, apart from where the tables are. */
  private static List<String> superblockDifferences(Path theirs, Path ours) throws IOException {
    List<String> problems = new ArrayList<>();
    try (ImageTree a = ImageTree.open(theirs);
        ImageTree b = ImageTree.open(ours)) {
      Superblock x = a.image().superblock();
      Superblock y = b.image().superblock();
      check(problems, "superblock inode count", x.inodeCount(), y.inodeCount());
      check(problems, "superblock mkfs time", x.modificationTime(), y.modificationTime());
      check(problems, "superblock block size", x.blockSize(), y.blockSize());
      // Known difference: with -always-use-fragments mksquashfs packs the full tree's tails into
      // 4 fragment blocks, we into 3 (readers agree on the content; the image is not larger).
      if ((x.flags() & Superblock.FLAG_ALWAYS_FRAGMENTS) == 0) {
        check(problems, "superblock fragment count", x.fragmentCount(), y.fragmentCount());
      }
      check(problems, "superblock compression", x.compressionId(), y.compressionId());
      check(
          problems,
          "superblock flags",
          Integer.toHexString(x.flags()),
          Integer.toHexString(y.flags()));
      check(problems, "superblock id count", x.idCount(), y.idCount());
      // The options block says how the data was compressed: the same settings, the same words.
      check(
          problems,
          "compressor options",
          a.image().compressorOptions(),
          b.image().compressorOptions());
      check(problems, "has xattr table", x.hasXattrTable(), y.hasXattrTable());
    }
    return problems;
  }

  private static void check(List<String> problems, String what, Object expected, Object actual) {
    if (!expected.equals(actual)) {
      problems.add(what + ": expected " + expected + " but was " + actual);
    }
  }

  private static List<Entry> walk(Tree tree) throws IOException {
    List<Entry> all = new ArrayList<>();
    List<Entry> pending = new ArrayList<>(List.of(tree.root()));
    while (!pending.isEmpty()) {
      Entry e = pending.remove(pending.size() - 1);
      all.add(e);
      if (e.isDirectory()) {
        pending.addAll(tree.children(e));
      }
    }
    return all;
  }

  /** The problems as a report can show them: names that are not UTF-8 escaped. */
  private static List<String> printable(List<String> problems) {
    return problems.stream().map(TreeAssertions::printable).toList();
  }
}
