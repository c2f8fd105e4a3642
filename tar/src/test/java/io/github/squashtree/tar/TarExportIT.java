package io.github.squashtree.tar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.squashtree.core.host.DirectoryTree;
import io.github.squashtree.core.image.SquashfsImage;
import io.github.squashtree.core.tree.Entry;
import io.github.squashtree.core.tree.EntryType;
import io.github.squashtree.core.tree.ForwardingTree;
import io.github.squashtree.core.tree.Tree;
import io.github.squashtree.core.write.SquashfsWriter;
import io.github.squashtree.core.write.WriterOptions;
import io.github.squashtree.fixtures.FixtureTree;
import io.github.squashtree.fixtures.FixtureTrees;
import io.github.squashtree.fixtures.Mksquashfs;
import io.github.squashtree.fixtures.ProcessRunner;
import io.github.squashtree.fixtures.Require;
import io.github.squashtree.fixtures.TestDirectories;
import io.github.squashtree.fixtures.TreeAssertions;
import io.github.squashtree.fixtures.TreeComparison;
import io.github.squashtree.fixtures.Unsquashfs;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link TarExport} of images of the full fixture tree (mksquashfs's and ours), extracted by GNU
 * tar as root with {@code --xattrs --xattrs-include='*' --same-owner}: exactly the tree {@code
 * unsquashfs -d} makes of the image (everything compared; sockets, which tar cannot hold, left
 * out), sparse files with the same holes; and a subtree with its parents as {@code unsquashfs -d
 * IMAGE PATH} makes them.
 */
class TarExportIT {
  private static Path work;
  private static FixtureTree source;

  @BeforeAll
  static void buildTree() throws IOException {
    work = Files.createTempDirectory("tar-export");
    source = FixtureTrees.full(work.resolve("tree"));
  }

  @AfterAll
  static void cleanUp() throws IOException {
    TestDirectories.delete(work);
  }

  private static Path mksquashfsImage() throws IOException {
    Path image = work.resolve("mksquashfs.sqfs");
    if (!Files.exists(image)) {
      Mksquashfs.make(source.root(), image, List.of());
    }
    return image;
  }

  private static Path ourImage() throws IOException {
    Path image = work.resolve("ours.sqfs");
    if (!Files.exists(image)) {
      try (Tree tree = DirectoryTree.open(source.root())) {
        SquashfsWriter.write(
            tree, image, WriterOptions.defaults().withMkfsTime(OptionalLong.of(1_700_000_000L)));
      }
    }
    return image;
  }

  @Test
  void gnuTarExtractsTheTreeUnsquashfsExtractsFromMksquashfsImages() throws IOException {
    check(mksquashfsImage(), "/", "mk");
  }

  @Test
  void gnuTarExtractsTheTreeUnsquashfsExtractsFromOurImages() throws IOException {
    check(ourImage(), "/", "ours");
  }

  @Test
  void aSubtreeComesWithItsParentDirectories() throws IOException {
    check(ourImage(), "/links/other", "subtree");
  }

  private static void check(Path image, String path, String name) throws IOException {
    Require.root();
    Require.tool("tar");
    Require.tool("unsquashfs");
    Path dir = Files.createDirectories(work.resolve(name));
    Path archive = dir.resolve("out.tar");
    try (SquashfsImage img = SquashfsImage.open(image);
        OutputStream out = Files.newOutputStream(archive)) {
      TarExport.write(img, path, out, ArchiveOptions.plain());
    }
    Path byTar = Files.createDirectories(dir.resolve("tar"));
    ProcessRunner.run(
        List.of(
            "tar",
            "-x",
            "--xattrs",
            "--xattrs-include=*",
            "--same-owner",
            "--same-permissions",
            "-f",
            archive.toString(),
            "-C",
            byTar.toString()),
        Duration.ofMinutes(5),
        0);
    Path byUnsquashfs = dir.resolve("unsquashfs");
    if (path.equals("/")) {
      Unsquashfs.extract(image, byUnsquashfs);
    } else {
      ProcessRunner.run(
          List.of("unsquashfs", "-q", "-n", "-d", byUnsquashfs.toString(), image.toString(), path),
          Duration.ofMinutes(5),
          0);
    }
    try (Tree expected = withoutSockets(DirectoryTree.open(byUnsquashfs));
        Tree actual = DirectoryTree.open(byTar)) {
      TreeAssertions.assertTreesEqual(expected, actual, TreeComparison.strict());
    }
    // Holes stay holes: as many blocks allocated as unsquashfs's files have.
    if (path.equals("/")) {
      try (Stream<Path> files = Files.list(byUnsquashfs.resolve("sparse"))) {
        for (Path f : files.toList()) {
          Path other = byTar.resolve("sparse").resolve(f.getFileName());
          assertEquals(blocks(f), blocks(other), f.getFileName() + ": allocated blocks");
          assertTrue(blocks(f) * 512 < Files.size(f), f + " is sparse");
        }
      }
    }
  }

  private static long blocks(Path f) throws IOException {
    return Long.parseLong(ProcessRunner.run("stat", "-c", "%b", f.toString()).stdout().trim());
  }

  private static Tree withoutSockets(Tree tree) {
    return new ForwardingTree(tree) {
      @Override
      public List<Entry> children(Entry directory) throws IOException {
        return super.children(directory).stream()
            .filter(e -> e.type() != EntryType.SOCKET)
            .toList();
      }
    };
  }
}
