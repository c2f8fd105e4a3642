package io.github.squashtree.core.internal.host;

import static org.junit.jupiter.api.Assertions.fail;

import org.junit.jupiter.api.Assumptions;

/** Skips a test whose precondition is missing, unless SQUASHTREE_REQUIRE_ALL=1 demands it run. */
public final class RequireAll {
  private RequireAll() {}

  static boolean required() {
    return "1".equals(System.getenv("SQUASHTREE_REQUIRE_ALL"));
  }

  /** Skips (or, with SQUASHTREE_REQUIRE_ALL=1, fails) unless {@code condition} holds. */
  public static void assumeOrFail(boolean condition, String reason) {
    if (condition) {
      return;
    }
    if (required()) {
      fail(reason + " (SQUASHTREE_REQUIRE_ALL=1 forbids skipping)");
    }
    Assumptions.assumeTrue(false, reason);
  }

  static void assumeRoot() {
    assumeOrFail(HostFileSystem.get().isPrivileged(), "needs root (effective uid 0)");
  }
}
