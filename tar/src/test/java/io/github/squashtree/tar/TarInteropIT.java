package io.github.squashtree.tar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.squashtree.core.host.DirectoryTree;
import io.github.squashtree.core.image.SquashfsImage;
import io.github.squashtree.core.tree.Entry;
import io.github.squashtree.core.tree.EntryType;
import io.github.squashtree.core.tree.ForwardingTree;
import io.github.squashtree.core.tree.TimePrecision;
import io.github.squashtree.core.tree.Tree;
import io.github.squashtree.core.write.WriterOptions;
import io.github.squashtree.fixtures.FixtureTree;
import io.github.squashtree.fixtures.FixtureTrees;
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
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Archives of the full fixture tree made by GNU tar (its own format, POSIX with each of its sparse
 * formats, xattrs) and by bsdtar (pax) become, through {@link TarImport}, the image tar2sqfs makes
 * of them: the same tree read by our reader (everything compared, hard-link groups included) and
 * the same listing by unsquashfs; and that tree is the source directory as tar keeps it (sockets
 * left out, times at whole seconds).
 */
class TarInteropIT {
  private static final long MKFS_TIME = 1_700_000_000L;
  private static Path work;
  private static FixtureTree source;

  @BeforeAll
  static void buildTree() throws IOException {
    work = Files.createTempDirectory("tar-interop");
    source = FixtureTrees.full(work.resolve("tree"));
  }

  @AfterAll
  static void cleanUp() throws IOException {
    TestDirectories.delete(work);
  }

