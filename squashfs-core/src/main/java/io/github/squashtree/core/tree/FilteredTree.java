package io.github.squashtree.core.tree;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/** A tree seen through a {@link PathFilter}: dropped entries and what is below them are absent. */
final class FilteredTree extends ForwardingTree {
  private final PathFilter filter;

  FilteredTree(Tree tree, PathFilter filter) {
    super(tree);
    this.filter = filter;
  }

  @Override
  public List<Entry> children(Entry directory) throws IOException {
    List<Entry> all = super.children(directory);
    List<Entry> kept = null; // copied only once something is dropped
    for (int i = 0; i < all.size(); i++) {
      Entry e = all.get(i);
      boolean admitted = filter.admits(e.path(), e.isDirectory());
      if (!admitted && kept == null) {
        kept = new ArrayList<>(all.subList(0, i));
      } else if (admitted && kept != null) {
        kept.add(e);
      }
    }
    return kept == null ? all : Collections.unmodifiableList(kept);
  }

  @Override
  public Optional<Entry> lookup(String path) throws IOException {
    Optional<Entry> found = super.lookup(path);
    if (found.isEmpty()) {
      return found;
    }
    // Every directory on the way must be kept too: a dropped directory takes its subtree.
    String p = found.get().path();
    int slash = p.indexOf('/', 1);
    while (slash > 0) {
      if (!filter.admits(p.substring(0, slash), true)) {
        return Optional.empty();
      }
      slash = p.indexOf('/', slash + 1);
    }
    Entry e = found.get();
    return p.equals("/") || filter.admits(p, e.isDirectory()) ? found : Optional.empty();
  }
}
