package io.github.squashtree.core.internal.read;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.squashtree.core.compression.Compression;
import io.github.squashtree.core.host.DirectoryTree;
import io.github.squashtree.fixtures.FixtureTrees;
import io.github.squashtree.fixtures.GoldenImages;
import io.github.squashtree.fixtures.Require;
import io.github.squashtree.fixtures.TreeAssertions;
import io.github.squashtree.fixtures.TreeComparison;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The committed golden images (one per codec, made by mksquashfs from {@code FixtureTrees.small})
 * are read without any external tool, so the reader is tested where squashfs-tools are absent.
 */
class GoldenImageReadTest {
  @TempDir Path dir;

  static java.util.List<String> goldenImages() {
    return GoldenImages.list();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("goldenImages")
  void everyGoldenImageReadsLikeTheGzipOne(String name) throws IOException {
    Path image = GoldenImages.copyTo(name, dir);
    Path reference = GoldenImages.copyTo("small-gzip.sqfs", dir);
    try (ImageTree expected = ImageTree.open(reference);
        ImageTree actual = ImageTree.open(image)) {
      assertEquals(Compression.fromLabel(GoldenImages.codecOf(name)), actual.image().compression());
      TreeAssertions.assertTreesEqual(expected, actual, TreeComparison.strict());
    }
  }

  @Test
  void theGzipGoldenImageEqualsTheTreeItWasMadeFrom() throws IOException {
    // The tree's owners, devices and trusted xattrs can only be made again as root.
    Require.root();
    Path tree = FixtureTrees.small(dir.resolve("small")).root();
    try (DirectoryTree expected = DirectoryTree.open(tree);
        ImageTree actual = ImageTree.open(GoldenImages.copyTo("small-gzip.sqfs", dir))) {
      TreeAssertions.assertTreesEqual(expected, actual, TreeComparison.strict());
    }
  }
}
