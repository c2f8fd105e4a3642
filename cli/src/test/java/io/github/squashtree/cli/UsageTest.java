package io.github.squashtree.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

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
  void theVersionIsTheSameWithAndWithoutTheParser() {
    CliRun fast = CliRun.of("--version");
    CliRun parsed = CliRun.of("--debug", "--version");
    assertEquals(0, parsed.code());
    assertEquals(parsed.out(), fast.out());
    assertEquals(fast.out(), CliRun.of("-V").out());
  }

  @Test
  void helpCommandShowsTheListAndEachCommandsUsage() {
    CliRun all = CliRun.of("help");
    assertEquals(0, all.code(), all.err());
    for (String cmd : commands()) {
      assertTrue(all.out().contains("\n  " + cmd + " "), cmd + " missing: " + all.out());
    }
    for (String cmd : commands()) {
      CliRun one = CliRun.of("help", cmd);
      assertEquals(0, one.code(), cmd + ": " + one.err());
      assertEquals(CliRun.of(cmd, "--help").out(), one.out(), cmd);
    }
  }

  /** Every positional parameter says what it is, and every command shows an example line. */
  @Test
  void everyArgumentIsDescribedAndEveryCommandHasAnExample() {
    CommandLine all = Main.commandLine();
    for (String cmd : commands()) {
      CommandSpec spec = all.getSubcommands().get(cmd).getCommandSpec();
      for (PositionalParamSpec p : spec.positionalParameters()) {
        assertTrue(
            p.description().length > 0 && !p.description()[0].isBlank(),
            cmd + " " + p.paramLabel() + " has no description");
      }
      for (OptionSpec o : spec.options()) {
        assertTrue(o.description().length > 0, cmd + " " + o.longestName() + " has no description");
      }
      String help = CliRun.of(cmd, "--help").out();
      assertTrue(help.contains("Example:\n  sqfs " + cmd + " "), cmd + ": " + help);
    }
  }

  @Test
  void aMistypedCommandOrOptionGetsASuggestionOnOneLine() {
    CliRun command = CliRun.of("extrct", "a.sqfs", "out");
    assertEquals(2, command.code());
    SqfsCommandsIT.assertOneErrorLine(command);
    assertTrue(command.err().contains("did you mean extract?"), command.err());
    CliRun option = CliRun.of("ls", "--jsn", "a.sqfs");
    assertEquals(2, option.code());
    SqfsCommandsIT.assertOneErrorLine(option);
    assertTrue(option.err().contains("did you mean --json?"), option.err());
  }

  @Test
  void anUnknownCodecListsTheCodecs() {
    CliRun r = CliRun.of("mk", "--comp", "foo", "src", "out.sqfs");
    assertEquals(2, r.code());
    SqfsCommandsIT.assertOneErrorLine(r);
    for (String codec : List.of("gzip", "xz", "zstd", "lz4", "lzo", "lzma")) {
      assertTrue(r.err().contains(codec), r.err());
    }
  }

  @Test
  void layerAndFlattenDoNotSpeakOfASource() {
    for (String cmd : List.of("layer", "flatten")) {
      String help = CliRun.of(cmd, "--help").out();
      assertTrue(!help.contains("newest mtime in SOURCE"), help);
      assertTrue(!help.contains("OLD") || cmd.equals("diff"), help);
    }
    String diff = CliRun.of("diff", "--help").out();
    assertTrue(diff.contains("Usage: sqfs diff") && diff.contains("NEW_TREE OLD_TREE"), diff);
  }

  @Test
  void completionPrintsABashScriptThatKnowsEveryCommand() throws Exception {
    CliRun r = CliRun.of("completion", "bash");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().startsWith("#!/usr/bin/env bash"), r.out());
    for (String cmd : commands()) {
      assertTrue(r.out().contains(cmd), cmd);
    }
    // bash itself accepts it and registers the function
    Path script = Files.createTempFile("sqfs-completion", ".bash");
    try {
      Files.write(script, r.stdout());
      Process p =
          new ProcessBuilder("bash", "-c", "source \"$0\" && complete -p sqfs", script.toString())
              .redirectErrorStream(true)
              .start();
      String said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertEquals(0, p.waitFor(), said);
      assertTrue(said.contains("sqfs"), said);
    } finally {
      Files.delete(script);
    }
    CliRun zsh = CliRun.of("completion", "fish");
    assertEquals(2, zsh.code());
    SqfsCommandsIT.assertOneErrorLine(zsh);
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
