package io.github.squashtree.tar;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.github.squashtree.core.host.DirectoryTree;
import io.github.squashtree.core.image.SquashfsImage;
import io.github.squashtree.core.tree.ForwardingTree;
import io.github.squashtree.core.tree.TimePrecision;
import io.github.squashtree.core.tree.Tree;
import io.github.squashtree.core.write.WriterOptions;
import io.github.squashtree.fixtures.FixtureTree;
import io.github.squashtree.fixtures.FixtureTrees;
import io.github.squashtree.fixtures.KernelMount;
import io.github.squashtree.fixtures.ProcessRunner;
import io.github.squashtree.fixtures.Require;
import io.github.squashtree.fixtures.TestDirectories;
import io.github.squashtree.fixtures.TreeAssertions;
import io.github.squashtree.fixtures.TreeComparison;
import io.github.squashtree.overlay.WhiteoutStyle;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * An OCI image layout of three layers — GNU tar's archive of the full fixture tree, a layer of
 * whiteouts, opaque directories and replacements over it, and a random one — flattened by {@link
 * OciImport}: the tree the kernel shows when the layers, each converted alone with OCI whiteouts
 * ({@link TarImport}), are loop-mounted and stacked with {@code mount -t overlay}; with either kind
 * of whiteout. umoci, when installed, unpacks the layout to the same tree.
 */
class OciKernelIT {
  private static Path work;
  private static FixtureTree source;
  private static List<byte[]> layers;

  @BeforeAll
  static void build() throws IOException {
    work = Files.createTempDirectory("oci-kernel");
    source = FixtureTrees.full(work.resolve("tree"));
    Path base = work.resolve("base.tar");
    ProcessRunner.run(
        List.of(
            "tar",
            "--format=posix",
            "--sparse",
            "--xattrs",
            "--xattrs-include=*",
            "-cf",
            base.toString(),
            "-C",
            source.root().toString(),
            "."),
        Duration.ofMinutes(5),
        0);
    layers = new ArrayList<>();
    layers.add(Files.readAllBytes(base));
    layers.add(changes());
    layers.add(OciImportTest.randomLayer(new Random(42)));
  }

  /** Deletions, opaque directories and replacements over the fixture tree, as an OCI layer. */
  private static byte[] changes() {
    TarWriter.Member links = Archive.member("./links/", '5', 0750);
    links.mtimeSeconds = 1_650_000_000L;
    return new Archive()
        .file("./files/.wh.text", new byte[0])
        .file("./.wh.deep", new byte[0])
        .add(links)
        .file("./links/.wh..wh..opq", new byte[0])
        .file("./links/only-this", "after the opaque mark\n".getBytes(UTF_8))
        .file("./files/.wh.one-byte", new byte[0])
        .dir("./files/one-byte/")
        .file("./files/one-byte/inside", "a directory now\n".getBytes(UTF_8))
        .file("./names", "a file where a directory was\n".getBytes(UTF_8))
        .file("./new/deep/file", "below implied directories\n".getBytes(UTF_8))
        .hardLink("./new/deep/link", "./new/deep/file")
        .symlink("./symlinks/to-file", "changed")
        .end()
        .bytes();
  }

  @AfterAll
  static void cleanUp() throws IOException {
    TestDirectories.delete(work);
  }

  @ParameterizedTest
  @EnumSource(WhiteoutStyle.class)
  void aFlattenedLayoutIsTheOverlayOfItsLayersConvertedOneByOne(WhiteoutStyle style)
      throws IOException {
    Require.root();
    Require.kernelSquashfsMount();
    Require.overlayMount();
    Path dir = Files.createDirectories(work.resolve(style.label()));
    TestLayout layout = new TestLayout(dir.resolve("layout"));
    List<String> descriptors = new ArrayList<>();
    List<Path> converted = new ArrayList<>();
    WriterOptions options = WriterOptions.defaults().withProcessors(2);
    for (int i = 0; i < layers.size(); i++) {
      descriptors.add(layout.layer(layers.get(i), i == 1 ? "zstd" : "gzip"));
      Path image = dir.resolve("layer" + i + ".sqfs");
      TarImport.write(
          new ByteArrayInputStream(layers.get(i)),
          image,
          options,
          ArchiveOptions.oci().withWhiteouts(style));
      converted.add(image);
    }
    Path layoutDir = layout.image("test", descriptors).write();
    Path flat = dir.resolve("flat.sqfs");
    OciImport.write(layoutDir, "test", flat, options);

    List<KernelMount> mounts = new ArrayList<>();
    try {
      List<Path> lowers = new ArrayList<>();
      for (int i = converted.size() - 1; i >= 0; i--) {
        Path m = Files.createDirectories(dir.resolve("mnt" + i));
        mounts.add(KernelMount.squashfs(converted.get(i), m));
        lowers.add(m);
      }
      Path merged = Files.createDirectories(dir.resolve("merged"));
      mounts.add(KernelMount.overlay(lowers, null, null, merged));
      try (Tree kernel =
              ForwardingTree.withPrecision(DirectoryTree.open(merged), TimePrecision.SECONDS);
          SquashfsImage image = SquashfsImage.open(flat)) {
        TreeAssertions.assertTreesEqual(kernel, image, TreeComparison.strict());
      }
    } finally {
      for (int i = mounts.size() - 1; i >= 0; i--) {
        mounts.get(i).close();
      }
    }
    if (Require.hasTool("umoci")) {
      // umoci 0.4.7 reads gzip layers only: the same layers, all gzip.
      TestLayout gzip = new TestLayout(dir.resolve("gzip-layout"));
      List<String> gzipped = new ArrayList<>();
      for (byte[] layer : layers) {
        gzipped.add(gzip.layer(layer, "gzip"));
      }
      Path gzipDir = gzip.image("test", gzipped).write();
      Path bundle = dir.resolve("bundle");
      ProcessRunner.run(
          List.of("umoci", "unpack", "--image", gzipDir + ":test", bundle.toString()),
          Duration.ofMinutes(5),
          0);
      try (Tree umoci =
              ForwardingTree.withPrecision(
                  DirectoryTree.open(bundle.resolve("rootfs")), TimePrecision.SECONDS);
          SquashfsImage image = SquashfsImage.open(flat)) {
        // Two differences, both umoci's: a directory a layer holds only implicitly (a member below
        // it, no member of its own) gets the time of the unpacking from umoci, where the layer
        // converted alone holds it at the epoch (as tar2sqfs makes it) and the kernel shows that;
        // and umoci drops an xattr whose value is empty, which tar and the kernel keep.
        List<String> d =
            TreeAssertions.differences(
                umoci, image, TreeComparison.strict().ignoreDirectoryMtimes());
        org.junit.jupiter.api.Assertions.assertEquals(
            List.of("/xattrs/user: xattr user.empty expected (absent) but was 0x"), d);
      }
    }
  }
}
