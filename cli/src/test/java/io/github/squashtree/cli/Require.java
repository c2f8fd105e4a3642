package io.github.squashtree.cli;

import static org.junit.jupiter.api.Assertions.fail;

import io.github.squashtree.core.host.HostFileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * Skips a test whose tool or privilege is missing, unless SQUASHTREE_REQUIRE_ALL=1 demands it run.
 * (A local stand-in until the shared fixtures module is merged.)
 */
final class Require {
  private Require() {}

  static void assumeOrFail(boolean condition, String reason) {
    if (condition) {
      return;
    }
    if ("1".equals(System.getenv("SQUASHTREE_REQUIRE_ALL"))) {
      fail(reason + " (SQUASHTREE_REQUIRE_ALL=1 forbids skipping)");
    }
    Assumptions.assumeTrue(false, reason);
  }

  static void tool(String name) {
    boolean found = false;
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, name))) {
        found = true;
        break;
      }
    }
    assumeOrFail(found, "needs " + name + " on the PATH");
  }

  static void root() {
    assumeOrFail(HostFileSystem.get().isPrivileged(), "needs root (effective uid 0)");
  }
}
