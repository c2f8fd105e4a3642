package io.github.squashtree.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.squashtree.core.tree.Names;
import io.github.squashtree.fixtures.ProcessRunner;
import io.github.squashtree.fixtures.Require;
import io.github.squashtree.fixtures.TestDirectories;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --format paths} is read by the real {@code rsync --files-from}: every listed name reaches
 * rsync as itself, none forges another line (a name with a newline once made rsync copy an
 * unchanged file), none is skipped as a comment ('#' or ';' first). Needs rsync.
 */
class PathsFormatIT {
  private static final FileTime T = FileTime.fromMillis(1_700_000_000_000L);

  @TempDir Path tmp;

  /** Names rsync reads one a line as they are, and those it would take for comments. */
  private static final List<String> LINE_SAFE =
      List.of(
          "#hash",
          ";semi",
          "sub/#inner",
          " lead",
          "trail ",
          "back\\slash",
          "esc\u001b[31m",
          Names.decode(new byte[] {(byte) 0xE9, 'l', 'a', 't'}),
          "-dash",
          "tab\tx",
          "x\\#012y");

  /** A name with a newline that spells an unchanged file, and one with a carriage return. */
  private static final List<String> LINE_BREAKING = List.of("same\nfile", "cr\rsame");

  private Path file(Path root, String path, String content) throws IOException {
    Path p = root;
    String[] parts = path.split("/");
    for (int i = 0; i < parts.length - 1; i++) {
      p = Names.hostPath(p, parts[i]);
      Files.createDirectories(p);
    }
    p = Names.hostPath(p, parts[parts.length - 1]);
    Files.write(p, Names.encode(content));
    Files.setLastModifiedTime(p, T);
    return p;
  }

  /** NEW and OLD: {@code same} and {@code file} equal in both, {@code names} new in NEW. */
  private Path[] trees(List<String> names) throws IOException {
    Path newDir = Files.createDirectory(tmp.resolve("new"));
    Path oldDir = Files.createDirectory(tmp.resolve("old"));
    for (Path root : new Path[] {newDir, oldDir}) {
      file(root, "same", "unchanged\n");
      file(root, "file", "unchanged\n");
      file(root, "cr", "unchanged\n");
    }
    for (String name : names) {
      file(newDir, name, "new: " + name);
    }
    for (Path dir : new Path[] {newDir.resolve("sub"), newDir, oldDir}) {
      if (Files.isDirectory(dir)) {
        Files.setLastModifiedTime(dir, T);
      }
    }
    return new Path[] {newDir, oldDir};
  }

  /** What {@code rsync -a --files-from} (with {@code --from0} if asked) copies from NEW. */
  private Set<String> rsyncCopies(Path newDir, byte[] list, boolean from0) throws Exception {
    Path listFile = Files.write(tmp.resolve("list"), list);
    Path dest = Files.createDirectory(tmp.resolve("dest"));
    List<String> cmd = new ArrayList<>(List.of("rsync", "-a"));
    if (from0) {
      cmd.add("--from0");
    }
    cmd.addAll(List.of("--files-from=" + listFile, newDir + "/", dest + "/"));
    ProcessRunner.run(cmd.toArray(String[]::new)).stdout();
    Set<String> copied = new TreeSet<>();
    try (Stream<Path> all = Files.walk(dest)) {
      for (Path p : all.filter(Files::isRegularFile).toList()) {
        Path relative = dest.relativize(p);
        List<String> names = new ArrayList<>();
        for (Path component : relative) {
          names.add(Names.hostName(component));
        }
        copied.add(String.join("/", names));
      }
    }
    return copied;
  }

  @Test
  void everyListedNameReachesRsyncAsItselfAndNoneIsAComment() throws Exception {
    Require.tool("rsync");
    Path[] t = trees(LINE_SAFE);
    CliRun r = CliRun.of("diff", "--format", "paths", t[0].toString(), t[1].toString());
    assertEquals(1, r.code(), r.err());
    assertTrue(r.out().contains("./#hash\n") && r.out().contains("./;semi\n"), r.out());
    assertEquals(new TreeSet<>(LINE_SAFE), rsyncCopies(t[0], r.stdout(), false));
  }

