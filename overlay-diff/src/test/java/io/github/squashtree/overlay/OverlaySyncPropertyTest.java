package io.github.squashtree.overlay;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.squashtree.core.host.DirectoryTree;
import io.github.squashtree.core.tree.TimePrecision;
import io.github.squashtree.core.tree.Tree;
import io.github.squashtree.fixtures.InMemoryTree;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Random pairs of trees A and B: a directory that holds A (written by a sync into an empty
 * directory, and checked to equal A) synced to B equals B, to the second and byte for byte, and a
 * second sync finds nothing to do. A plain directory stands for the merged overlay: the logic is
 * the same, and the kernel scenario test covers the overlay itself.
 */
class OverlaySyncPropertyTest {
  /** One entry: a path under a few names, a kind, content, mode and mtime. */
  record Spec(String path, int kind, String content, int mode, long nanos) {}

  @Provide
  Arbitrary<List<Spec>> trees() {
    Arbitrary<String> path =
        Arbitraries.of("a", "b", "é")
            .list()
            .ofMinSize(1)
            .ofMaxSize(3)
            .map(l -> "/" + String.join("/", l));
    return Combinators.combine(
            path,
            Arbitraries.integers().between(0, 3),
            Arbitraries.of("", "x", "y", "xy"),
            Arbitraries.of(0644, 0600, 0755),
            Arbitraries.longs().between(0, 3_000_000_000L))
        .as(Spec::new)
        .list()
        .ofMaxSize(10);
  }

  static Tree build(List<Spec> specs, Path anyDir) throws IOException {
    long uid = ((Number) Files.getAttribute(anyDir, "unix:uid")).longValue();
    long gid = ((Number) Files.getAttribute(anyDir, "unix:gid")).longValue();
    InMemoryTree.Builder b = OverlaySyncTest.ownTree(anyDir);
    List<String> taken = new ArrayList<>();
    String lastFile = null;
    for (Spec s : specs) {
      if (taken.stream()
          .anyMatch(
              t ->
                  s.path().startsWith(t + "/")
                      || t.startsWith(s.path() + "/")
                      || t.equals(s.path()))) {
        continue;
      }
      taken.add(s.path());
      switch (s.kind()) {
        case 0 -> b.file(s.path(), s.content()).edit(s.path(), m -> m.permissions(s.mode()));
        case 1 -> b.dir(s.path()).edit(s.path(), m -> m.permissions(s.mode() | 0700));
        case 2 -> b.symlink(s.path(), "t" + s.content());
        default -> {
          if (lastFile != null) {
            b.hardLink(s.path(), lastFile);
          } else {
            b.file(s.path(), s.content());
          }
        }
      }
      if (s.kind() == 0) {
        lastFile = s.path();
      }
      Instant t = Instant.ofEpochSecond(1_000_000_000L, s.nanos());
      if (s.kind() != 3 || lastFile == null) {
        b.edit(s.path(), m -> m.owner(uid, gid).mtime(t));
      }
    }
    return b.build();
  }

  @Property(tries = 15)
  void syncMakesAnyTreeEqualToAnother(@ForAll("trees") List<Spec> a, @ForAll("trees") List<Spec> b)
      throws IOException {
    Path dir = Files.createTempDirectory("sqfs-sync-property-");
    try {
      Path target = Files.createDirectory(dir.resolve("merged"));
      Tree treeA = build(a, dir);
      Tree treeB = build(b, dir);
      OverlaySync.sync(treeA, target, SyncOptions.defaults().withChecksum(true), c -> {});
      assertEqualToTheSecond(treeA, target);
      OverlaySync.sync(treeB, target, SyncOptions.defaults().withChecksum(true), c -> {});
      assertEqualToTheSecond(treeB, target);
      assertTrue(
          OverlaySync.sync(
                  treeB,
                  target,
                  SyncOptions.defaults().withChecksum(true).withDryRun(true),
                  c -> {})
              .isEmpty());
    } finally {
      try (Stream<Path> all = Files.walk(dir)) {
        for (Path p : (Iterable<Path>) all.sorted(Comparator.reverseOrder())::iterator) {
          Files.delete(p);
        }
      }
    }
  }

  private static void assertEqualToTheSecond(Tree expected, Path dir) throws IOException {
    try (Tree actual = DirectoryTree.open(dir)) {
      Comparison c =
          TreeComparator.compare(
              actual,
              expected,
              CompareOptions.defaults().withChecksum(true).withPrecision(TimePrecision.SECONDS));
      assertTrue(c.isEmpty(), "left over: " + c.changes());
    }
  }
}
