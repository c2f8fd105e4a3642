package io.github.squashtree.overlay;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The result of {@link TreeComparator#compare}: the changes in path order, and the hard-link groups
 * of the new tree that a writer needs to keep groups together.
 */
public final class Comparison {
  private final List<Change> changes;
  private final Map<String, List<String>> newLinkGroups;

  Comparison(List<Change> changes, Map<String, List<String>> newLinkGroups) {
    this.changes = List.copyOf(changes);
    this.newLinkGroups = Map.copyOf(newLinkGroups);
  }

  /**
   * Every change, in the order of a depth-first walk with names in byte order.
   *
   * @return the changes, unmodifiable
   */
  public List<Change> changes() {
    return changes;
  }

  /**
   * The changes as a stream, in path order.
   *
   * @return a stream of the changes
   */
  public Stream<Change> stream() {
    return changes.stream();
  }

  /**
   * Whether the trees are equal as compared.
   *
   * @return true when the trees are equal
   */
  public boolean isEmpty() {
    return changes.isEmpty();
  }

  /**
   * The names of the new tree that are hard links of the non-directory at {@code path} (itself
   * included, in path order); a single-element list when it has no other name.
   *
   * @param path a path of the new tree
   * @return the paths of its hard-link group in the new tree
   */
  public List<String> newLinkGroup(String path) {
    return newLinkGroups.getOrDefault(path, List.of(path));
  }
}
