package io.github.squashtree.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.squashtree.core.image.SquashfsImage;
import io.github.squashtree.fixtures.ProcessRunner;
import io.github.squashtree.fixtures.Require;
import io.github.squashtree.fixtures.TreeAssertions;
import io.github.squashtree.fixtures.TreeComparison;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sqfs mk} from tar archives and OCI layers, {@code sqfs tar}: round trips and errors. */
class TarCommandIT {
  @TempDir Path tmp;

  private Path tree() throws Exception {
    Path src = Files.createDirectories(tmp.resolve("src"));
    Files.createDirectories(src.resolve("etc/conf.d"));
    Files.writeString(src.resolve("etc/hostname"), "box\n");
    Files.writeString(src.resolve("etc/conf.d/net"), "dhcp\n".repeat(10_000));
    Files.createLink(src.resolve("etc/hostname.bak"), src.resolve("etc/hostname"));
    Files.createSymbolicLink(src.resolve("etc/localtime"), Path.of("/usr/share/zoneinfo/UTC"));
    ProcessRunner.run("truncate", "-s", "1M", src.resolve("sparse").toString());
    return src;
  }

  private static CliRun withStdin(byte[] in, String... args) {
    InputStream old = System.in;
    System.setIn(new ByteArrayInputStream(in));
    try {
      return CliRun.of(args);
    } finally {
      System.setIn(old);
    }
  }

