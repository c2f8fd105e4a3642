package io.github.squashtree.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.squashtree.fixtures.ProcessRunner;
import io.github.squashtree.fixtures.Require;
import io.github.squashtree.fixtures.ToolResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The .deb as an admin uses it: installed with dpkg -i, sqfs run from the PATH with its man pages
 * and bash completion in place, removed with dpkg -r leaving nothing behind. Needs root and dpkg.
 */
class DebianPackageIT {
  private static final Duration MINUTE = Duration.ofMinutes(1);

  @Test
  void installsRunsAndRemoves() throws Exception {
    Require.root();
    Require.tool("dpkg");
    Path deb = Distribution.built("_amd64.deb");
    String pkg = Packages.DEB_NAME;
    assertFalse(installed(pkg), pkg + " is installed already: remove it (dpkg -r " + pkg + ")");
    try {
      ProcessRunner.run(List.of("dpkg", "-i", deb.toString()), MINUTE);
      assertTrue(installed(pkg));
      ToolResult v = bash("sqfs --version");
      assertTrue(v.stdout().startsWith("sqfs "), v.stdout());
      assertEquals("/usr/bin/sqfs\n", bash("command -v sqfs").stdout());
      ToolResult ls = bash("sqfs ls -l " + Distribution.demoImage());
      assertTrue(ls.stdout().contains("etc"), ls.stdout());
      assertEquals("", ls.stderr());
      for (String page : List.of("sqfs", "sqfs-mk", "sqfs-ls", "sqfs-diff")) {
        assertTrue(Files.isRegularFile(Path.of("/usr/share/man/man1/" + page + ".1.gz")), page);
      }
      if (Require.hasTool("man")) {
        ToolResult man = bash("MANWIDTH=80 man --warnings -P cat sqfs-ls 2>&1");
        assertTrue(man.stdout().contains("--json"), man.stdout());
        assertFalse(man.stdout().contains("warning"), man.stdout());
      }
      ToolResult completion =
          bash(
              "source /usr/share/bash-completion/completions/sqfs"
                  + " && COMP_WORDS=(sqfs ext) COMP_CWORD=1 && _complete_sqfs sqfs ext sqfs"
                  + " && echo \"${COMPREPLY[*]}\"");
      assertTrue(completion.stdout().contains("extract"), completion.stdout());
    } finally {
      if (installed(pkg)) {
        ProcessRunner.run(List.of("dpkg", "-r", pkg), MINUTE);
      }
    }
    assertFalse(installed(pkg));
    assertFalse(Files.exists(Path.of("/usr/bin/sqfs"), java.nio.file.LinkOption.NOFOLLOW_LINKS));
    assertFalse(Files.exists(Path.of("/usr/lib/" + pkg)));
    assertFalse(Files.exists(Path.of("/usr/share/man/man1/sqfs.1.gz")));
  }

  private static boolean installed(String pkg) throws Exception {
    ToolResult s =
        ProcessRunner.run(List.of("dpkg-query", "-W", "-f=${Status}", pkg), MINUTE, 0, 1);
    return s.exitCode() == 0 && s.stdout().contains("install ok installed");
  }

  private static ToolResult bash(String script) throws Exception {
    return ProcessRunner.run(
        List.of("env", "-i", "PATH=/usr/bin:/bin", "LC_ALL=C.UTF-8", "bash", "-c", script), MINUTE);
  }
}
