package io.github.squashtree.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class UsageTest {
  @Test
  void unknownOptionIsAUsageError() {
    CliRun r = CliRun.of("ls", "--bogus", "x.sqfs");
    assertEquals(2, r.code());
    SqfsCommandsIT.assertOneErrorLine(r);
  }

  @Test
  void noCommandIsAUsageError() {
    CliRun r = CliRun.of();
    assertEquals(2, r.code());
    SqfsCommandsIT.assertOneErrorLine(r);
  }

  @Test
  void missingImageIsOneLine() {
    CliRun r = CliRun.of("info", "/nonexistent/image.sqfs");
    assertEquals(2, r.code());
    SqfsCommandsIT.assertOneErrorLine(r);
    assertTrue(r.err().contains("/nonexistent/image.sqfs"), r.err());
  }

  @Test
  void versionAndHelp() {
    CliRun v = CliRun.of("--version");
    assertEquals(0, v.code());
    assertTrue(v.out().startsWith("sqfs "), v.out());
    assertTrue(!v.out().contains("${"), v.out());
    CliRun h = CliRun.of("--help");
    assertEquals(0, h.code());
    for (String cmd : new String[] {"info", "ls", "cat", "extract", "verify"}) {
      assertTrue(h.out().contains(cmd), h.out());
    }
  }
}
