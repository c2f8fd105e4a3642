package io.github.squashtree.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.squashtree.fixtures.ProcessRunner;
import io.github.squashtree.fixtures.Require;
import io.github.squashtree.fixtures.ToolResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keeps the README's first command true: {@code examples/demo.sh} runs (with the jar this build
 * made) and shows what it says it shows: the minimal change, rsync -ac touching every sub-second
 * file, rsync -a missing the same-size same-second edit, sqfs sync touching only the changes, and
 * as root the kernel part with exactly the changed entries in the upper dir.
 */
class DemoScriptIT {
  private static final Path REPO = Path.of("").toAbsolutePath().getParent();

  @Test
  void demoShowsTheMinimalChange(@TempDir Path work) throws IOException {
    Require.tool("mksquashfs");
    Require.tool("rsync");
    Path script = REPO.resolve("examples/demo.sh");
    assertTrue(Files.isExecutable(script), script + " is not executable");
    ToolResult r =
        ProcessRunner.run(
            List.of("bash", script.toString(), work.resolve("demo").toString()),
            Duration.ofMinutes(5));
    String out = r.stdout();
    // The demo images T0 with our own writer; the kernel part then mounts that image.
    assertTrue(out.contains("imaged by sqfs mk"), out);
    assertTrue(out.contains(">fc........ etc/conf-07.conf\n"), out);
    assertTrue(out.contains("*deleting   usr/share/doc/pkg-05/\n"), out);
    assertTrue(out.contains("minimal change: 12 changes (exit status 1)\n"), out);
    int rsyncChecksum = touched(out, "rsync -ac --delete T1/ VIEW/", "yes");
    touched(out, "rsync -a --delete T1/ VIEW/", "NO: etc/conf-07.conf differs");
    int sync = touched(out, "sqfs sync --checksum T1 VIEW", "yes");
    assertTrue(sync <= 12, "sqfs sync touched " + sync);
    assertTrue(rsyncChecksum > 200, "rsync -ac touched only " + rsyncChecksum);
    if (Require.isRoot() && !out.contains("kernel part skipped")) {
      assertTrue(out.contains("upper dir after sqfs sync --checksum: 14 entries"), out);
      assertTrue(out.contains("merged view equals T1: yes\n"), out);
    } else if (Require.requireAll()) {
      assertTrue(Require.isRoot() && !out.contains("kernel part skipped"), out);
    }
  }

  /**
   * On a machine with only Java and Maven the demo runs through: without rsync (and without apt-get
   * to install it) its rows say they were skipped, the rest is shown as usual.
   */
  @Test
  void demoRunsThroughWithoutRsync(@TempDir Path work) throws IOException {
    Path bin = Files.createDirectories(work.resolve("bin"));
    for (String dir : System.getenv("PATH").split(":")) {
      Path d = Path.of(dir);
      if (!Files.isDirectory(d)) {
        continue;
      }
      try (var tools = Files.list(d)) {
        for (Path tool : (Iterable<Path>) tools::iterator) {
          String name = tool.getFileName().toString();
          Path link = bin.resolve(name);
          if (!List.of("rsync", "apt-get", "apt").contains(name)
              && Files.isExecutable(tool)
              && !Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            Files.createSymbolicLink(link, tool);
          }
        }
      }
    }
    ProcessBuilder pb =
        new ProcessBuilder(
                "bash", REPO.resolve("examples/demo.sh").toString(), work.resolve("d").toString())
            .redirectErrorStream(true);
    pb.environment().put("PATH", bin.toString());
    Process p = pb.start();
    String out =
        new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    try {
      assertEquals(0, p.waitFor(), out);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
    assertTrue(out.contains("minimal change: 12 changes (exit status 1)\n"), out);
    assertTrue(
        out.matches("(?s).*rsync -ac --delete T1/ VIEW/ +- +skipped: rsync is not installed\n.*"),
        out);
    touched(out, "sqfs sync --checksum T1 VIEW", "yes");
    assertTrue(!out.contains("command not found"), out);
  }

  /** The "touched" count of the tool's row, whose verdict must be {@code verdict}. */
  private static int touched(String out, String tool, String verdict) {
    Matcher m = Pattern.compile("(?m)^" + Pattern.quote(tool) + " +(\\d+) +(.*)$").matcher(out);
    assertTrue(m.find(), "no row for " + tool + " in\n" + out);
    assertEquals(verdict, m.group(2).strip(), tool);
    return Integer.parseInt(m.group(1));
  }
}
