package io.github.squashtree.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.squashtree.cli.OverlayScenario.Overlay;
import io.github.squashtree.core.host.DirectoryTree;
import io.github.squashtree.core.internal.host.HostFileSystem;
import io.github.squashtree.core.internal.host.HostStat;
import io.github.squashtree.core.internal.read.ImageTree;
import io.github.squashtree.core.tree.EntryType;
import io.github.squashtree.core.tree.Tree;
import io.github.squashtree.fixtures.ProcessRunner;
import io.github.squashtree.fixtures.Require;
import io.github.squashtree.fixtures.TreeAssertions;
import io.github.squashtree.overlay.OverlayTree;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scenario ({@link OverlayScenario}) against the kernel: {@code sqfs diff --checksum}
 * finds exactly the changes from T0 to T1, {@code sqfs sync --checksum} applies them to a mounted
 * overlay copying up only them, while {@code rsync -ac} copies up every file with a sub-second
 * mtime and {@code rsync -a} misses a same-size, same-second content change.
 */
@Tag("kernel")
class OverlaySyncKernelIT {
  private static final HostFileSystem HOST = OverlayScenario.HOST;

  @TempDir static Path tmp;
  static OverlayScenario scenario;
  static Path t0;
  static Path t1;
  static Path image;

  /** The expected changes: path to kind. */
  static Map<String, String> EXPECTED;

  @BeforeAll
  static void scenario() throws IOException {
    OverlayScenario.require();
    Require.tool("rsync");
    scenario = OverlayScenario.create(tmp);
    t0 = scenario.t0;
    t1 = scenario.t1;
    image = scenario.image;
    EXPECTED = scenario.expected;
  }

  @AfterAll
  static void removeTrees() throws IOException {
    OverlayScenario.removeContents(tmp);
  }

  @Test
  void diffReportsExactlyTheChangedSet() throws IOException {
    CliRun r = CliRun.of("diff", "--checksum", "--format", "json", t1.toString(), image.toString());
    assertEquals(1, r.code(), r.err());
    Map<String, String> found = new TreeMap<>();
    for (String line : r.out().split("\n")) {
      String path = field(line, "path");
      found.put(path.equals(".") ? "/" : "/" + path, field(line, "change"));
    }
    Map<String, String> expected = new TreeMap<>(EXPECTED);
    // An empty file whose mtime changed: content is compared (equal), so only its mtime differs.
    expected.put("/files/empty", "metadata");
    assertEquals(expected, found, r.out());
    CliRun quick = CliRun.of("diff", "--format", "paths", t1.toString(), image.toString());
    assertFalse(
        quick.out().contains("files/text\n"), "the quick check cannot see it: " + quick.out());
    assertEquals(0, CliRun.of("diff", t0.toString(), image.toString()).code());
  }

  @Test
  void syncCopiesUpOnlyTheChanges() throws IOException {
    try (Overlay o = Overlay.fresh(tmp.resolve("sync"), t0, image)) {
      CliRun r = CliRun.of("sync", "--checksum", t1.toString(), o.merged.toString());
      assertEquals(0, r.code(), r.err());
      OverlayScenario.assertSameTree(t1, o.merged);
      assertEquals(scenario.wantedUpper(), OverlayScenario.paths(o.upper));
      o.unmount();
      // The same overlay read from its layers, without the kernel, equals T1 too.
      try (Tree expected = DirectoryTree.open(t1);
          Tree layers = OverlayTree.open(ImageTree.open(image), o.upper)) {
        TreeAssertions.assertTreesEqual(expected, layers);
      }
      assertEquals(
          0,
          CliRun.of(
                  "diff",
                  "--checksum",
                  "--upper",
                  o.upper.toString(),
                  t1.toString(),
                  image.toString())
              .code());
    }
  }

  @Test
  void rsyncChecksumCopiesUpEverySubsecondFile() throws IOException {
    try (Overlay o = Overlay.fresh(tmp.resolve("rsync-c"), t0, image)) {
      ProcessRunner.run("rsync", "-ac", t1 + "/", o.merged + "/");
      Set<String> upper = OverlayScenario.paths(o.upper);
      List<String> needless = new ArrayList<>();
      try (Stream<Path> all = Files.walk(t1)) {
        for (Path p : (Iterable<Path>) all::iterator) {
          String rel = "/" + t1.relativize(p).toString().replace('\\', '/');
          HostStat st = HOST.lstat(p);
          if (st.type() == EntryType.FILE
              && st.mtime().getNano() != 0
              && !EXPECTED.containsKey(rel)) {
            needless.add(rel);
            assertTrue(upper.contains(rel), rel + " not copied up by rsync -ac");
          }
        }
      }
      assertTrue(needless.size() > 2000, "unchanged files copied up: " + needless.size());
      assertTrue(
          Arrays.equals(
              Files.readAllBytes(t1.resolve("files/text")),
              Files.readAllBytes(o.merged.resolve("files/text"))));
    }
  }

  @Test
  void rsyncQuickCheckMissesTheSameSizeSameSecondChange() throws IOException {
    try (Overlay o = Overlay.fresh(tmp.resolve("rsync"), t0, image)) {
      ProcessRunner.run("rsync", "-a", t1 + "/", o.merged + "/");
      assertFalse(
          Arrays.equals(
              Files.readAllBytes(t1.resolve("files/text")),
              Files.readAllBytes(o.merged.resolve("files/text"))),
          "rsync -a fixed the same-size same-second change after all");
    }
  }

  private static String field(String jsonLine, String name) {
    String key = "\"" + name + "\":\"";
    int i = jsonLine.indexOf(key) + key.length();
    return jsonLine.substring(i, jsonLine.indexOf('"', i));
  }
}
