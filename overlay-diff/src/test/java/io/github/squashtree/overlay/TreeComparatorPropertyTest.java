package io.github.squashtree.overlay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.squashtree.core.tree.TimePrecision;
import io.github.squashtree.core.tree.Tree;
import io.github.squashtree.fixtures.InMemoryTree;
import io.github.squashtree.fixtures.TreeAssertions;
import io.github.squashtree.fixtures.TreeComparison;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Random pairs of small trees: the comparator finds nothing in a tree against itself, and every
 * difference {@link TreeAssertions} sees is covered by a change at its path or above it.
 */
class TreeComparatorPropertyTest {
  /** One random entry: a path under a few names, a kind, content and mtime. */
  record Spec(String path, int kind, String content, long nanos) {}

  @Provide
  Arbitrary<List<Spec>> trees() {
    Arbitrary<String> name = Arbitraries.of("a", "b", "c", "é");
    Arbitrary<String> path =
        name.list().ofMinSize(1).ofMaxSize(3).map(l -> "/" + String.join("/", l));
    Arbitrary<Spec> spec =
        Combinators.combine(
                path,
                Arbitraries.integers().between(0, 3),
                Arbitraries.of("", "x", "y", "xy"),
                Arbitraries.longs().between(0, 3_000_000_000L))
            .as(Spec::new);
    return spec.list().ofMaxSize(12);
  }

  static InMemoryTree build(List<Spec> specs, TimePrecision precision) {
    InMemoryTree.Builder b = InMemoryTree.builder().precision(precision);
    Set<String> taken = new TreeSet<>();
    for (Spec s : specs) {
      if (taken.stream()
          .anyMatch(
              t ->
                  s.path().startsWith(t + "/")
                      || t.startsWith(s.path() + "/")
                      || t.equals(s.path()))) {
        continue; // keep the generated paths independent of each other
      }
      taken.add(s.path());
      switch (s.kind()) {
        case 0 -> b.file(s.path(), s.content());
        case 1 -> b.dir(s.path());
        case 2 -> b.symlink(s.path(), "t" + s.content());
        default -> b.file(s.path(), s.content()).edit(s.path(), m -> m.permissions(0600));
      }
      Instant t = Instant.ofEpochSecond(0, s.nanos());
      b.edit(
          s.path(),
          m ->
              m.mtime(
                  precision == TimePrecision.SECONDS
                      ? Instant.ofEpochSecond(t.getEpochSecond())
                      : t));
    }
    return b.build();
  }

  @Property(tries = 300)
  void aTreeEqualsItselfAndItsImage(@ForAll("trees") List<Spec> a) throws IOException {
    assertTrue(
        TreeComparator.compare(
                build(a, TimePrecision.NANOSECONDS),
                build(a, TimePrecision.NANOSECONDS),
                CompareOptions.defaults().withChecksum(true))
            .isEmpty());
    // Against its "image": the same tree with whole-second mtimes.
    assertTrue(
        TreeComparator.compare(
                build(a, TimePrecision.SECONDS),
                build(a, TimePrecision.NANOSECONDS),
                CompareOptions.defaults().withChecksum(true))
            .isEmpty());
  }

  @Property(tries = 500)
  void everyDifferenceIsCovered(@ForAll("trees") List<Spec> a, @ForAll("trees") List<Spec> b)
      throws IOException {
    Tree before = build(a, TimePrecision.SECONDS);
    Tree after = build(b, TimePrecision.NANOSECONDS);
    Comparison c =
        TreeComparator.compare(before, after, CompareOptions.defaults().withChecksum(true));
    List<String> differences = TreeAssertions.differences(after, before, TreeComparison.strict());
    assertEquals(differences.isEmpty(), c.isEmpty(), differences + " vs " + c.changes());
    for (String d : differences) {
      String path = d.substring(0, d.indexOf(':'));
      boolean covered =
          c.stream()
              .anyMatch(
                  x ->
                      x.path().equals(path)
                          || path.startsWith(x.path().equals("/") ? "/" : x.path() + "/")
                              && x.kind() != ChangeKind.METADATA
                              && x.kind() != ChangeKind.MODIFY);
      assertTrue(covered, d + " not covered by " + c.changes());
    }
  }
}
