package io.github.squashtree.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.squashtree.core.tree.TreeBuilder;
import io.github.squashtree.core.tree.TreeBuilder.Attributes;
import io.github.squashtree.core.write.SquashfsWriter;
import io.github.squashtree.core.write.WriterOptions;
import io.github.squashtree.fixtures.ToolResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Out of memory is exit 2 with one line saying how to raise the heap, not a stack trace and exit 1
 * ("corruption found"), whether the command's own thread runs out or a compressing worker does.
 */
class OutOfMemoryIT {
  private static final Pattern LINE =
      Pattern.compile(
          "sqfs: out of memory: the Java heap of \\d+ MiB is too small for this; give it more,"
              + " e\\.g\\. SQFS_JAVA_OPTS=-Xmx\\d+[mg]\n");

  @TempDir Path tmp;

  /** mk holds a node per entry: 150,000 of them do not fit in 24 MiB. */
  @Test
  void outOfMemoryInTheCommandIsOneLineAndExitTwo() throws Exception {
    TreeBuilder b = new TreeBuilder();
    for (int d = 0; d < 300; d++) {
      for (int f = 0; f < 500; f++) {
        b.file("/d" + d + "/f" + f, new byte[0], Attributes.FILE);
      }
    }
    Path image = tmp.resolve("many.sqfs");
    SquashfsWriter.write(
        b.build(), image, WriterOptions.defaults().withMkfsTime(OptionalLong.of(0)));
    ToolResult r =
        SqfsProcess.run(
            List.of("-Xmx24m"), "mk", image.toString(), tmp.resolve("out.sqfs").toString());
    assertEquals(2, r.exitCode(), r.stderr());
    assertTrue(LINE.matcher(r.stderr()).matches(), r.stderr());
    assertTrue(r.stderr().contains("Xmx24m") || r.stderr().contains("heap of 2"), r.stderr());
  }

  /**
   * xz with 1 MiB blocks needs about 12 MiB per compressing thread: at 56 MiB a worker runs out,
   * and its error reaches the command as the cause of the write's failure.
   */
  @Test
  void outOfMemoryInAWorkerIsTheSameLine() throws Exception {
    Path src = Files.createDirectories(tmp.resolve("src"));
    byte[] random = new byte[30 << 20];
    new Random(1).nextBytes(random);
    Files.write(src.resolve("big"), random);
    String[] args = {
      "mk",
      src.toString(),
      tmp.resolve("x.sqfs").toString(),
      "--comp",
      "xz",
      "-b",
      "1M",
      "--processors",
      "2",
      "--no-progress"
    };
    ToolResult r = SqfsProcess.run(List.of("-Xmx56m"), args);
    assertEquals(2, r.exitCode(), r.stderr());
    assertTrue(LINE.matcher(r.stderr()).matches(), r.stderr());
    String[] debug = java.util.Arrays.copyOf(args, args.length + 1);
    debug[args.length] = "--debug";
    ToolResult traced = SqfsProcess.run(List.of("-Xmx56m"), debug);
    assertEquals(2, traced.exitCode(), traced.stderr());
    // Usually a worker runs out ("compression failed: ...OutOfMemoryError" in the trace); on a
    // loaded machine the command's thread may run out first while it fills a block. Either way
    // the run ends with the same line.
    assertTrue(traced.stderr().contains("java.lang.OutOfMemoryError"), traced.stderr());
    assertTrue(traced.stderr().endsWith("SQFS_JAVA_OPTS=-Xmx64m\n"), traced.stderr());
  }
}