  /** The command making an archive of the tree, by name. */
  private static List<String> archiver(String format, Path archive) {
    String dir = source.root().toString();
    String out = archive.toString();
    return switch (format) {
      case "gnu" -> List.of("tar", "--format=gnu", "--sparse", "-cf", out, "-C", dir, ".");
      case "posix-sparse-0.0", "posix-sparse-0.1", "posix-sparse-1.0" ->
          List.of(
              "tar",
              "--format=posix",
              "--sparse",
              "--sparse-version=" + format.substring(format.length() - 3),
              "--xattrs",
              "--xattrs-include=*",
              "-cf",
              out,
              "-C",
              dir,
              ".");
      case "ustar-plain" ->
          List.of(
              "tar", "--format=posix", "--no-xattrs", "-cf", out, "-C", dir, "./files", "./links");
      case "bsdtar-pax" -> List.of("bsdtar", "--format=pax", "-cf", out, "-C", dir, ".");
      default -> throw new IllegalArgumentException(format);
    };
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "gnu",
        "posix-sparse-0.0",
        "posix-sparse-0.1",
        "posix-sparse-1.0",
        "ustar-plain",
        "bsdtar-pax"
      })
  void anArchiveGivesTheImageTar2sqfsMakesOfIt(String format) throws IOException {
    Require.tool("tar2sqfs");
    Require.tool("unsquashfs");
    if (format.startsWith("bsdtar")) {
      Require.tool("bsdtar");
    }
    Path dir = Files.createDirectories(work.resolve(format));
    Path archive = dir.resolve("archive.tar");
    ProcessRunner.run(archiver(format, archive), Duration.ofMinutes(5), 0);
    Path ours = dir.resolve("ours.sqfs");
    try (InputStream in = Files.newInputStream(archive)) {
      TarImport.write(
          in,
          ours,
          WriterOptions.defaults().withProcessors(2).withMkfsTime(OptionalLong.of(MKFS_TIME)),
          ArchiveOptions.plain());
    }
    Path theirs = dir.resolve("theirs.sqfs");
    ProcessRunner.run(
        List.of("sh", "-c", "tar2sqfs -q -f '" + theirs + "' < '" + archive + "'"),
        Duration.ofMinutes(5),
        0);
    try (SquashfsImage a = SquashfsImage.open(theirs);
        SquashfsImage b = SquashfsImage.open(ours)) {
      // libarchive writes each xattr twice, as LIBARCHIVE.xattr.NAME and SCHILY.xattr.NAME, with
      // NAME %-encoded in both; tar2sqfs keeps the SCHILY one under its encoded name as a second
      // attribute (user.caf%E9 beside user.caf\xE9). We keep the one attribute bsdtar archived:
      // the comparison with the source below checks that.
      TreeComparison vsTar2sqfs = TreeComparison.strict();
      if (format.startsWith("bsdtar")) {
        vsTar2sqfs = vsTar2sqfs.ignoreXattrs();
      }
      TreeAssertions.assertTreesEqual(a, b, vsTar2sqfs);
      if (!format.equals("ustar-plain")) {
        boolean xattrs = !format.equals("gnu");
        TreeComparison vsSource = TreeComparison.strict();
        if (!xattrs) {
          vsSource = vsSource.ignoreXattrs();
        }
        TreeAssertions.assertTreesEqual(withoutSockets(source.root()), b, vsSource);
      }
    }
    assertSameLines(
        withoutDirectorySizes(Unsquashfs.listLongNumeric(theirs)),
        withoutDirectorySizes(Unsquashfs.listLongNumeric(ours)));
  }

  /**
   * A listing without the sizes of directories: a directory's size is its listing's bytes in the
   * directory table, where a header starts each run of entries whose inodes share a metadata block;
   * tar2sqfs lays out its inode table otherwise than mksquashfs (whose layout ours follows), so the
   * same entries take a few headers more or fewer.
   */
  static List<String> withoutDirectorySizes(List<String> listing) {
    return listing.stream()
        .map(l -> l.startsWith("d") ? l.replaceFirst("^(\\S+ \\S+) +\\d+ ", "$1 - ") : l)
        .toList();
  }

  /** Equal listings, or a failure naming the lines that differ (not the whole listings). */
  static void assertSameLines(List<String> expected, List<String> actual) {
    List<String> missing = expected.stream().filter(l -> !actual.contains(l)).limit(20).toList();
    List<String> extra = actual.stream().filter(l -> !expected.contains(l)).limit(20).toList();
    assertTrue(
        missing.isEmpty() && extra.isEmpty() && expected.size() == actual.size(),
        "listings differ:\n  missing " + missing + "\n  extra " + extra);
    assertEquals(expected, actual, "the same lines in another order");
  }

  /** The source directory as tar keeps it: sockets have no tar form. */
  private static Tree withoutSockets(Path dir) throws IOException {
    Tree tree = DirectoryTree.open(dir);
    return new ForwardingTree(ForwardingTree.withPrecision(tree, TimePrecision.SECONDS)) {
      @Override
      public List<Entry> children(Entry directory) throws IOException {
        return super.children(directory).stream()
            .filter(e -> e.type() != EntryType.SOCKET)
            .toList();
      }
    };
  }

  @ParameterizedTest
  @ValueSource(strings = {"gzip", "xz", "zstd"})
  void compressedArchivesAreToldByTheirContent(String codec) throws IOException {
    Require.tool(codec);
    Path dir = Files.createDirectories(work.resolve("compressed-" + codec));
    Path archive = dir.resolve("archive.tar");
    ProcessRunner.run(archiver("gnu", archive), Duration.ofMinutes(5), 0);
    Path plain = dir.resolve("plain.sqfs");
    WriterOptions options =
        WriterOptions.defaults().withProcessors(2).withMkfsTime(OptionalLong.of(MKFS_TIME));
    try (InputStream in = Files.newInputStream(archive)) {
      TarImport.write(in, plain, options, ArchiveOptions.plain());
    }
    // A name that says nothing: the content tells.
    Path compressed = dir.resolve("archive.bin");
    ProcessRunner.run(
        List.of("sh", "-c", codec + " -c < '" + archive + "' > '" + compressed + "'"),
        Duration.ofMinutes(5),
        0);
    Path image = dir.resolve(codec + ".sqfs");
    try (InputStream in = Files.newInputStream(compressed)) {
      TarImport.write(in, image, options, ArchiveOptions.plain());
    }
    assertTrue(
        java.util.Arrays.equals(Files.readAllBytes(plain), Files.readAllBytes(image)),
        codec + ": the image differs from the plain archive's");
  }
}
