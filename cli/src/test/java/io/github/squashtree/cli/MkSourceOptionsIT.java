package io.github.squashtree.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.squashtree.core.image.ImageInfo;
import io.github.squashtree.core.image.ReaderOptions;
import io.github.squashtree.core.image.SquashfsImage;
import io.github.squashtree.fixtures.Mksquashfs;
import io.github.squashtree.fixtures.ProcessRunner;
import io.github.squashtree.fixtures.Require;
import io.github.squashtree.fixtures.TreeAssertions;
import io.github.squashtree.fixtures.TreeComparison;
import io.github.squashtree.fixtures.Unsquashfs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sqfs mk}'s filters, pseudo definitions, owners, offsets and appending, each against
 * mksquashfs with the same options on the same tree: the {@code unsquashfs -lln} listings and the
 * content of the two images are equal.
 */
class MkSourceOptionsIT {
  private static final long T = 1_600_000_000L;

  @TempDir Path tmp;
  private Path src;

  @BeforeEach
  void tree() throws Exception {
    Require.tool("mksquashfs");
    src = tmp.resolve("src");
    for (String f :
        List.of(
            "proc/1/status",
            "proc/self/status",
            "var/cache/apt/pkgcache.bin",
            "var/log/syslog.log",
            "etc/passwd",
            "etc/shadow",
            "etc/ssl/certs/a.pem",
            "top.log",
            "usr/lib/python3/a.pyc",
            "usr/lib/python3/a.py")) {
      Path p = src.resolve(f);
      Files.createDirectories(p.getParent());
      Files.writeString(p, "content of " + f + "\n".repeat(f.length()));
    }
    Files.createSymbolicLink(src.resolve("etc/localtime"), Path.of("/usr/share/zoneinfo/UTC"));
    Files.createDirectories(src.resolve("tmp"));
    try (Stream<Path> all = Files.walk(src)) {
      for (Path p : all.toList()) {
        Files.setLastModifiedTime(p, FileTime.from(Instant.ofEpochSecond(T)));
      }
    }
  }

  private Path ours(String name, String... options) {
    Path image = tmp.resolve(name);
    List<String> args = new ArrayList<>(List.of("mk", src.toString(), image.toString()));
    args.addAll(Arrays.asList(options));
    CliRun run = CliRun.of(args.toArray(String[]::new));
    assertEquals(0, run.code(), run.err());
    return image;
  }

  private Path theirs(Path source, String name, String... options) throws Exception {
    Path image = tmp.resolve(name);
    Mksquashfs.make(source, image, List.of(options));
    return image;
  }

  /** Equal listings (unsquashfs -lln) and equal content, owners, modes, times and xattrs. */
  private static void assertSameImages(Path expected, Path actual) throws Exception {
    assertEquals(Unsquashfs.listLongNumeric(expected), Unsquashfs.listLongNumeric(actual));
    try (SquashfsImage e = SquashfsImage.open(expected);
        SquashfsImage a = SquashfsImage.open(actual)) {
      TreeAssertions.assertTreesEqual(e, a, TreeComparison.strict());
    }
  }

  @Test
  void excludesMatchMksquashfsWildcards() throws Exception {
    Path theirs =
        theirs(src, "theirs.sqfs", "-wildcards", "-e", "proc/*", "var/cache", "*.log", "etc/s*");
    Path ours =
        ours(
            "ours.sqfs",
            "--exclude",
            "proc/*",
            "--exclude",
            "var/cache",
            "--exclude",
            "*.log",
            "--exclude",
            "etc/s*");
    assertSameImages(theirs, ours);
    assertTrue(Unsquashfs.listLongNumeric(ours).stream().anyMatch(l -> l.endsWith("syslog.log")));
    // the same patterns from a file, with a comment
    Path patterns = tmp.resolve("excludes");
    Files.writeString(patterns, "# what a build leaves out\nproc/*\nvar/cache\n\n*.log\netc/s*\n");
    assertSameImages(theirs, ours("file.sqfs", "--exclude-from", patterns.toString()));
  }

  @Test
  void includesAndDoubleStarsMatchRsyncsFilterRules() throws Exception {
    Require.tool("rsync");
    Path copy = tmp.resolve("rsynced");
    ProcessRunner.run(
        "rsync",
        "-a",
        "--include=/proc/self",
        "--exclude=/proc/*",
        "--exclude=/var/cache/**",
        "--exclude=**/*.pyc",
        "--exclude=/tmp/",
        src + "/",
        copy.toString());
    Files.setLastModifiedTime(copy, FileTime.from(Instant.ofEpochSecond(T)));
    Path theirs = theirs(copy, "theirs.sqfs");
    Path ours =
        ours(
            "ours.sqfs",
            "--include",
            "proc/self",
            "--exclude",
            "proc/*",
            "--exclude",
            "var/cache/**",
            "--exclude",
            "**/*.pyc",
            "--exclude",
            "tmp/");
    assertSameImages(theirs, ours);
  }

