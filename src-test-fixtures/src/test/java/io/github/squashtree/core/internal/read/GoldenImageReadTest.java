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
 * The committed golden images (one per codec, made by mksquashfs from {@code FixtureTrees.small} as
 * root) are read without any external tool and compared with the tree they were made from, known
 * from its description ({@link FixtureTrees#smallSpec()}), so the reader is judged against the
 * source, not against itself, where squashfs-tools and root are absent.
 */
class GoldenImageReadTest {
  @TempDir Path dir;

  static java.util.List<String> goldenImages() {
    return GoldenImages.list();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("goldenImages")
  void everyGoldenImageReadsAsTheTreeItWasMadeFrom(String name) throws IOException {
    Path image = GoldenImages.copyTo(name, dir);
    try (ImageTree actual = ImageTree.open(image)) {
      assertEquals(Compression.fromLabel(GoldenImages.codecOf(name)), actual.image().compression());
      TreeAssertions.assertTreesEqual(FixtureTrees.smallSpec(), actual, TreeComparison.strict());
    }
  }

  /** The description is the tree: as root, small() on disk equals it. */
  @Test
  void theDescriptionIsWhatSmallMakesAsRoot() throws IOException {
    Require.root();
    Path tree = FixtureTrees.small(dir.resolve("small")).root();
    try (DirectoryTree made = DirectoryTree.open(tree)) {
      TreeAssertions.assertTreesEqual(FixtureTrees.smallSpec(), made, TreeComparison.strict());
    }
  }
}
