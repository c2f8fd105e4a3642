package io.github.squashtree.dist;

import io.github.squashtree.cli.Main;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * The training run of the class-data archive, in the jlinked runtime: the commands users run most,
 * over the demo image, in one JVM (one start instead of one per command keeps packaging fast).
 * Arguments: the demo image and a new directory to work in. A command that ends otherwise than
 * expected fails the build: the archive would then miss what that command loads.
 */
public final class Training {
  private Training() {}

  public static void main(String[] args) throws IOException {
    String demo = args[0];
    Path dir = Files.createDirectories(Path.of(args[1]));
    String out = dir.resolve("out").toString();
    String layer = dir.resolve("layer.sqfs").toString();
    String tar = dir.resolve("demo.tar").toString();
    List<Run> runs =
        List.of(
            new Run(0, "--help"),
            new Run(0, "help", "mk"),
            new Run(0, "info", demo),
            new Run(0, "info", "--json", demo),
            new Run(0, "ls", demo),
            new Run(0, "ls", "-l", "-R", demo),
            new Run(0, "ls", "--json", "-R", demo),
            new Run(0, "cat", demo, "/etc/hostname"),
            new Run(0, "verify", demo),
            new Run(0, "extract", demo, out),
            new Run(0, "diff", out, demo),
            new Run(0, "diff", "--checksum", "--format", "json", out, demo),
            new Run(0, "mk", out, dir.resolve("gzip.sqfs").toString()),
            new Run(0, "mk", "--comp", "zstd", out, dir.resolve("zstd.sqfs").toString()),
            new Run(0, "mk", "--comp", "xz", out, dir.resolve("xz.sqfs").toString()),
            new Run(0, "mk", "--comp", "lz4", out, dir.resolve("lz4.sqfs").toString()),
            new Run(0, "mk", "--comp", "lzo", out, dir.resolve("lzo.sqfs").toString()),
            new Run(0, "layer", out, demo, layer),
            new Run(0, "flatten", demo, "--layer", layer, dir.resolve("flat.sqfs").toString()),
            new Run(0, "tar", "-o", tar, demo),
            new Run(0, "mk", tar, dir.resolve("tar.sqfs").toString()),
            new Run(0, "completion", "bash"),
            new Run(2, "ls", dir.resolve("missing.sqfs").toString()));
    PrintStream sink =
        new PrintStream(OutputStream.nullOutputStream(), false, StandardCharsets.UTF_8);
    for (Run r : runs) {
      int code = Main.run(r.args, sink, System.err);
      if (code != r.expected) {
        throw new IllegalStateException(
            "training: sqfs " + Arrays.toString(r.args) + " exited " + code);
      }
    }
  }

  private record Run(int expected, String... args) {}
}