  @Test
  void pseudoDefinitionsMatchMksquashfs() throws Exception {
    String[] defs = {
      "/dev d 755 0 0",
      "/dev/console c 600 0 5 5 1",
      "/dev/sda b 660 0 6 8 0",
      "/run/initctl i 600 0 0 f",
      "/run/sock i 666 0 0 s",
      "/etc/passwd m 600 1000 100",
      "/etc/ssl m 700 1 1",
      "/etc/ssl/certs/b.pem s 0 0 0 a.pem",
      "\"/with space\" d 700 0 0",
      "/nowhere/x c 600 0 0 1 1",
      "/etc/shadow c 600 0 0 1 1",
    };
    List<String> theirOptions = new ArrayList<>(List.of("-all-time", "1700000000"));
    List<String> ourOptions = new ArrayList<>(List.of("--all-time", "1700000000"));
    for (String d : defs) {
      theirOptions.addAll(List.of("-p", d));
      ourOptions.addAll(List.of("--pseudo", d));
    }
    Path theirs = theirs(src, "theirs.sqfs", theirOptions.toArray(String[]::new));
    Path image = tmp.resolve("ours.sqfs");
    List<String> args = new ArrayList<>(List.of("mk", src.toString(), image.toString()));
    args.addAll(ourOptions);
    CliRun run = CliRun.of(args.toArray(String[]::new));
    assertEquals(0, run.code(), run.err());
    assertTrue(run.err().contains("'/etc/shadow c 600 0 0 1 1' ignored"), run.err());
    assertTrue(run.err().contains("'/nowhere/x c 600 0 0 1 1' ignored"), run.err());
    assertSameImages(theirs, image);
  }

  @Test
  void timedPseudoDefinitionsFromAFileMatchMksquashfs() throws Exception {
    Path file = tmp.resolve("pseudo");
    Files.writeString(
        file,
        "# devices\n"
            + "/dev D 1000000000 755 0 0\n"
            + "/dev/null C 1000000001 666 0 0 \\\n  1 3\n"
            + "/etc/passwd M 1000000002 640 0 42\n"
            + "/lnk S 1000000003 0 0 0 etc/passwd\n"
            + "/fifo I 1000000004 600 0 0 f\n");
    assertSameImages(
        theirs(src, "theirs.sqfs", "-pf", file.toString()),
        ours("ours.sqfs", "--pseudo-file", file.toString()));
  }

  @Test
  void aCommandDefinitionIsRefusedWithOneLine() {
    CliRun run =
        CliRun.of(
            "mk", src.toString(), tmp.resolve("x.sqfs").toString(), "--pseudo", "/f f 644 0 0 id");
    assertEquals(Main.FAILURE, run.code());
    assertTrue(run.err().contains("runs no commands"), run.err());
    assertEquals(1, run.err().lines().count(), run.err());
    assertTrue(Files.notExists(tmp.resolve("x.sqfs")));
  }

  @Test
  void rootModeRootOwnerAndForcedOwnerMatchMksquashfs() throws Exception {
    assertSameImages(
        theirs(src, "theirs.sqfs", "-root-mode", "700", "-root-uid", "5", "-root-gid", "6"),
        ours("ours.sqfs", "--root-mode", "700", "--root-owner", "5:6"));
    assertSameImages(
        theirs(
            src,
            "theirs2.sqfs",
            "-root-mode",
            "750",
            "-force-uid",
            "7",
            "-force-gid",
            "8",
            "-root-uid",
            "5"),
        ours("ours2.sqfs", "--root-mode", "750", "--force-owner", "7:8", "--root-owner", "5:"));
    assertSameImages(
        theirs(src, "theirs3.sqfs", "-force-gid", "9"), ours("ours3.sqfs", "--force-owner", ":9"));
  }

