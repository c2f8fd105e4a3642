package io.github.squashtree.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.squashtree.fixtures.ProcessRunner;
import io.github.squashtree.fixtures.Require;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The OUT of mk, layer and flatten: never one of the command's inputs ({@code sqfs layer NEW
 * base.sqfs base.sqfs} once replaced the base with the delta), a block device written in place
 * (once replaced by a regular file), a 0600 image kept 0600, a symlink kept a symlink.
 */
class OutputArgumentIT {
  @TempDir Path tmp;
  Path newTree;
  Path base;
  Path layer;

  @BeforeEach
  void makeImages() throws Exception {
    Path old = Files.createDirectory(tmp.resolve("old"));
    Files.writeString(old.resolve("a"), "a\n");
    newTree = Files.createDirectory(tmp.resolve("new"));
    Files.writeString(newTree.resolve("a"), "changed\n");
    base = tmp.resolve("base.sqfs");
    layer = tmp.resolve("layer.sqfs");
    assertEquals(0, CliRun.of("mk", old.toString(), base.toString()).code());
    assertEquals(
        0, CliRun.of("layer", newTree.toString(), base.toString(), layer.toString()).code());
  }

  @Test
  void anOutputThatIsAnInputIsRefusedBeforeAnythingIsWritten() throws Exception {
    byte[] baseBytes = Files.readAllBytes(base);
    byte[] layerBytes = Files.readAllBytes(layer);
    Path alias = Files.createSymbolicLink(tmp.resolve("alias.sqfs"), base.getFileName());
    Path hard = Files.createLink(tmp.resolve("hard.sqfs"), layer);
    String n = newTree.toString();
    String b = base.toString();
    String l = layer.toString();
    for (String[] args :
        List.of(
            new String[] {"layer", n, b, b},
            new String[] {"layer", n, b, alias.toString()},
            new String[] {"layer", n, b, "--layer", l, hard.toString()},
            new String[] {"flatten", b, "--layer", l, l},
            new String[] {"flatten", b, "--layer", l, alias.toString()},
            new String[] {"mk", b, b},
            new String[] {"mk", l, hard.toString()})) {
      CliRun r = CliRun.of(args);
      assertEquals(2, r.code(), String.join(" ", args) + ": " + r.err());
      assertTrue(r.err().contains(", an input of this command"), r.err());
      assertEquals(1, r.err().lines().count(), r.err());
    }
    assertArrayEquals(baseBytes, Files.readAllBytes(base));
    assertArrayEquals(layerBytes, Files.readAllBytes(layer));
    assertEquals(List.of(), partialFiles());
    // Updating an image in place is what --append is for.
    Path more = Files.createDirectory(tmp.resolve("more"));
    Files.writeString(more.resolve("b"), "b\n");
    assertEquals(0, CliRun.of("mk", more.toString(), b, "--append").code());
    assertEquals("b\n", CliRun.of("cat", b, "/b").out());
  }

  @Test
  void aPrivateImageStaysPrivateAndALinkStaysALink() throws Exception {
    Files.setAttribute(base, "unix:mode", 0600);
    Path link = Files.createSymbolicLink(tmp.resolve("current.sqfs"), base.getFileName());
    CliRun r = CliRun.of("mk", newTree.toString(), link.toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(Files.isSymbolicLink(link));
    assertEquals(0600, (Integer) Files.getAttribute(base, "unix:mode") & 07777);
    assertEquals("changed\n", CliRun.of("cat", base.toString(), "/a").out());
  }

  /** mksquashfs writes an image into a partition: so does mk, and the node stays a node. */
  @Test
  void anImageIsWrittenIntoABlockDevice() throws Exception {
    Require.root();
    Path disk = tmp.resolve("disk");
    Files.write(disk, new byte[4 << 20]);
    String device =
        ProcessRunner.run("losetup", "--find", "--show", disk.toString()).stdout().trim();
    try {
      CliRun r = CliRun.of("mk", newTree.toString(), device);
      assertEquals(0, r.code(), r.err());
      assertTrue(
          Files.exists(Path.of(device))
              && !Files.isRegularFile(Path.of(device), LinkOption.NOFOLLOW_LINKS),
          "still a device node");
      assertEquals("changed\n", CliRun.of("cat", device, "/a").out());
      assertEquals(0, CliRun.of("verify", device).code());
      assertEquals(4 << 20, Files.size(disk));
      byte[] head = Arrays4.head(disk);
      assertArrayEquals("hsqs".getBytes(StandardCharsets.US_ASCII), head);
    } finally {
      ProcessRunner.run("losetup", "-d", device);
    }
  }

  @Test
  void aFifoOrCharacterDeviceIsRefusedAsOutput() throws Exception {
    Path fifo = tmp.resolve("fifo");
    ProcessRunner.run("mkfifo", fifo.toString());
    for (String out : new String[] {fifo.toString(), "/dev/null"}) {
      CliRun r = CliRun.of("mk", newTree.toString(), out);
      assertEquals(2, r.code(), r.err());
      assertTrue(r.err().startsWith("sqfs: " + out + ": is a "), r.err());
      assertTrue(r.err().contains("an image goes to a file or a block device"), r.err());
    }
  }

  private List<Path> partialFiles() throws Exception {
    try (Stream<Path> s = Files.list(tmp)) {
      return s.filter(p -> p.getFileName().toString().endsWith(".partial")).toList();
    }
  }

  /** The first four bytes of a file. */
  private static final class Arrays4 {
    static byte[] head(Path p) throws Exception {
      try (var in = Files.newInputStream(p)) {
        return in.readNBytes(4);
      }
    }
  }
}
