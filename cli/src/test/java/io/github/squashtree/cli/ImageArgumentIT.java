package io.github.squashtree.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.squashtree.core.tree.TreeBuilder;
import io.github.squashtree.core.tree.TreeBuilder.Attributes;
import io.github.squashtree.core.write.SquashfsWriter;
import io.github.squashtree.core.write.WriterOptions;
import io.github.squashtree.fixtures.ProcessRunner;
import io.github.squashtree.fixtures.Require;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every command that reads an IMAGE takes a regular file or a block device and refuses anything
 * else at once, naming it: a fifo once blocked forever, a directory gave "Is a directory" without
 * the path.
 */
class ImageArgumentIT {
  @TempDir Path tmp;
  Path image;
  Path tree;

  @BeforeEach
  void makeImage() throws Exception {
    image = tmp.resolve("small.sqfs");
    SquashfsWriter.write(
        new TreeBuilder()
            .file("/a", "hello\n".getBytes(StandardCharsets.UTF_8), Attributes.FILE)
            .build(),
        image,
        WriterOptions.defaults().withMkfsTime(OptionalLong.of(0)));
    tree = Files.createDirectories(tmp.resolve("tree"));
    Files.createDirectories(tmp.resolve("upper"));
  }

  /** Each way a command line names an image, with {@code bad} in that place. */
  private List<String[]> imageArguments(String bad) {
    String img = image.toString();
    String out = tmp.resolve("out.sqfs").toString();
    String dest = tmp.resolve("dest").toString();
    String t = tree.toString();
    return List.of(
        new String[] {"info", bad},
        new String[] {"ls", bad},
        new String[] {"cat", bad, "/a"},
        new String[] {"extract", bad, dest},
        new String[] {"verify", bad},
        new String[] {"mk", bad, out},
        new String[] {"diff", t, bad},
        new String[] {"diff", bad, img},
        new String[] {"diff", t, img, "--layer", bad},
        new String[] {"layer", t, bad, out},
        new String[] {"apply", t, bad, tmp.resolve("upper").toString(), "-n"},
        new String[] {"flatten", bad, "--layer", img, out},
        new String[] {"flatten", img, "--layer", bad, out});
  }

  @Test
  void fifoIsRefusedAtOnceNamingIt() throws Exception {
    Path fifo = tmp.resolve("a-fifo");
    ProcessRunner.run("mkfifo", fifo.toString()).stdout();
    for (String[] args : imageArguments(fifo.toString())) {
      CliRun r = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> CliRun.of(args));
      assertRefused(r, fifo + ": is a fifo", args);
    }
  }

  @Test
  void characterDeviceIsRefusedNamingIt() throws Exception {
    Path dev = Path.of("/dev/null");
    for (String[] args : imageArguments(dev.toString())) {
      CliRun r = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> CliRun.of(args));
      assertRefused(r, "/dev/null: is a character device", args);
    }
  }

  @Test
  void directoryWhereOnlyAnImageFitsIsRefusedNamingIt() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("a-dir"));
    for (String[] args :
        List.of(
            new String[] {"info", dir.toString()},
            new String[] {"ls", dir.toString()},
            new String[] {"cat", dir.toString(), "/a"},
            new String[] {"extract", dir.toString(), tmp.resolve("d").toString()},
            new String[] {"verify", dir.toString()})) {
      assertRefused(CliRun.of(args), dir + ": is a directory", args);
    }
  }

  /** A non-image is a usage error (2), not corruption (1), however short or long it is. */
  @Test
  void verifyOfANonImageExitsTwoWhateverItsSize() throws Exception {
    for (int size : new int[] {0, 1, 3, 95, 96, 4096, 1 << 20}) {
      byte[] junk = new byte[size];
      new java.util.Random(size).nextBytes(junk);
      if (size >= 4) {
        junk[0] = 'x'; // never the magic by chance
      }
      Path file = Files.write(tmp.resolve("junk-" + size), junk);
      CliRun r = CliRun.of("verify", file.toString());
      assertEquals(2, r.code(), size + ": " + r.err());
      assertTrue(r.err().startsWith("sqfs: " + file + ": "), r.err());
      assertEquals(1, r.err().lines().count(), r.err());
    }
  }

  /** Images written straight to a partition are read from the block device. */
  @Test
  void blockDeviceIsReadAsAnImage() throws Exception {
    Require.root();
    String device =
        ProcessRunner.run("losetup", "--find", "--show", "--read-only", image.toString())
            .stdout()
            .trim();
    try {
      List<String[]> runs = new ArrayList<>();
      runs.add(new String[] {"info", device});
      runs.add(new String[] {"verify", device});
      runs.add(new String[] {"cat", device, "/a"});
      runs.add(new String[] {"extract", device, tmp.resolve("dest").toString()});
      runs.add(new String[] {"diff", tmp.resolve("dest").toString(), device});
      for (String[] args : runs) {
        CliRun r = CliRun.of(args);
        assertEquals(0, r.code(), String.join(" ", args) + ": " + r.err());
      }
      assertEquals("hello\n", CliRun.of("cat", device, "/a").out());
    } finally {
      ProcessRunner.run("losetup", "-d", device).stdout();
    }
  }

  private static void assertRefused(CliRun r, String expected, String[] args) {
    String line = String.join(" ", args);
    assertEquals(2, r.code(), line + ": " + r.err());
    assertTrue(r.err().startsWith("sqfs: " + expected), line + ": " + r.err());
    assertEquals(1, r.err().lines().count(), line + ": " + r.err());
  }
}
