package io.github.squashtree.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.squashtree.core.tree.Tree;
import io.github.squashtree.core.tree.TreeBuilder;
import io.github.squashtree.core.tree.TreeBuilder.Attributes;
import io.github.squashtree.core.write.SquashfsWriter;
import io.github.squashtree.core.write.WriterOptions;
import io.github.squashtree.overlay.Change;
import io.github.squashtree.overlay.ChangeField;
import io.github.squashtree.overlay.ChangeKind;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProgressTest {
  private static final long MIB = 1024 * 1024;

  @TempDir Path dir;

  @Test
  void aKnownTotalShowsPercentageRateAndTimeLeft() {
    Progress p = new Progress(System.err, "writing", true);
    String line = p.line(25 * MIB, 100 * MIB, 5_000_000_000L);
    assertTrue(line.startsWith("\rwriting [" + "=".repeat(10) + " ".repeat(30) + "] 25% "), line);
    assertTrue(line.contains("25.0 MiB, 5.0 MiB/s, 0:15 left"), line);
    assertTrue(line.endsWith("\033[K"), "erases what a longer line left");
  }

  @Test
  void anUnknownTotalShowsBytesAndRate() {
    Progress p = new Progress(System.err, "writing", true);
    assertEquals("\rwriting 30.0 MiB, 10.0 MiB/s\033[K", p.line(30 * MIB, 0, 3_000_000_000L));
    // no rate before half a second: it would mean nothing yet
    assertEquals("\rwriting 1.0 MiB\033[K", p.line(MIB, 0, 100_000_000L));
  }

  @Test
  void timeLeftReadsAsAClock() {
    assertEquals("0:05", Progress.clock(5));
    assertEquals("2:03", Progress.clock(123));
    assertEquals("1:01:01", Progress.clock(3661));
  }

  @Test
  void offItDrawsNothingAndStillWarns() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Progress p = new Progress(new PrintStream(err, true, StandardCharsets.UTF_8), "x", false);
    p.bytesWritten(10 * MIB);
    p.progress(5, 10);
    p.warning("careful");
    p.finish();
    assertEquals("sqfs: warning: careful\n", err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void syncAndApplyCountTheContentThePlanWrites() throws Exception {
    Tree before =
        new TreeBuilder()
            .directory("/r", Attributes.DIRECTORY)
            .file("/c", new byte[3], Attributes.FILE)
            .file("/m", new byte[1000], Attributes.FILE)
            .file("/gone", new byte[9], Attributes.FILE)
            .build();
    Tree after =
        new TreeBuilder()
            .file("/a", new byte[100], Attributes.FILE)
            .file("/r", new byte[50], Attributes.FILE)
            .file("/c", new byte[30], Attributes.FILE)
            .file("/m", new byte[1000], Attributes.of(0600))
            .file("/l1", new byte[7], Attributes.FILE)
            .hardLink("/l2", "/l1")
            .directory("/d", Attributes.DIRECTORY)
            .build();
    List<Change> plan =
        List.of(
            change(before, after, "/a", ChangeKind.ADD, Set.of()),
            change(before, after, "/r", ChangeKind.REPLACE, Set.of(ChangeField.TYPE)),
            change(before, after, "/c", ChangeKind.MODIFY, Set.of(ChangeField.CONTENT)),
            change(before, after, "/m", ChangeKind.METADATA, Set.of(ChangeField.MODE)),
            change(before, after, "/l1", ChangeKind.ADD, Set.of()),
            change(before, after, "/l2", ChangeKind.ADD, Set.of()),
            change(before, after, "/gone", ChangeKind.DELETE, Set.of()),
            change(before, after, "/d", ChangeKind.ADD, Set.of()));
    Progress p = Progress.forChanges(new PrintStream(new ByteArrayOutputStream()), "syncing", true);
    p.planned(plan);
    // The added, replaced and rewritten files; a hard-link group once; metadata, deletes, dirs 0.
    assertEquals(100 + 50 + 30 + 7, p.total());
    for (Change c : plan) {
      p.changed(c);
    }
    assertEquals(p.total(), p.done(), "the bar ends at 100%");
    Progress off = Progress.forChanges(System.err, "syncing", false);
    off.planned(plan);
    plan.forEach(off::changed);
    assertEquals(0, off.total() + off.done());
  }

  private static Change change(
      Tree before, Tree after, String path, ChangeKind kind, Set<ChangeField> fields)
      throws Exception {
    return new Change(
        path,
        kind,
        fields,
        kind == ChangeKind.ADD ? null : before.lookup(path).orElseThrow(),
        kind == ChangeKind.DELETE ? null : after.lookup(path).orElseThrow());
  }

  @Test
  void quietPrintsNoSummary() throws Exception {
    Path image = dir.resolve("a.sqfs");
    SquashfsWriter.write(
        new TreeBuilder().file("/f", new byte[] {1, 2}, Attributes.FILE).build(),
        image,
        WriterOptions.defaults());
    CliRun loud = CliRun.of("verify", image.toString());
    assertTrue(loud.out().contains(": OK: "), loud.out());
    for (String[] args :
        new String[][] {
          {"verify", "-q", image.toString()},
          {"extract", "--quiet", image.toString(), dir.resolve("x").toString()},
          {"mk", "-q", dir.resolve("x").toString(), dir.resolve("b.sqfs").toString()}
        }) {
      CliRun r = CliRun.of(args);
      assertEquals(0, r.code(), r.err());
      assertEquals("", r.out(), String.join(" ", args));
      assertEquals("", r.err(), String.join(" ", args));
    }
    assertEquals(0, CliRun.of("ls", "-q", image.toString()).code());
    assertEquals(
        "f\n", CliRun.of("ls", "-q", image.toString()).out(), "listings are not summaries");
  }
}
