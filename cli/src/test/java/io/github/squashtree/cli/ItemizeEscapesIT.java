package io.github.squashtree.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.squashtree.fixtures.ProcessRunner;
import io.github.squashtree.fixtures.Require;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Names that would forge a line of itemized output, steer the terminal or are not UTF-8: {@code
 * sqfs diff} prints them as {@code rsync -ani} does, line for line. Needs rsync.
 */
class ItemizeEscapesIT {
  @TempDir Path tmp;

  @Test
  void hostileNamesAreItemizedAsRsyncItemizesThem() throws Exception {
    Require.tool("rsync");
    Path newDir = Files.createDirectory(tmp.resolve("new"));
    Path oldDir = Files.createDirectory(tmp.resolve("old"));
    // bash's printf makes the bytes: a newline, ESC, a Latin-1 é, a tab, a literal "\#012".
    ProcessRunner.run(
        "bash",
        "-c",
        "cd \"$1\" && touch \"$(printf 'a\\nsqfs: all good\\e[1m')\" \"$(printf 'caf\\351')\""
            + " \"$(printf 'tab\\t')\" 'x\\#012y' 'p\\#q' \u00fcml"
            + " && ln -s \"$(printf 'tar\\nget')\" link",
        "_",
        newDir.toString());
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
}
