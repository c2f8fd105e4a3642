package io.github.squashtree.examples;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.github.squashtree.core.compression.Compression;
import io.github.squashtree.core.host.DirectoryTree;
import io.github.squashtree.core.tree.Tree;
import io.github.squashtree.core.tree.TreeBuilder;
import io.github.squashtree.core.tree.TreeBuilder.Attributes;
import io.github.squashtree.core.write.SquashfsWriter;
import io.github.squashtree.core.write.WriteListener;
import io.github.squashtree.core.write.WriteResult;
import io.github.squashtree.core.write.WriterOptions;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.OptionalLong;

/** Writes images: java WriteImage SOURCE_DIR OUT_DIR (makes OUT_DIR/dir.sqfs and built.sqfs). */
public final class WriteImage {
  public static void main(String[] args) throws IOException {
    Path out = Path.of(args[1]);

    // A directory on disk, as mksquashfs would write it (gzip, 128 KiB blocks).
    try (Tree source = DirectoryTree.open(Path.of(args[0]))) {
      WriteResult r =
          SquashfsWriter.write(source, out.resolve("dir.sqfs"), WriterOptions.defaults());
      System.out.println(r.files() + " files, " + r.imageBytes() + " bytes");
    }

    // A tree made in memory: no staging directory, no root needed for owners or devices.
    byte[] big = new byte[300_000];
    Tree built =
        new TreeBuilder()
            .file("/etc/hostname", "box\n".getBytes(UTF_8), Attributes.FILE)
            .file("/opt/data.bin", big.length, () -> new ByteArrayInputStream(big), Attributes.FILE)
            .directory("/home/app", Attributes.of(0750).owner(1000, 1000))
            .symlink("/etc/localtime", "/usr/share/zoneinfo/UTC", Attributes.SYMLINK)
            .hardLink("/etc/hostname.bak", "/etc/hostname")
            .charDevice("/dev/null", 1, 3, Attributes.of(0666))
            .build();
    WriterOptions options =
        WriterOptions.defaults()
            .withCompression(Compression.GZIP, null)
            .withMkfsTime(OptionalLong.of(0)); // the same tree gives the same bytes
    WriteListener progress =
        new WriteListener() {
          private long bytes;

          @Override
          public void bytesRead(long n) {
            bytes += n;
          }

          @Override
          public void warning(String message) {
            System.err.println("warning: " + message);
          }

          @Override
          public String toString() {
            return bytes + " bytes read";
          }
        };
    WriteResult r = SquashfsWriter.write(built, out.resolve("built.sqfs"), options, progress);
    System.out.println(
        progress + ", " + r.dataBlocks() + " blocks, " + r.sparseBlocks() + " holes");
  }
}
