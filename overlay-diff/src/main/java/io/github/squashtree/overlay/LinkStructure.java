package io.github.squashtree.overlay;

import io.github.squashtree.core.tree.Entry;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The hard-link groups of both trees, for entries with a link count above one (only they can be in
 * a group), and which common paths must change their place in them.
 *
 * <p>A path present in both trees as a non-directory of the same type changes its hard-link
 * structure when its group in the new tree, restricted to such common paths, differs from its group
 * in the old tree restricted the same way. Which names to report: an old group that the new tree
 * splits keeps its largest part (the first in path order on a tie) and the other parts are
 * reported; a new group that is not exactly within one kept part is reported whole. Added names
 * joining a group are reported as adds; {@link Comparison#newLinkGroup} tells who they join.
 */
final class LinkStructure {
  /** Common paths with their keys in the old and new tree; null where the count is one. */
  private final Map<String, Long> oldKeys = new HashMap<>();

  private final Map<String, Long> newKeys = new HashMap<>();
  private final Map<String, Entry[]> pairs = new HashMap<>();

  /** Every new-tree name with a link count above one, common or added, by key. */
  private final Map<Long, List<String>> newGroups = new HashMap<>();

  synchronized void common(Entry before, Entry after) {
    boolean oldLinked = before.metadata().nlink() > 1;
    boolean newLinked = after.metadata().nlink() > 1;
    if (!oldLinked && !newLinked) {
      return;
    }
    String path = after.path();
    oldKeys.put(path, oldLinked ? before.metadata().linkKey() : null);
    newKeys.put(path, newLinked ? after.metadata().linkKey() : null);
    pairs.put(path, new Entry[] {before, after});
    if (newLinked) {
      newGroups.computeIfAbsent(after.metadata().linkKey(), k -> new ArrayList<>()).add(path);
    }
  }

  synchronized void added(Entry after) {
    if (after.metadata().nlink() > 1) {
      newGroups
          .computeIfAbsent(after.metadata().linkKey(), k -> new ArrayList<>())
          .add(after.path());
    }
  }

  /** The entry pair of a common path recorded here. */
  Entry[] pair(String path) {
    return pairs.get(path);
  }

  /** The common paths whose place in the link structure changes, in path order. */
  Set<String> changedPaths() {
    Set<String> changed = new TreeSet<>(PathOrder.PATHS);
    Map<Long, List<String>> oldGroups = groups(oldKeys);
    Map<String, Boolean> kept = new HashMap<>();
    for (List<String> group : oldGroups.values()) {
      Map<Object, List<String>> parts = new HashMap<>();
      for (String p : group) {
        Long k = newKeys.get(p);
        parts.computeIfAbsent(k == null ? (Object) p : k, x -> new ArrayList<>()).add(p);
      }
      List<String> keep =
          parts.values().stream()
              .max(
                  Comparator.<List<String>>comparingInt(List::size)
                      .thenComparing(l -> l.get(0), PathOrder.PATHS.reversed()))
              .orElseThrow();
      for (List<String> part : parts.values()) {
        for (String p : part) {
          kept.put(p, part == keep);
          if (part != keep) {
            changed.add(p);
          }
        }
      }
    }
    for (List<String> group : groups(newKeys).values()) {
      if (group.size() == 1) {
        continue; // alone among the common paths: fine unless split off above
      }
      Long first = oldKeys.get(group.get(0));
      boolean within =
          first != null
              && group.stream()
                  .allMatch(p -> first.equals(oldKeys.get(p)) && kept.getOrDefault(p, false));
      if (!within) {
        changed.addAll(group);
      }
    }
    return changed;
  }

  /** The new tree's link groups by path: each name with a count above one, to its group. */
  Map<String, List<String>> newGroupsByPath() {
    Map<String, List<String>> byPath = new HashMap<>();
    for (List<String> group : newGroups.values()) {
      List<String> sorted = new ArrayList<>(group);
      sorted.sort(PathOrder.PATHS);
      List<String> shared = List.copyOf(sorted);
      shared.forEach(p -> byPath.put(p, shared));
    }
    return byPath;
  }

  private static Map<Long, List<String>> groups(Map<String, Long> keys) {
    Map<Long, List<String>> byKey = new TreeMap<>();
    keys.forEach(
        (p, k) -> {
          if (k != null) {
            byKey.computeIfAbsent(k, x -> new ArrayList<>()).add(p);
          }
        });
    byKey.values().forEach(l -> l.sort(PathOrder.PATHS));
    return byKey;
  }
}