  @Test
  void anImageAtAnOffsetIsWrittenAfterTheKeptBytesAndReadBack() throws Exception {
    byte[] prefix = new byte[5000];
    Arrays.fill(prefix, (byte) 'A');
    Path host = tmp.resolve("host.bin");
    Files.write(host, prefix);
    ours("host.bin", "--offset", "5000");
    byte[] all = Files.readAllBytes(host);
    assertArrayEquals(prefix, Arrays.copyOf(all, 5000), "the bytes before the offset are kept");
    assertEquals(0, (all.length - 5000) % 4096, "the image, not the file, is padded to 4K");
    Path plain = ours("plain.sqfs");
    // unsquashfs -o reads ours as it reads a plain image
    assertEquals(
        Unsquashfs.listLongNumeric(plain),
        ProcessRunner.run("unsquashfs", "-o", "5000", "-lln", host.toString())
            .stdout()
            .lines()
            .filter(l -> l.matches("^[-dlbcps][-rwxsStT]{9} .*"))
            .toList());
    try (SquashfsImage a = SquashfsImage.open(host, ReaderOptions.defaults().withOffset(5000));
        SquashfsImage b = SquashfsImage.open(plain)) {
      TreeAssertions.assertTreesEqual(b, a, TreeComparison.strict());
    }

    // mksquashfs -o writes an image that every reading command finds with --offset
    Path theirs = tmp.resolve("theirs.bin");
    ProcessRunner.run(
        "mksquashfs",
        src.toString(),
        theirs.toString(),
        "-o",
        "8K",
        "-noappend",
        "-quiet",
        "-no-progress");
    String t = theirs.toString();
    assertEquals(0, CliRun.of("info", t, "--offset", "8K").code());
    CliRun ls = CliRun.of("ls", t, "-R", "--offset", "8192");
    assertTrue(ls.out().contains("/etc/passwd"), ls.out());
    CliRun cat = CliRun.of("cat", t, "/etc/passwd", "-o", "8192");
    assertEquals(Files.readString(src.resolve("etc/passwd")), cat.out());
    assertEquals(0, CliRun.of("verify", t, "--offset", "8192").code());
    Path out = tmp.resolve("extracted");
    assertEquals(0, CliRun.of("extract", t, out.toString(), "--offset", "8192").code());
    assertEquals(
        Files.readString(src.resolve("etc/shadow")), Files.readString(out.resolve("etc/shadow")));
    CliRun diff = CliRun.of("diff", src.toString(), t, "--offset", "8192");
    assertEquals(0, diff.code(), diff.out() + diff.err());
    CliRun wrong = CliRun.of("ls", t, "--offset", "100");
    assertEquals(Main.FAILURE, wrong.code());
  }

  @Test
  void appendingAddsSourceAsMksquashfsDoesWhereNamesDoNotClash() throws Exception {
    Path more = tmp.resolve("more");
    Files.createDirectories(more.resolve("opt/app"));
    Files.writeString(more.resolve("opt/app/run"), "#!/bin/sh\n");
    Files.writeString(more.resolve("README"), "added\n");
    try (Stream<Path> all = Files.walk(more)) {
      for (Path p : all.toList()) {
        Files.setLastModifiedTime(p, FileTime.from(Instant.ofEpochSecond(T + 10)));
      }
    }
    Path theirs = theirs(src, "theirs.sqfs");
    ProcessRunner.run("mksquashfs", more.toString(), theirs.toString(), "-quiet", "-no-progress");
    Path ours = ours("ours.sqfs", "-b", "64K", "--comp", "zstd");
    CliRun run = CliRun.of("mk", more.toString(), ours.toString(), "--append");
    assertEquals(0, run.code(), run.err());
    try (SquashfsImage image = SquashfsImage.open(ours)) {
      assertEquals(65536, image.info().blockSize(), "the image's settings are kept");
    }
    try (SquashfsImage e = SquashfsImage.open(theirs);
        SquashfsImage a = SquashfsImage.open(ours)) {
      // mksquashfs gives the root the clock's time when appending; everything else is equal
      TreeAssertions.assertTreesEqual(e, a, TreeComparison.strict().ignoreDirectoryMtimes());
    }
    assertEquals(
        Unsquashfs.listLongNumeric(theirs).subList(1, Unsquashfs.listLongNumeric(theirs).size()),
        Unsquashfs.listLongNumeric(ours).subList(1, Unsquashfs.listLongNumeric(ours).size()));
  }

