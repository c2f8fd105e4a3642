package io.github.squashtree.overlay;

import io.github.squashtree.core.tree.Entry;
import io.github.squashtree.core.tree.ForwardingTree;
import io.github.squashtree.core.tree.Tree;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A view of the tree a run compares that keeps the link key (device and inode) of each directory it
 * shows, as first shown: the run checks a directory it changes in place is still that one ({@link
 * MergedWriter}). One entry per directory of the tree; the comparator may read it from several
 * threads.
 */
final class ComparedDirectories extends ForwardingTree {
  private final Map<String, Long> keys = new ConcurrentHashMap<>();

  ComparedDirectories(Tree compared) {
    super(compared);
  }

  /** The link key of each directory shown so far, by path. */
  Map<String, Long> keys() {
    return keys;
  }

  @Override
  public Entry root() throws IOException {
    return seen(delegate().root());
  }

  @Override
  public List<Entry> children(Entry directory) throws IOException {
    List<Entry> children = delegate().children(directory);
    children.forEach(this::seen);
    return children;
  }

  @Override
  public Optional<Entry> lookup(String path) throws IOException {
    return delegate().lookup(path).map(this::seen);
  }

  private Entry seen(Entry e) {
    if (e.isDirectory()) {
      keys.putIfAbsent(e.path(), e.metadata().linkKey());
    }
    return e;
  }
}
