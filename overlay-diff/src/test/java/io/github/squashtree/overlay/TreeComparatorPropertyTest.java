package io.github.squashtree.overlay;

import static io.github.squashtree.fixtures.TreeAssertions.printable;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.squashtree.core.tree.Entry;
import io.github.squashtree.core.tree.TimePrecision;
import io.github.squashtree.core.tree.Tree;
import io.github.squashtree.fixtures.TreeAssertions;
import io.github.squashtree.fixtures.TreeComparison;
import io.github.squashtree.overlay.RandomTrees.Shape;
import io.github.squashtree.overlay.RandomTrees.Spec;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.ShrinkingMode;

/**
 * Random pairs of trees ({@link RandomTrees}): the comparator finds nothing in a tree against
 * itself or its image; every difference {@link TreeAssertions} sees is covered by a change at its
 * path or above it, and every change by a difference, with {@code --checksum} and with the default
 * quick check, whose one blind spot (a content change keeping size and mtime at the coarser
 * precision) is the only difference it may leave uncovered.
 */
class TreeComparatorPropertyTest {
  private static CompareOptions options(boolean checksum) {
    return CompareOptions.defaults().withChecksum(checksum);
  }

  @Property(tries = 300, shrinking = ShrinkingMode.OFF)
  void aTreeEqualsItselfAndItsImage(@ForAll long seed, @ForAll boolean checksum)
      throws IOException {
    List<Spec> a = RandomTrees.specs(new Random(seed), 40);
    Tree nanos = RandomTrees.build(a, Shape.inMemory(TimePrecision.NANOSECONDS, false));
    Tree again = RandomTrees.build(a, Shape.inMemory(TimePrecision.NANOSECONDS, false));
    Tree image = RandomTrees.build(a, Shape.inMemory(TimePrecision.SECONDS, false));
    assertTrue(TreeComparator.compare(nanos, again, options(checksum)).isEmpty());
    // Against its "image": the same tree with whole-second mtimes.
    assertTrue(TreeComparator.compare(image, nanos, options(checksum)).isEmpty());
  }

  @Property(tries = 500, shrinking = ShrinkingMode.OFF)
  void everyDifferenceIsCoveredAndEveryChangeIsOne(@ForAll long seed, @ForAll boolean checksum)
      throws IOException {
    RandomTrees.Pair pair = RandomTrees.pair(new Random(seed), 40);
    Tree before = RandomTrees.build(pair.before(), Shape.inMemory(TimePrecision.SECONDS, false));
    Tree after = RandomTrees.build(pair.after(), Shape.inMemory(TimePrecision.NANOSECONDS, false));
    Comparison c = TreeComparator.compare(before, after, options(checksum));
    List<String> all = TreeAssertions.differences(after, before, TreeComparison.strict());
    List<String> differences = new ArrayList<>();
    for (String d : all) {
      if (checksum || !quickBlindSpot(d, before, after)) {
        differences.add(d);
      }
    }
    assertEquals(
        differences.isEmpty(), c.isEmpty(), () -> printable(differences + " vs " + c.changes()));
    for (String d : differences) {
      // A hard-link line is covered by a change at its name or at any that joined or left its
      // group.
      List<String> paths = new ArrayList<>(List.of(pathOf(d)));
      if (d.contains(": hard links expected ")) {
        paths.addAll(movedNames(d));
      }
      boolean covered =
          c.stream()
              .anyMatch(
                  x ->
                      paths.stream()
                          .anyMatch(
                              path ->
                                  x.path().equals(path)
                                      || isBelow(path, x.path())
                                          && x.kind() != ChangeKind.METADATA
                                          && x.kind() != ChangeKind.MODIFY));
      assertTrue(covered, () -> printable(d + " not covered by " + c.changes()));
    }
    for (Change x : c.changes()) {
      boolean real =
          all.stream()
              .anyMatch(
                  d ->
                      pathOf(d).equals(x.path())
                          || isBelow(x.path(), pathOf(d))
                          || d.contains(": hard links expected ") && linksName(d, x.path()));
      assertTrue(real, () -> printable(x + " is no difference of " + all));
    }
  }

  /**
   * A content difference the quick check cannot see: the sizes are equal (else the line would say
   * size) and so are the mtimes at whole seconds, the coarser precision.
   */
  private static boolean quickBlindSpot(String difference, Tree before, Tree after)
      throws IOException {
    if (!difference.contains(": content differs from byte ")) {
      return false;
    }
    String path = pathOf(difference);
    Optional<Entry> x = before.lookup(path);
    Optional<Entry> y = after.lookup(path);
    return x.isPresent()
        && y.isPresent()
        && x.get().metadata().mtime().getEpochSecond()
            == y.get().metadata().mtime().getEpochSecond();
  }

  private static String pathOf(String difference) {
    return difference.substring(0, difference.indexOf(": "));
  }

  private static boolean isBelow(String path, String dir) {
    return path.startsWith(dir.equals("/") ? "/" : dir + "/") && !path.equals(dir);
  }

  /**
   * The names in one of a hard-link line's two groups but not the other: {@code /a: hard links
   * expected [/a, /b] but was [/a, /c]} gives /b and /c.
   */
  private static List<String> movedNames(String difference) {
    int expected = difference.indexOf(" expected [") + " expected [".length();
    int but = difference.indexOf("] but was [");
    Set<String> a = new TreeSet<>(List.of(difference.substring(expected, but).split(", ")));
    Set<String> b =
        new TreeSet<>(
            List.of(
                difference
                    .substring(but + "] but was [".length(), difference.length() - 1)
                    .split(", ")));
    List<String> moved = new ArrayList<>();
    a.stream().filter(p -> !b.contains(p)).forEach(moved::add);
    b.stream().filter(p -> !a.contains(p)).forEach(moved::add);
    return moved;
  }

  /** Whether a hard-link line's groups ("[/a, /b]") name {@code path}. */
  private static boolean linksName(String difference, String path) {
    return difference.contains("[" + path + ",")
        || difference.contains(", " + path + ",")
        || difference.contains(", " + path + "]")
        || difference.contains("[" + path + "]");
  }
}
