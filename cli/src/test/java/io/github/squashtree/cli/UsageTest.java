package io.github.squashtree.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.Command;

class UsageTest {
  @Test
  void unknownOptionIsAUsageError() {
    CliRun r = CliRun.of("ls", "--bogus", "x.sqfs");
    assertEquals(2, r.code());
    SqfsCommandsIT.assertOneErrorLine(r);
  }

  @Test
  void noCommandIsAUsageErrorThatListsEveryCommand() {
    CliRun r = CliRun.of();
    assertEquals(2, r.code());
    SqfsCommandsIT.assertOneErrorLine(r);
    for (String cmd : commands()) {
      assertTrue(r.err().matches("(?s).*[(, ]" + cmd + "[,)].*"), cmd + " missing: " + r.err());
    }
  }

  /** Every command Main registers, by the names their annotations give. */
  private static Set<String> commands() {
    Set<String> names = new TreeSet<>();
    for (Class<?> c : Main.COMMANDS) {
      names.add(c.getAnnotation(Command.class).name());
    }
    assertTrue(names.containsAll(List.of("diff", "sync", "info", "extract")), "" + names);
    return names;
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
    for (String cmd : commands()) {
      assertTrue(h.out().contains(cmd), h.out());
    }
  }

  @Test
  void everyCommandAnswersHelp() {
    for (String cmd : commands()) {
      CliRun h = CliRun.of(cmd, "--help");
      assertEquals(0, h.code(), cmd + ": " + h.err());
      assertTrue(h.out().contains("Usage: sqfs " + cmd), h.out());
    }
  }
}
