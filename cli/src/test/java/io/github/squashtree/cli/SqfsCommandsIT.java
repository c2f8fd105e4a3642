package io.github.squashtree.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.squashtree.core.internal.host.HostFileSystem;
import io.github.squashtree.fixtures.Mksquashfs;
import io.github.squashtree.fixtures.ProcessRunner;
import io.github.squashtree.fixtures.Require;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sqfs commands against images made by mksquashfs, compared with what unsquashfs prints and
 * extracts. Needs mksquashfs, unsquashfs and setfattr; device nodes need root.
 */
class SqfsCommandsIT {
  private static final String UNICODE = "\u00fcn\u00ef\u20ac\uD83D\uDE00";

  @TempDir static Path tmp;
  static Path src;
  static Path image;
  static boolean specials;
  static byte[] big;

  @BeforeAll
  static void makeImage() throws Exception {
    Require.tool("mksquashfs");
    Require.tool("unsquashfs");
    Require.tool("setfattr");
    src = Files.createDirectory(tmp.resolve("src"));
    Files.writeString(src.resolve("a.txt"), "hello\n");
    ProcessRunner.run("setfattr", "-n", "user.foo", "-v", "bar", src.resolve("a.txt").toString())
        .stdout();
    Files.createLink(src.resolve("hard"), src.resolve("a.txt"));
    Files.createSymbolicLink(src.resolve("link"), Path.of("a.txt"));
    Path dir = Files.createDirectories(src.resolve("dir/sub"));
    StringBuilder text = new StringBuilder();
    for (int i = 0; text.length() < 300_000; i++) {
      text.append("line ").append(i * 7919 % 10007).append('\n');
    }
    big = text.toString().getBytes(StandardCharsets.UTF_8);
    Files.write(src.resolve("dir/big"), big);
    Files.writeString(src.resolve("dir/" + UNICODE), "unicode\n");
    Files.writeString(src.resolve("dir/quote\"back\\slash"), "q\n");
    Files.writeString(src.resolve("exe"), "#!/bin/sh\n");
    Files.setAttribute(src.resolve("exe"), "unix:mode", 04755);
    Files.createDirectory(src.resolve("sticky"));
    Files.setAttribute(src.resolve("sticky"), "unix:mode", 01777);
    Files.setAttribute(src.resolve("dir/sub"), "unix:mode", 02750);
    specials = HostFileSystem.get().isPrivileged();
    if (specials) {
      ProcessRunner.run("mknod", src.resolve("blk").toString(), "b", "8", "1").stdout();
      ProcessRunner.run("mknod", src.resolve("chr").toString(), "c", "4", "64").stdout();
      ProcessRunner.run("mkfifo", src.resolve("fifo").toString()).stdout();
      Files.setAttribute(src.resolve("dir/big"), "unix:uid", 1000);
      Files.setAttribute(src.resolve("dir/big"), "unix:gid", 1000);
    }
    long t = 1_600_000_000L;
    try (Stream<Path> all = Files.walk(src)) {
      for (Path p : all.sorted().toList()) {
        // Not through symlinks, and not on fifos or devices: the JDK opens those to set times.
        if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)
            || Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
          Files.setLastModifiedTime(p, FileTime.from(java.time.Instant.ofEpochSecond(t += 61)));
        }
      }
    }
    image = mksquashfs(src, tmp.resolve("all-types-gzip.sqfs"));
  }

  @Test
  void infoPrintsWhatUnsquashfsStatPrints() throws Exception {
    CliRun r = CliRun.of("info", image.toString());
    assertEquals(0, r.code(), r.err());
    assertEquals(ProcessRunner.run("unsquashfs", "-s", image.toString()).stdout(), r.out());
  }

  /**
   * Plain info decodes each codec's options as unsquashfs -s prints them: images of mksquashfs with
   * options that are not the defaults, so that the options are stored and printed.
   */
  @Test
  void infoPrintsCompressorOptionsAsUnsquashfsStat() throws Exception {
    String[][] cases = {
      {
        "gzip",
        "-Xcompression-level",
        "6",
        "-Xwindow-size",
        "14",
        "-Xstrategy",
        "filtered,run_length_encoded"
      },
      {"xz", "-Xbcj", "x86,arm", "-Xdict-size", "32K"},
      {"lzo", "-Xalgorithm", "lzo1x_999", "-Xcompression-level", "7"},
      {"lzo", "-Xalgorithm", "lzo1x_1_15"},
      {"lz4", "-Xhc"},
      {"zstd", "-Xcompression-level", "19"}
    };
    for (String[] c : cases) {
      List<String> options = new ArrayList<>(List.of("-comp"));
      options.addAll(List.of(c));
      Path withOptions =
          mksquashfs(
              src,
              tmp.resolve("options-" + String.join("", c) + ".sqfs"),
              options.toArray(String[]::new));
      String stat = ProcessRunner.run("unsquashfs", "-s", withOptions.toString()).stdout();
      CliRun r = CliRun.of("info", withOptions.toString());
      assertEquals(0, r.code(), r.err());
      assertEquals(stat, r.out(), String.join(" ", c));
    }
  }

  @Test
  void infoJsonIsOneObject() throws Exception {
    CliRun r = CliRun.of("info", "--json", image.toString());
    assertEquals(0, r.code(), r.err());
    String json = r.out();
    assertTrue(json.startsWith("{") && json.endsWith("}\n"), json);
    assertEquals(1, json.split("\n").length);
    for (String field :
        List.of(
            "\"compression\":\"gzip\"",
            "\"block_size\":131072",
            "\"exportable\":true",
            "\"flags\":[\"duplicates\",\"exportable\"]",
            "\"bytes_used\":" + bytesUsed(image))) {
      assertTrue(json.contains(field), field + " in " + json);
    }
  }

  @Test
  void lsJsonDescribesEveryType() {
    CliRun r = CliRun.of("ls", "-R", "--json", image.toString());
    assertEquals(0, r.code(), r.err());
    Map<String, String> byPath = new TreeMap<>();
    for (String line : r.out().split("\n")) {
      assertTrue(line.startsWith("{\"path\":\"/") && line.endsWith("}"), line);
      for (String key :
          List.of("type", "mode", "uid", "gid", "mtime", "inode", "nlink", "xattrs")) {
        assertTrue(line.contains("\"" + key + "\":"), key + " in " + line);
      }
      byPath.put(line.substring(9, line.indexOf("\",\"type\":")), line);
    }
    assertHas(byPath.get("/"), "\"type\":\"dir\"", "\"mode\":493", "\"xattrs\":{}");
    assertHas(
        byPath.get("/a.txt"),
        "\"type\":\"file\"",
        "\"mode\":420",
        "\"size\":6",
        "\"nlink\":2",
        "\"xattrs\":{\"user.foo\":\"YmFy\"}");
    assertHas(byPath.get("/link"), "\"type\":\"symlink\"", "\"target\":\"a.txt\"");
    assertHas(byPath.get("/exe"), "\"mode\":2541");
    assertHas(byPath.get("/sticky"), "\"mode\":1023");
    assertHas(byPath.get("/dir/sub"), "\"mode\":1512");
    assertTrue(byPath.containsKey("/dir/" + UNICODE), byPath.keySet().toString());
    assertTrue(byPath.containsKey("/dir/quote\\\"back\\\\slash"), byPath.keySet().toString());
    if (specials) {
      assertHas(
          byPath.get("/blk"), "\"type\":\"blockdev\"", "\"rdev_major\":8", "\"rdev_minor\":1");
      assertHas(
          byPath.get("/chr"), "\"type\":\"chardev\"", "\"rdev_major\":4", "\"rdev_minor\":64");
      assertHas(byPath.get("/fifo"), "\"type\":\"fifo\"");
      assertHas(byPath.get("/dir/big"), "\"uid\":1000", "\"gid\":1000", "\"size\":" + big.length);
    }
  }

  /**
   * {@code sqfs ls -lR} prints unsquashfs -lls's lines, with paths absolute in the image ("/",
   * "/a") where unsquashfs prefixes its extraction directory ("squashfs-root", "squashfs-root/a").
   */
  @Test
  void lsLongMatchesUnsquashfsLls() throws Exception {
    CliRun r = CliRun.of("ls", "-lR", image.toString());
    assertEquals(0, r.code(), r.err());
    String theirs = ProcessRunner.run("unsquashfs", "-lls", image.toString()).stdout();
    assertEquals(theirs, asUnsquashfsPaths(r.out()));
    CliRun numeric = CliRun.of("ls", "-lR", "--numeric", image.toString());
    assertEquals(
        ProcessRunner.run("unsquashfs", "-lln", image.toString()).stdout(),
        asUnsquashfsPaths(numeric.out()));
  }

  @Test
  void lsWithoutRecursionListsChildrenOrTheEntry() throws Exception {
    CliRun root = CliRun.of("ls", image.toString());
    List<String> expected = new ArrayList<>();
    try (Stream<Path> s = Files.list(src)) {
      s.map(p -> p.getFileName().toString()).sorted().forEach(expected::add);
    }
    assertEquals(String.join("\n", expected) + "\n", root.out());
    assertEquals("big\nquote\"back\\slash\nsub\n" + UNICODE + "\n", sortedLines(image, "/dir"));
    assertEquals("/dir/big\n", CliRun.of("ls", image.toString(), "/dir/big").out());
    CliRun missing = CliRun.of("ls", image.toString(), "/nope");
    assertEquals(2, missing.code());
    assertOneErrorLine(missing);
  }

  @Test
  void catWritesFileContent() {
    CliRun r = CliRun.of("cat", image.toString(), "/dir/big");
    assertEquals(0, r.code(), r.err());
    assertArrayEquals(big, r.stdout());
    assertEquals("hello\n", CliRun.of("cat", image.toString(), "/a.txt").out());
    CliRun link = CliRun.of("cat", image.toString(), "/link");
    assertEquals(2, link.code());
    assertOneErrorLine(link);
    CliRun dir = CliRun.of("cat", image.toString(), "/dir");
    assertEquals(2, dir.code());
    assertOneErrorLine(dir);
  }

  /**
   * Extraction matches unsquashfs -d: types, modes, mtimes, contents, symlink targets, hard links.
   * Devices and fifos are left out: the core's MetadataApplier opens them (see the report).
   */
  @Test
  void extractMatchesUnsquashfs() throws Exception {
    Path plain = mksquashfs(src, tmp.resolve("no-specials.sqfs"), "-e", "blk", "chr", "fifo");
    Path ours = tmp.resolve("ours");
    Path theirs = tmp.resolve("theirs");
    CliRun r = CliRun.of("extract", plain.toString(), ours.toString());
    assertEquals(0, r.code(), r.err());
    assertEquals(
        "created 5 files, 4 directories, 1 symlinks, 0 devices/fifos/sockets, 1 hard links\n",
        r.out());
    ProcessRunner.run("unsquashfs", "-q", "-n", "-d", theirs.toString(), plain.toString());
    assertEquals(describe(theirs), describe(ours));
  }

  /** Devices and fifos as unsquashfs -d makes them (as root). */
  @Test
  @org.junit.jupiter.api.Timeout(60)
  void extractOfSpecialFilesMatchesUnsquashfs() throws Exception {
    Require.root();
    Path ours = tmp.resolve("ours-specials");
    Path theirs = tmp.resolve("theirs-specials");
    CliRun r = CliRun.of("extract", image.toString(), ours.toString());
    assertEquals(0, r.code(), r.err());
    ProcessRunner.run("unsquashfs", "-q", "-n", "-d", theirs.toString(), image.toString());
    assertEquals(describe(theirs), describe(ours));
  }

  @Test
  void extractOfASubtreeKeepsItsPath() throws Exception {
    Path plain = mksquashfs(src, tmp.resolve("no-specials-sub.sqfs"), "-e", "blk", "chr", "fifo");
    Path out = tmp.resolve("sub-out");
    CliRun r = CliRun.of("extract", plain.toString(), out.toString(), "/dir/sub");
    assertEquals(0, r.code(), r.err());
    assertTrue(Files.isDirectory(out.resolve("dir/sub")));
    assertTrue(Files.notExists(out.resolve("a.txt")));
  }

  @Test
  void verifyAcceptsAGoodImage() {
    CliRun r = CliRun.of("verify", image.toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains(": OK: "), r.out());
  }

  @Test
  void verifyNamesACorruptDataBlock() throws Exception {
    Path one = Files.createDirectory(tmp.resolve("one-file"));
    Files.write(one.resolve("data.txt"), big);
    Path good = mksquashfs(one, tmp.resolve("one-file-gzip.sqfs"));
    Path bad = tmp.resolve("one-file-gzip-data-fail.sqfs");
    Files.copy(good, bad);
    try (RandomAccessFile f = new RandomAccessFile(bad.toFile(), "rw")) {
      // The first data block starts right after the 96-byte superblock.
      byte[] junk = new byte[64];
      Arrays.fill(junk, (byte) 0xA5);
      f.seek(96 + 200);
      f.write(junk);
    }
    assertEquals(0, CliRun.of("verify", good.toString()).code());
    CliRun r = CliRun.of("verify", bad.toString());
    assertEquals(1, r.code(), r.out());
    assertOneErrorLine(r);
    assertTrue(r.err().contains("/data.txt"), r.err());

    Path out = tmp.resolve("one-file-out");
    CliRun x = CliRun.of("extract", bad.toString(), out.toString());
    assertEquals(2, x.code(), x.out());
    assertOneErrorLine(x);
    assertTrue(x.err().startsWith("sqfs: " + bad + ": "), x.err()); // which image is bad
    assertTrue(Files.notExists(out), "a failed extraction leaves nothing behind");
  }

  @Test
  void aNameThatWouldForgeALineOrSteerTheTerminalIsEscapedInTheMessage() throws Exception {
    Path one = Files.createDirectory(tmp.resolve("hostile-name"));
    String name = "evil\nsqfs: all good\u001b[1m\\";
    Files.write(one.resolve(name), big);
    Path bad = mksquashfs(one, tmp.resolve("hostile-name-gzip.sqfs"));
    try (RandomAccessFile f = new RandomAccessFile(bad.toFile(), "rw")) {
      f.seek(96 + 200); // into the file's first data block, as above
      f.write(new byte[64]);
    }
    CliRun r = CliRun.of("verify", bad.toString());
    assertEquals(1, r.code(), r.out());
    assertOneErrorLine(r);
    assertTrue(r.err().contains(": corrupt: /evil\\x0asqfs: all good\\x1b[1m\\\\: "), r.err());
  }

  @Test
  void aFileThatIsNoImageIsABadInput() throws Exception {
    Path text = Files.writeString(tmp.resolve("not-an-image.txt"), "just some text\n".repeat(20));
    for (String cmd : List.of("verify", "info", "ls")) {
      CliRun r = CliRun.of(cmd, text.toString());
      assertEquals(2, r.code(), cmd);
      assertOneErrorLine(r);
      assertTrue(r.err().contains("not a SquashFS image"), r.err());
    }
  }

  @Test
  void debugShowsTheStackTrace() throws Exception {
    Path text = Files.writeString(tmp.resolve("not-an-image-2.txt"), "just some text, long enough");
    CliRun r = CliRun.of("--debug", "info", text.toString());
    assertEquals(2, r.code());
    assertTrue(r.err().contains("SquashfsFormatException") && r.err().contains("\tat "), r.err());
    CliRun after = CliRun.of("info", "--debug", text.toString());
    assertTrue(after.err().contains("\tat "), after.err());
  }

  private static void assertHas(String line, String... parts) {
    assertTrue(line != null, "missing entry");
    for (String p : parts) {
      assertTrue(line.contains(p), p + " in " + line);
    }
  }

  static void assertOneErrorLine(CliRun r) {
    assertTrue(r.err().startsWith("sqfs: ") && r.err().endsWith("\n"), r.err());
    assertEquals(1, r.err().split("\n").length, r.err());
  }

  private static String sortedLines(Path image, String path) {
    return CliRun.of("ls", image.toString(), path).out();
  }

  private static String asUnsquashfsPaths(String ours) {
    StringBuilder b = new StringBuilder();
    for (String line : ours.split("\n", -1)) {
      if (line.isEmpty()) {
        continue;
      }
      int at = line.indexOf(" /");
      String rest = line.substring(at + 2);
      b.append(line, 0, at + 1)
          .append("squashfs-root")
          .append(rest.isEmpty() || rest.startsWith(" ") ? "" : "/")
          .append(rest)
          .append('\n');
    }
    return b.toString();
  }

  /** bytes_used as unsquashfs -s reports it ("Filesystem size N bytes"). */
  private static String bytesUsed(Path p) throws Exception {
    String stat = ProcessRunner.run("unsquashfs", "-s", p.toString()).stdout();
    int at = stat.indexOf("Filesystem size ") + "Filesystem size ".length();
    return stat.substring(at, stat.indexOf(' ', at));
  }

  /** Every entry under a root: type and mode, mtime, content or target, link count. */
  static Map<String, String> describe(Path root) throws IOException {
    Map<String, String> out = new TreeMap<>();
    try (Stream<Path> s = Files.walk(root)) {
      for (Path p : s.toList()) {
        Map<String, Object> a = Files.readAttributes(p, "unix:*", LinkOption.NOFOLLOW_LINKS);
        String what =
            Integer.toOctalString((Integer) a.get("mode"))
                + " uid="
                + a.get("uid")
                + " gid="
                + a.get("gid")
                + " nlink="
                + a.get("nlink")
                + " mtime="
                + ((FileTime) a.get("lastModifiedTime")).toInstant().getEpochSecond();
        if (Files.isSymbolicLink(p)) {
          what += " -> " + Files.readSymbolicLink(p);
        } else if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
          what += " sha=" + Arrays.hashCode(Files.readAllBytes(p));
          what +=
              " xattrs="
                  + ProcessRunner.run("getfattr", "-d", "--absolute-names", p.toString())
                      .stdout()
                      .lines()
                      .filter(l -> !l.startsWith("#"))
                      .collect(Collectors.joining(";"));
        }
        out.put("/" + root.relativize(p), what);
      }
    }
    return out;
  }

  /** Makes an image of a directory with mksquashfs; {@code extra} are more options. */
  private static Path mksquashfs(Path source, Path image, String... extra) throws IOException {
    Require.tool("mksquashfs");
    Mksquashfs.make(source, image, List.of(extra));
    return image;
  }
}