  @Test
  void nameThatWouldForgeALineIsRefusedWithoutDashZero() throws Exception {
    Require.tool("rsync");
    Path[] t = trees(LINE_BREAKING);
    // Raw, "same\nfile" would list the unchanged files "same" and "file": rsync copies them.
    byte[] raw = "same\nfile\ncr\rsame\n".getBytes(StandardCharsets.UTF_8);
    assertEquals(Set.of("same", "file", "cr"), rsyncCopies(t[0], raw, false));
    TestDirectories.delete(tmp.resolve("dest"));

    CliRun refused = CliRun.of("diff", "--format", "paths", t[0].toString(), t[1].toString());
    assertEquals(2, refused.code(), refused.err());
    assertEquals(0, refused.stdout().length, "nothing is listed before the refusal");
    assertTrue(
        refused.err().startsWith("sqfs: cr\\x0dsame: a name holding a newline"), refused.err());
    assertTrue(refused.err().contains("use -0"), refused.err());
    assertEquals(1, refused.err().lines().count(), refused.err());

    CliRun nul = CliRun.of("diff", "--format", "paths", "-0", t[0].toString(), t[1].toString());
    assertEquals(1, nul.code(), nul.err());
    assertArrayEquals("cr\rsame\0same\nfile\0".getBytes(StandardCharsets.UTF_8), nul.stdout());
    assertEquals(new TreeSet<>(LINE_BREAKING), rsyncCopies(t[0], nul.stdout(), true));
  }

  /** sync and apply refuse such a name before they change anything. */
  @Test
  void syncAndApplyRefuseAnUnlistableNameBeforeChangingAnything() throws Exception {
    Path[] t = trees(LINE_BREAKING);
    Path image = tmp.resolve("old.sqfs");
    assertEquals(0, CliRun.of("mk", t[1].toString(), image.toString()).code());
    Path upper = Files.createDirectory(tmp.resolve("upper"));
    for (String[] args :
        List.of(
            new String[] {"sync", "--format", "paths", t[0].toString(), t[1].toString()},
            new String[] {
              "apply", "--format", "paths", t[0].toString(), image.toString(), upper.toString()
            })) {
      CliRun r = CliRun.of(args);
      assertEquals(2, r.code(), r.err());
      assertTrue(r.err().contains("use -0"), r.err());
      assertEquals(0, r.stdout().length);
    }
    try (Stream<Path> old = Files.list(t[1]);
        Stream<Path> up = Files.list(upper)) {
      assertEquals(3, old.count(), "sync changed nothing");
      assertEquals(0, up.count(), "apply changed nothing");
    }
    CliRun synced = CliRun.of("sync", "--format", "paths", "-0", t[0].toString(), t[1].toString());
    assertEquals(0, synced.code(), synced.err());
    assertArrayEquals("cr\rsame\0same\nfile\0".getBytes(StandardCharsets.UTF_8), synced.stdout());
  }

  @Test
  void dashZeroWithAnotherFormatIsAUsageError() throws Exception {
    Path[] t = trees(List.of());
    Path image = tmp.resolve("old.sqfs");
    assertEquals(0, CliRun.of("mk", t[1].toString(), image.toString()).code());
    Path upper = Files.createDirectory(tmp.resolve("upper"));
    for (String format : new String[] {"itemize", "json"}) {
      for (String[] args :
          List.of(
              new String[] {"diff", t[0].toString(), t[1].toString()},
              new String[] {"sync", "-n", t[0].toString(), t[1].toString()},
              new String[] {"apply", "-n", t[0].toString(), image.toString(), upper.toString()})) {
        String[] full =
            Stream.concat(Stream.of(args), Stream.of("--format", format, "-0"))
                .toArray(String[]::new);
        CliRun r = CliRun.of(full);
        assertEquals(2, r.code(), String.join(" ", full) + ": " + r.err());
        assertEquals("sqfs: -0 is for --format paths only, not " + format + "\n", r.err());
      }
    }
  }

  /** To a terminal, for a person: escaped as itemized names are, '#' names still prefixed. */
  @Test
  void toATerminalControlBytesAreEscapedAsInItemize() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    LineWriter w = new LineWriter(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    PathsPrinter terminal = new PathsPrinter(w, false, true);
    Path[] t = trees(List.of("#a\nb", "esc\u001b[2J"));
    try (var after = io.github.squashtree.core.host.DirectoryTree.open(t[0])) {
      for (String name : new String[] {"#a\nb", "esc\u001b[2J"}) {
        var entry = after.lookup("/" + name).orElseThrow();
        terminal.print(
            new io.github.squashtree.overlay.Change(
                entry.path(), io.github.squashtree.overlay.ChangeKind.ADD, Set.of(), null, entry));
      }
    }
    w.flush();
    assertEquals("./#a\\#012b\nesc\\#033[2J\n", bytes.toString(StandardCharsets.UTF_8));
  }
}
