package consumer;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.github.squashtree.core.MissingCodecException;
import io.github.squashtree.core.compression.Compression;
import io.github.squashtree.core.image.ExtractListener;
import io.github.squashtree.core.image.ExtractOptions;
import io.github.squashtree.core.image.ExtractResult;
import io.github.squashtree.core.image.SquashfsImage;
import io.github.squashtree.core.tree.Entry;
import io.github.squashtree.core.tree.Tree;
import io.github.squashtree.core.tree.TreeBuilder;
import io.github.squashtree.core.tree.TreeBuilder.Attributes;
import io.github.squashtree.core.write.SquashfsWriter;
import io.github.squashtree.core.write.WriteResult;
import io.github.squashtree.core.write.WriterOptions;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/** Writes an image, reads it, extracts it; and sees a missing codec named. Prints "consumer ok". */
public final class Consumer {
  public static void main(String[] args) throws IOException {
    Path work = Files.createDirectories(Path.of(args[0]));
    byte[] data = new byte[1_000_000];
    Arrays.fill(data, 500_000, 600_000, (byte) 7);
    Tree tree =
        new TreeBuilder()
            .file("/etc/hostname", "box\n".getBytes(UTF_8), Attributes.FILE)
            .file("/data.bin", data, Attributes.FILE)
            .symlink("/link", "etc/hostname", Attributes.SYMLINK)
            .build();
    Path image = work.resolve("image.sqfs");
    Files.deleteIfExists(image);
    WriteResult written = SquashfsWriter.write(tree, image, WriterOptions.defaults());
    check(written.files() == 2 && written.sparseBlocks() > 0, "write: " + written);

    try (SquashfsImage sqfs = SquashfsImage.open(image)) {
      Entry hostname = sqfs.lookup("/etc/hostname").orElseThrow();
      try (InputStream in = sqfs.open(hostname)) {
        check(new String(in.readAllBytes(), UTF_8).equals("box\n"), "read");
      }
      byte[] b = new byte[2];
      sqfs.read(sqfs.lookup("/data.bin").orElseThrow(), 599_999, b, 0, 2);
      check(b[0] == 7 && b[1] == 0, "positional read");
      Path out = work.resolve("out");
      deleteTree(out);
      ExtractResult r =
          sqfs.extract("/", out, ExtractOptions.forCurrentUser(false), ExtractListener.NONE);
      check(r.files() == 2 && Arrays.equals(Files.readAllBytes(out.resolve("data.bin")), data),
          "extract: " + r);
      check(Files.readSymbolicLink(out.resolve("link")).toString().equals("etc/hostname"), "link");
    }

    // No codec library is on this class path: xz names the artifact to add.
    try {
      SquashfsWriter.write(
          tree,
          work.resolve("xz.sqfs"),
          WriterOptions.defaults().withCompression(Compression.XZ, null));
      check(false, "xz written without org.tukaani:xz");
    } catch (MissingCodecException e) {
      check(e.artifact().equals("org.tukaani:xz"), e.getMessage());
    }
    // The image as a java.nio.file file system, found through META-INF/services.
    try (java.nio.file.FileSystem fs = java.nio.file.FileSystems.newFileSystem(image)) {
      check(fs.provider().getScheme().equals("squashfs"), "nio provider: " + fs.provider());
      check(Files.readString(fs.getPath("/link")).equals("box\n"), "nio read");
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