  @Test
  void anImageThroughTarAndBackIsTheSameTree() throws Exception {
    Path image = tmp.resolve("a.sqfs");
    assertEquals(0, CliRun.of("mk", tree().toString(), image.toString()).code());
    CliRun tar = CliRun.of("tar", image.toString());
    assertEquals(0, tar.code(), tar.err());
    Path back = tmp.resolve("back.sqfs");
    CliRun mk = withStdin(tar.stdout(), "mk", "-", back.toString());
    assertEquals(0, mk.code(), mk.err());
    try (SquashfsImage a = SquashfsImage.open(image);
        SquashfsImage b = SquashfsImage.open(back)) {
      TreeAssertions.assertTreesEqual(a, b, TreeComparison.strict());
      long[] ranges = b.storedRanges(b.lookup("/sparse").orElseThrow());
      assertEquals(0, ranges.length, "the all-hole file stays all holes");
    }
    // -o FILE holds the same archive.
    Path file = tmp.resolve("out.tar");
    assertEquals(0, CliRun.of("tar", image.toString(), "-o", file.toString()).code());
    assertEquals(-1, java.util.Arrays.mismatch(tar.stdout(), Files.readAllBytes(file)));
    assertEquals(
        "rw-r--r--",
        java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
  }

  @Test
  void aBadArchiveFailsInOneLineAndLeavesNoImage() throws Exception {
    Path image = tmp.resolve("out.sqfs");
    byte[] evil = tarOf("../escape", "x");
    Path archive = tmp.resolve("evil.tar");
    Files.write(archive, evil);
    CliRun run = CliRun.of("mk", archive.toString(), image.toString());
    assertEquals(2, run.code());
    assertEquals(
        "sqfs: " + archive + ": ../escape (at byte 0): name with a '..' component\n", run.err());
    CliRun fromStdin = withStdin(evil, "mk", "-", image.toString());
    assertEquals(2, fromStdin.code());
    assertTrue(fromStdin.err().startsWith("sqfs: stdin: ../escape (at byte 0)"), fromStdin.err());
    try (Stream<Path> left = Files.list(tmp)) {
      assertEquals(List.of(archive), left.toList());
    }
  }

  /** A one-member archive made by GNU tar's rules, with a name tar itself would refuse. */
  private byte[] tarOf(String name, String content) throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("make"));
    Files.writeString(dir.resolve("x"), content);
    Path out = tmp.resolve("made.tar");
    ProcessRunner.run(
        List.of(
            "tar",
            "-cf",
            out.toString(),
            "-C",
            dir.toString(),
            "--transform=s|^x$|" + name + "|",
            "-P",
            "x"),
        Duration.ofMinutes(1),
        0);
    byte[] b = Files.readAllBytes(out);
    Files.delete(out);
    ProcessRunner.run("rm", "-r", dir.toString());
    return b;
  }

  @Test
  void aDeltaLayerBecomesAnOciLayerAndBack() throws Exception {
    Require.tool("tar");
    Path base = tmp.resolve("base.sqfs");
    Path src = tree();
    assertEquals(0, CliRun.of("mk", src.toString(), base.toString()).code());
    Files.delete(src.resolve("etc/hostname.bak"));
    ProcessRunner.run("rm", "-r", src.resolve("etc/conf.d").toString());
    Files.createDirectories(src.resolve("etc/conf.d"));
    Files.writeString(src.resolve("etc/conf.d/new"), "fresh\n");
    Files.delete(src.resolve("sparse")); // a directory where a file was: opaque in the layer
    Files.createDirectories(src.resolve("sparse"));
    Files.writeString(src.resolve("sparse/inside"), "now a directory\n");
    for (String style : new String[] {"char", "xattr"}) {
      Path layer = tmp.resolve("layer-" + style + ".sqfs");
      CliRun made =
          CliRun.of(
              "layer", src.toString(), base.toString(), layer.toString(), "--whiteouts", style);
      assertEquals(0, made.code(), made.err());
      CliRun tar = CliRun.of("tar", "--oci-whiteouts", layer.toString());
      assertEquals(0, tar.code(), tar.err());
      String listing = listing(tar.stdout());
      assertTrue(listing.contains("./etc/.wh.hostname.bak\n"), listing);
      // net is gone: deleted by its own whiteout or by an opaque conf.d, as the planner chooses.
      assertTrue(
          listing.contains("./etc/conf.d/.wh.net\n")
              || listing.contains("./etc/conf.d/.wh..wh..opq\n"),
          listing);
      assertTrue(listing.contains("./sparse/.wh..wh..opq\n"), listing);
      assertFalse(listing.contains("overlay"), listing);
      Path back = tmp.resolve("back-" + style + ".sqfs");
      CliRun mk =
          withStdin(
              tar.stdout(), "mk", "-", back.toString(), "--oci-whiteouts", "--whiteouts", style);
      assertEquals(0, mk.code(), mk.err());
      try (SquashfsImage a = SquashfsImage.open(layer);
          SquashfsImage b = SquashfsImage.open(back)) {
        TreeAssertions.assertTreesEqual(a, b, TreeComparison.strict());
      }
    }
  }

  private String listing(byte[] archive) throws Exception {
    Path file = tmp.resolve("listing.tar");
    Files.write(file, archive);
    String out = ProcessRunner.run("tar", "-tf", file.toString()).stdout();
    Files.delete(file);
    return out;
  }

  @Test
  void tarRefusesATerminalAndNamesAMissingPath() throws Exception {
    Path image = tmp.resolve("a.sqfs");
    assertEquals(0, CliRun.of("mk", tree().toString(), image.toString()).code());
    CliRun missing =
        CliRun.of("tar", image.toString(), "/nope", "-o", tmp.resolve("x.tar").toString());
    assertEquals(2, missing.code());
    assertTrue(missing.err().contains("/nope"), missing.err());
    assertFalse(Files.exists(tmp.resolve("x.tar")));
    CliRun sub = CliRun.of("tar", image.toString(), "/etc/conf.d");
    assertEquals(0, sub.code(), sub.err());
    assertEquals("./\n./etc/\n./etc/conf.d/\n./etc/conf.d/net\n", listing(sub.stdout()));
    assertEquals(
        "box\n", new String(CliRun.of("cat", image.toString(), "/etc/hostname").stdout(), UTF_8));
  }

  @Test
  void anOutputIsNeverClobberedAndTheImageIsRefused() throws Exception {
    Path image = tmp.resolve("a.sqfs");
    assertEquals(0, CliRun.of("mk", tree().toString(), image.toString()).code());
    byte[] expected = CliRun.of("tar", image.toString()).stdout();

    // a private archive behind a symlink: the file it names is replaced, mode kept, link kept
    Path real = tmp.resolve("private.tar");
    Files.writeString(real, "old");
    Files.setPosixFilePermissions(real, PosixFilePermissions.fromString("rw-------"));
    Path link = Files.createSymbolicLink(tmp.resolve("link.tar"), real.getFileName());
    CliRun viaLink = CliRun.of("tar", image.toString(), "-o", link.toString());
    assertEquals(0, viaLink.code(), viaLink.err());
    assertTrue(Files.isSymbolicLink(link));
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(real)));
    assertEquals(listing(expected), listing(Files.readAllBytes(real)));

    // a character device and a FIFO are written as streams, never replaced
    CliRun devNull = CliRun.of("tar", image.toString(), "-o", "/dev/null");
    assertEquals(0, devNull.code(), devNull.err());
    assertEquals(
        "character special file",
        ProcessRunner.run("stat", "-c", "%F", "/dev/null").stdout().strip());
    Path fifo = tmp.resolve("fifo");
    assertEquals(0, ProcessRunner.run("mkfifo", fifo.toString()).exitCode());
    CompletableFuture<byte[]> read =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return Files.readAllBytes(fifo);
              } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
              }
            });
    CliRun toFifo = CliRun.of("tar", image.toString(), "-o", fifo.toString());
    assertEquals(0, toFifo.code(), toFifo.err());
    assertEquals(listing(expected), listing(read.get(60, TimeUnit.SECONDS)));
    assertEquals("fifo", ProcessRunner.run("stat", "-c", "%F", fifo.toString()).stdout().strip());

    // the image as its own archive: refused before anything is written
    byte[] imageBytes = Files.readAllBytes(image);
    CliRun self = CliRun.of("tar", image.toString(), "-o", image.toString());
    assertEquals(2, self.code());
    assertTrue(self.err().contains("is the image being read"), self.err());
    assertEquals(1, self.err().lines().count(), self.err());
    assertTrue(java.util.Arrays.equals(imageBytes, Files.readAllBytes(image)));
    try (Stream<Path> left = Files.list(tmp)) {
      assertEquals(
          List.of(), left.filter(q -> q.getFileName().toString().endsWith(".partial")).toList());
    }
  }
}
