package io.github.squashtree.core.write;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.squashtree.core.compression.Compression;
import io.github.squashtree.core.compression.XzOptions;
import io.github.squashtree.core.host.DirectoryTree;
import io.github.squashtree.core.image.VerifyListener;
import io.github.squashtree.core.image.VerifyReport;
import io.github.squashtree.core.internal.codec.Codecs;
import io.github.squashtree.core.internal.read.ImageTree;
import io.github.squashtree.core.internal.verify.ImageVerifier;
import io.github.squashtree.core.tree.ForwardingTree;
import io.github.squashtree.core.tree.TimePrecision;
import io.github.squashtree.core.tree.Tree;
import io.github.squashtree.fixtures.FixtureTree;
import io.github.squashtree.fixtures.FixtureTrees;
import io.github.squashtree.fixtures.KernelMount;
import io.github.squashtree.fixtures.Require;
import io.github.squashtree.fixtures.TreeAssertions;
import io.github.squashtree.fixtures.TreeComparison;
import io.github.squashtree.fixtures.Unsquashfs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An xz image whose dictionary is twice the block size (what {@code --xz-dict-size 200%} once
 * wrote, before the writer refused it as mksquashfs does): the kernel mounts it and unsquashfs
 * reads it, so our reader and verify read it too.
 */
class XzDictionaryIT {
  private static final int BLOCK = 131072;

  @Test
  void dictionaryTwiceTheBlockSizeReadsAsTheKernelAndUnsquashfsReadIt(@TempDir Path tmp)
      throws Exception {
    FixtureTree source = FixtureTrees.small(tmp.resolve("tree"));
    XzOptions xz = new XzOptions(2 * BLOCK, 0);
    WriterOptions options =
        WriterOptions.defaults()
            .withBlockSize(BLOCK)
            .withCompression(Compression.XZ, xz)
            .withMkfsTime(OptionalLong.of(0));
    Path image = tmp.resolve("xz-dict-200-percent.sqfs");
    // The package's own entry skips the public refusal, as the writer once did.
    try (Tree tree = DirectoryTree.open(source.root())) {
      SquashfsWriter.write(
          tree, image, options, () -> Codecs.compressor(Compression.XZ, xz, BLOCK));
    }
    VerifyReport report = new ImageVerifier(VerifyListener.NONE).verify(image);
    assertTrue(report.ok(), report.problem());
    TreeComparison compare = TreeComparison.strict().ignoreDirectoryMtimes();
    try (Tree tree = seconds(source.root());
        Tree back = ImageTree.open(image)) {
      TreeAssertions.assertTreesEqual(tree, back, compare);
    }

    Require.tool("unsquashfs");
    Path out = tmp.resolve("unsquashfs");
    Unsquashfs.extract(image, out);
    try (Tree tree = seconds(source.root());
        Tree back = DirectoryTree.open(out)) {
      TreeAssertions.assertTreesEqual(
          tree, back, compare.ignoreOwners().ignoreXattrs().ignoreMtimes());
    }

    Require.kernelSquashfsMount();
    Path mnt = Files.createDirectory(tmp.resolve("mnt"));
    try (KernelMount m = KernelMount.squashfs(image, mnt);
        Tree tree = seconds(source.root());
        Tree mounted = DirectoryTree.open(m.mountPoint())) {
      TreeAssertions.assertTreesEqual(tree, mounted, compare);
    }
  }

  private static Tree seconds(Path dir) throws java.io.IOException {
    return ForwardingTree.withPrecision(DirectoryTree.open(dir), TimePrecision.SECONDS);
  }
}
