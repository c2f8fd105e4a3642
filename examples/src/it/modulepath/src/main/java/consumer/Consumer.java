package consumer;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.github.squashtree.core.MissingCodecException;
import io.github.squashtree.core.compression.Compression;
import io.github.squashtree.core.host.DirectoryTree;
import io.github.squashtree.core.image.ExtractListener;
import io.github.squashtree.core.image.ExtractOptions;
import io.github.squashtree.core.image.SquashfsImage;
import io.github.squashtree.core.tree.Tree;
import io.github.squashtree.core.tree.TreeBuilder;
import io.github.squashtree.core.tree.TreeBuilder.Attributes;
import io.github.squashtree.core.write.SquashfsWriter;
import io.github.squashtree.core.write.WriterOptions;
import io.github.squashtree.overlay.ChangeKind;
import io.github.squashtree.overlay.DeltaLayer;
import io.github.squashtree.overlay.LayerOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * On the module path: writes an xz image of a tree, extracts it, plans the delta layer to a changed
 * copy; zstd, whose library is absent, is named. Prints "consumer ok".
 */
public final class Consumer {
  public static void main(String[] args) throws IOException {
    check(Consumer.class.getModule().isNamed(), "not on the module path");
    check(SquashfsImage.class.getModule().getName().equals("io.github.squashtree.core"), "core");
    Path work = Files.createDirectories(Path.of(args[0]));
    WriterOptions xz = WriterOptions.defaults().withCompression(Compression.XZ, null);
    Tree tree =
        new TreeBuilder()
            .file("/etc/hostname", "box\n".getBytes(UTF_8), Attributes.FILE)
            .file("/etc/motd", "hello\n".getBytes(UTF_8), Attributes.FILE)
            .build();
    Path image = work.resolve("image.sqfs");
    SquashfsWriter.write(tree, image, xz);

    Path dir = work.resolve("dir");
    deleteTree(dir);
    try (SquashfsImage sqfs = SquashfsImage.open(image)) {
      check(sqfs.info().compression() == Compression.XZ, "xz");
      sqfs.extract("/", dir, ExtractOptions.forCurrentUser(false), ExtractListener.NONE);
    }
    Files.writeString(dir.resolve("etc/motd"), "changed\n");
    try (Tree base = SquashfsImage.open(image);
        Tree next = DirectoryTree.open(dir)) {
      DeltaLayer layer = DeltaLayer.plan(base, next, LayerOptions.defaults());
      check(
          layer.comparison().changes().stream()
              .anyMatch(c -> c.path().equals("/etc/motd") && c.kind() == ChangeKind.MODIFY),
          "layer: " + layer.comparison().changes());
      layer.write(work.resolve("layer.sqfs"), xz);
    }

    try {
      SquashfsWriter.write(
          tree,
          work.resolve("zstd.sqfs"),
          WriterOptions.defaults().withCompression(Compression.ZSTD, null));
      check(false, "zstd written without zstd-jni");
    } catch (MissingCodecException e) {
      check(e.artifact().equals("com.github.luben:zstd-jni"), e.getMessage());
    }
    // The image as a java.nio.file file system: core provides the squashfs provider.
    try (java.nio.file.FileSystem fs = java.nio.file.FileSystems.newFileSystem(image)) {
      check(fs.provider().getScheme().equals("squashfs"), "nio provider: " + fs.provider());
      check(fs.provider().getClass().getModule().getName().equals("io.github.squashtree.core"),
          "nio provider's module");
      check(Files.readString(fs.getPath("/etc/motd")).equals("hello\n"), "nio read");
    }
    System.out.println("consumer ok");
  }

  static void check(boolean ok, String what) {
    if (!ok) {
      throw new AssertionError(what);
    }
  }

  static void deleteTree(Path dir) throws IOException {
    if (Files.exists(dir)) {
      try (var paths = Files.walk(dir)) {
        for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
  }
}
