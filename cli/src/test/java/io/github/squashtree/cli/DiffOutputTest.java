package io.github.squashtree.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.squashtree.core.internal.host.HostFileSystem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sqfs diff} in each output format, and {@code sqfs sync} with and without {@code
 * --dry-run}, on two small directories: OLD has {@code d/}, {@code f1}, {@code f2}, {@code l ->
 * f1}; NEW has {@code d/} with mode 0700, {@code f1} with one byte changed (same size and mtime),
 * no {@code f2}, a new {@code f3}, and {@code l -> f3}. All other times are equal.
 */
class DiffOutputTest {
  private static final Instant T = Instant.ofEpochSecond(1_700_000_000L, 123_456_789);

  @TempDir Path tmp;
  Path oldDir;
  Path newDir;

  @BeforeEach
  void trees() throws IOException {
    oldDir = Files.createDirectory(tmp.resolve("old"));
    newDir = Files.createDirectory(tmp.resolve("new"));
    for (Path r : List.of(oldDir, newDir)) {
      Files.createDirectory(r.resolve("d"));
      Files.writeString(r.resolve("f1"), r == oldDir ? "hello\n" : "hellO\n");
    }
    Files.writeString(oldDir.resolve("f2"), "gone\n");
    Files.writeString(newDir.resolve("f3"), "new\n");
    Files.createSymbolicLink(oldDir.resolve("l"), Path.of("f1"));
    Files.createSymbolicLink(newDir.resolve("l"), Path.of("f3"));
    Files.setPosixFilePermissions(
        newDir.resolve("d"), PosixFilePermissions.fromString("rwx------"));
    for (Path r : List.of(oldDir, newDir)) {
      try (Stream<Path> all = Files.walk(r)) {
        for (Path p : (Iterable<Path>) all::iterator) {
          HostFileSystem.get().setTimes(p, T); // symlinks too, not what they point to
        }
      }
    }
  }

  private CliRun diff(String... options) {
    String[] args = new String[options.length + 3];
    args[0] = "diff";
    System.arraycopy(options, 0, args, 1, options.length);
    args[options.length + 1] = newDir.toString();
    args[options.length + 2] = oldDir.toString();
    return CliRun.of(args);
  }

  @Test
  void itemizeLooksLikeRsync() {
    CliRun r = diff("--checksum");
    assertEquals(1, r.code(), r.err());
    assertEquals(
        String.join(
            "\n",
            ".d...p..... d/",
            ">fc........ f1",
            "*deleting   f2",
            ">f+++++++++ f3",
            "cLc........ l -> f3",
            ""),
        r.out());
  }

  @Test
  void theQuickCheckMissesTheSameSizeSameTimeEdit() {
    CliRun r = diff("--format", "paths");
    assertEquals(1, r.code(), r.err());
    assertEquals("d\nf2\nf3\nl\n", r.out());
  }

  @Test
  void jsonIsOneObjectALine() {
    CliRun r = diff("--checksum", "--format", "json");
    assertEquals(1, r.code(), r.err());
    List<String> lines = r.out().lines().toList();
    assertEquals(
        List.of(
            "{\"path\":\"d\",\"change\":\"metadata\",\"type\":\"dir\",\"fields\":[\"mode\"],"
                + "\"old\":{\"mode\":493},\"new\":{\"mode\":448}}",
            "{\"path\":\"f1\",\"change\":\"modify\",\"type\":\"file\",\"fields\":[\"content\"]}",
            "{\"path\":\"f2\",\"change\":\"delete\",\"type\":\"file\",\"fields\":[]}",
            "{\"path\":\"f3\",\"change\":\"add\",\"type\":\"file\",\"fields\":[]}",
            "{\"path\":\"l\",\"change\":\"metadata\",\"type\":\"symlink\",\"fields\":[\"target\"],"
                + "\"old\":{\"target\":\"f1\"},\"new\":{\"target\":\"f3\"}}"),
        lines,
        r.out());
  }

  @Test
  void pathsSeparatedByNulWithDash0() {
    CliRun r = diff("--checksum", "--format", "paths", "-0");
    assertEquals(1, r.code(), r.err());
    assertEquals("d\0f1\0f2\0f3\0l\0", r.out());
  }

  @Test
  void equalTreesExitZeroAndPrintNothing() {
    CliRun r = CliRun.of("diff", "--checksum", newDir.toString(), newDir.toString());
    assertEquals(0, r.code(), r.err());
    assertEquals("", r.out());
  }

  @Test
  void aMissingTreeIsAnError() {
    CliRun r = CliRun.of("diff", newDir.toString(), tmp.resolve("nowhere").toString());
    assertEquals(2, r.code());
    SqfsCommandsIT.assertOneErrorLine(r);
  }

  @Test
  void syncDryRunChangesNothing() throws IOException {
    Map<String, String> before = snapshot(oldDir);
    CliRun r = CliRun.of("sync", "--dry-run", "--checksum", newDir.toString(), oldDir.toString());
    assertEquals(0, r.code(), r.err());
    assertEquals(diff("--checksum").out(), r.out());
    assertEquals(before, snapshot(oldDir));
  }

  @Test
  void syncMakesTheTreesEqual() throws IOException {
    Map<String, String> newBefore = snapshot(newDir);
    CliRun r = CliRun.of("sync", "--checksum", newDir.toString(), oldDir.toString());
    assertEquals(0, r.code(), r.err());
    CliRun after = diff("--checksum");
    assertEquals(0, after.code(), after.out());
    assertEquals(newBefore, snapshot(newDir), "sync changed NEW_TREE");
    assertTrue(Files.readString(oldDir.resolve("f1")).equals("hellO\n"));
  }

  /** Every entry with its mode, mtime, ctime and content or target: any write shows. */
  private static Map<String, String> snapshot(Path root) throws IOException {
    Map<String, String> out = new TreeMap<>();
    try (Stream<Path> all = Files.walk(root)) {
      for (Path p : (Iterable<Path>) all::iterator) {
        Map<String, Object> a =
            Files.readAttributes(p, "unix:mode,lastModifiedTime,ctime", LinkOption.NOFOLLOW_LINKS);
        String what =
            Files.isSymbolicLink(p)
                ? Files.readSymbolicLink(p).toString()
                : Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)
                    ? Arrays.toString(Files.readAllBytes(p))
                    : "";
        out.put(
            root.relativize(p).toString(),
            a.get("mode") + " " + a.get("lastModifiedTime") + " " + a.get("ctime") + " " + what);
      }
    }
    return out;
  }
}