  /**
   * A tar archive of the tree takes every option the tree takes, with the same result: filters,
   * pseudo definitions, owners, root, times, codec and block settings, tables, offset.
   */
  @Test
  void aTarArchiveOfTheTreeTakesTheSameOptionsWithTheSameResult() throws Exception {
    Require.tool("tar");
    Path archive = tmp.resolve("src.tar");
    ProcessRunner.run(
        "tar", "--format=posix", "-C", src.toString(), "-cf", archive.toString(), ".");
    List<List<String>> optionSets =
        List.of(
            List.of(
                "--exclude=/proc/*",
                "--exclude=**/*.pyc",
                "--exclude=/var/cache/**",
                "--pseudo",
                "/dev d 755 0 0",
                "--pseudo",
                "/dev/console c 600 0 5 5 1",
                "--pseudo",
                "/etc/passwd m 600 1000 100",
                "--root-mode",
                "700",
                "--force-owner",
                "7:8",
                "--comp",
                "xz",
                "-b",
                "64K",
                "--no-fragments",
                "--all-time",
                "1700000000",
                "--mkfs-time",
                "1700000001"),
            List.of(
                "--all-root",
                "--comp",
                "zstd",
                "--level",
                "3",
                "--always-fragments",
                "--no-xattrs",
                "--no-exports",
                "--no-dedup",
                "--mkfs-time",
                "1700000002",
                "--offset",
                "8192"));
    int n = 0;
    for (List<String> options : optionSets) {
      n++;
      Path fromTree = tmp.resolve("tree-" + n + ".sqfs");
      Path fromTar = tmp.resolve("tar-" + n + ".sqfs");
      for (Path[] run : new Path[][] {{src, fromTree}, {archive, fromTar}}) {
        List<String> args = new ArrayList<>(List.of("mk", run[0].toString(), run[1].toString()));
        args.addAll(options);
        CliRun mk = CliRun.of(args.toArray(String[]::new));
        assertEquals(0, mk.code(), options + ": " + mk.err());
      }
      ReaderOptions read =
          ReaderOptions.defaults().withOffset(options.contains("--offset") ? 8192 : 0);
      try (SquashfsImage e = SquashfsImage.open(fromTree, read);
          SquashfsImage a = SquashfsImage.open(fromTar, read)) {
        TreeAssertions.assertTreesEqual(e, a, TreeComparison.strict());
        ImageInfo ei = e.info();
        ImageInfo ai = a.info();
        assertEquals(
            List.of(
                ei.compression(),
                ei.compressorOptions(),
                ei.blockSize(),
                ei.modificationTime(),
                ei.inodeCount(),
                ei.idCount(),
                ei.xattrIdCount(),
                ei.flags()),
            List.of(
                ai.compression(),
                ai.compressorOptions(),
                ai.blockSize(),
                ai.modificationTime(),
                ai.inodeCount(),
                ai.idCount(),
                ai.xattrIdCount(),
                ai.flags()),
            options.toString());
        // The options did something: the test is not of two default images.
        if (n == 1) {
          assertTrue(a.lookup("/usr/lib/python3/a.pyc").isEmpty());
          assertTrue(a.lookup("/proc/1").isEmpty());
          assertEquals(7, a.lookup("/etc/shadow").orElseThrow().metadata().uid());
          assertTrue(a.lookup("/dev/console").isPresent());
          assertEquals(65536, ai.blockSize());
          assertEquals(0, ai.fragmentCount());
        } else {
          assertEquals(0, a.lookup("/etc/shadow").orElseThrow().metadata().uid());
          assertTrue(ai.fragmentCount() > 0);
        }
      }
    }
  }

  @Test
  void appendingLetsSourceWinWhereMksquashfsRenames() throws Exception {
    Path more = tmp.resolve("more");
    Files.createDirectories(more.resolve("etc"));
    Files.writeString(more.resolve("etc/passwd"), "new passwd\n");
    Files.writeString(more.resolve("etc/hosts"), "hosts\n");
    Path ours = ours("ours.sqfs");
    assertEquals(0, CliRun.of("mk", more.toString(), ours.toString(), "--append").code());
    try (SquashfsImage a = SquashfsImage.open(ours)) {
      assertTrue(a.lookup("/etc/shadow").isPresent(), "directories merge");
      assertTrue(a.lookup("/etc/hosts").isPresent());
      try (var in = a.open(a.lookup("/etc/passwd").orElseThrow())) {
        assertEquals("new passwd\n", new String(in.readAllBytes(), UTF_8));
      }
      assertTrue(a.lookup("/etc_1").isEmpty(), "no renamed copy, unlike mksquashfs");
    }
    CliRun refused = CliRun.of("mk", more.toString(), ours.toString(), "--append", "--comp", "xz");
    assertEquals(Main.FAILURE, refused.code());
    assertTrue(refused.err().contains("--comp cannot be used with --append"), refused.err());
  }
}
