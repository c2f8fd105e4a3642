package io.github.squashtree.bench;

import io.github.squashtree.core.compression.Compression;
import io.github.squashtree.core.tree.TreeBuilder;
import io.github.squashtree.core.tree.TreeBuilder.Attributes;
import io.github.squashtree.core.write.SquashfsWriter;
import io.github.squashtree.core.write.WriterOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/**
 * A process that writes many small images one after the other, as a build daemon would, and prints
 * its resident memory every 50 images: what a writer leaves behind outside the heap.
 *
 * <pre>
 * java -Xmx2g -cp benchmarks/target/benchmarks.jar io.github.squashtree.bench.WriteLoop zstd 400
 * </pre>
 */
public final class WriteLoop {
  private WriteLoop() {}

  public static void main(String[] args) throws IOException {
    Compression codec = Compression.fromLabel(args[0]);
    int images = Integer.parseInt(args[1]);
    byte[] content = new byte[300_000];
    new Random(1).nextBytes(content);
    Path out = Files.createTempFile("squashtree-write-loop-", ".sqfs");
    try {
      for (int i = 1; i <= images; i++) {
        TreeBuilder tree = new TreeBuilder().file("/f", content, Attributes.FILE);
        SquashfsWriter.write(
            tree.build(), out, WriterOptions.defaults().withCompression(codec, null));
        if (i % 50 == 0) {
          System.out.println(i + " images: " + residentKib() + " KiB resident");
        }
      }
    } finally {
      Files.deleteIfExists(out);
    }
  }

  private static long residentKib() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("\\D", ""));
      }
    }
    return -1;
  }
}
