package io.github.squashtree.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.squashtree.fixtures.ProcessRunner;
import io.github.squashtree.fixtures.Require;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Names that would forge a line of output, steer the terminal or are not UTF-8, printed as the
 * familiar tools print them: {@code sqfs diff} as {@code rsync -ani}, {@code sqfs ls -b} as GNU
 * {@code ls -b}, line for line. Needs rsync, mksquashfs and ls.
 */
class NameEscapesIT {
  @TempDir Path tmp;

  /** Makes the names with bash's printf: a newline, ESC, a Latin-1 é, a tab, a literal "\#012". */
  private static void hostileNames(Path dir, String more) throws Exception {
    ProcessRunner.run(
        "bash",
        "-c",
        "cd \"$1\" && touch \"$(printf 'a\\nsqfs: all good\\e[1m')\" \"$(printf 'caf\\351')\""
            + " \"$(printf 'tab\\t')\" 'x\\#012y' 'p\\#q' \u00fcml"
            + " && ln -s \"$(printf 'tar\\nget')\" link"
            + more,
        "_",
        dir.toString());
  }

  @Test
  void hostileNamesAreItemizedAsRsyncItemizesThem() throws Exception {
    Require.tool("rsync");
    Path newDir = Files.createDirectory(tmp.resolve("new"));
    Path oldDir = Files.createDirectory(tmp.resolve("old"));
    hostileNames(newDir, "");
    FileTime t = FileTime.fromMillis(1_700_000_000_000L);
    Files.setLastModifiedTime(newDir, t);
    Files.setLastModifiedTime(oldDir, t);

    CliRun ours = CliRun.of("diff", newDir.toString(), oldDir.toString());
    List<String> rsync =
        ProcessRunner.run("rsync", "-ani", newDir + "/", oldDir + "/").stdoutLines();

    assertEquals(1, ours.code(), ours.err());
    assertEquals(7, rsync.size(), "" + rsync); // each name on a line of its own
    assertEquals(rsync.stream().sorted().toList(), ours.out().lines().sorted().toList());
  }

  @Test
  void hostileNamesAreListedAsLsBListsThem() throws Exception {
    Require.tool("mksquashfs");
    Path src = Files.createDirectory(tmp.resolve("src"));
    // and what ls -b escapes besides: a space, a backslash; DEL, a C1 control, BEL, CR in one
    hostileNames(
        src, " && touch 'sp ace' 'back\\slash' \"$(printf 'del\\177 c1\\302\\205 bel\\a cr\\r')\"");
    Path image = tmp.resolve("names.sqfs");
    ProcessRunner.run("mksquashfs", src.toString(), image.toString(), "-noappend", "-quiet");
    List<String> gnu =
        ProcessRunner.run("env", "LC_ALL=C.UTF-8", "ls", "-b", src.toString()).stdoutLines();

    CliRun ours = CliRun.of("ls", "-b", image.toString());
    assertEquals(0, ours.code(), ours.err());
    assertEquals(10, gnu.size(), "" + gnu); // each name on a line of its own
    assertEquals(gnu.stream().sorted().toList(), ours.out().lines().sorted().toList());

    // -l: the path and the symlink target, as ls -lb escapes them; piped without -b: the bytes
    String longLink = CliRun.of("ls", "-l", "-b", image.toString(), "/link").out();
    assertTrue(longLink.endsWith(" /link -> tar\\nget\n"), longLink);
    String raw = CliRun.of("ls", "-l", image.toString(), "/link").out();
    assertTrue(raw.endsWith(" /link -> tar\nget\n"), raw);
  }
}
