package io.github.squashtree.interop;

import io.github.squashtree.core.tree.Entry;
import io.github.squashtree.core.tree.TimePrecision;
import io.github.squashtree.core.tree.Tree;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;

/**
 * A tree that reports whole-second precision, for a directory that holds what an image held
 * (extracted or mounted): its times are whole seconds, so the source is compared at seconds.
 */
final class SecondsTree implements Tree {
  private final Tree tree;

  SecondsTree(Tree tree) {
    this.tree = tree;
  }

  @Override
  public Entry root() throws IOException {
    return tree.root();
  }

  @Override
  public List<Entry> children(Entry directory) throws IOException {
    return tree.children(directory);
  }

  @Override
  public Optional<Entry> lookup(String path) throws IOException {
    return tree.lookup(path);
  }

  @Override
  public InputStream open(Entry file) throws IOException {
    return tree.open(file);
  }

  @Override
  public TimePrecision precision() {
    return TimePrecision.SECONDS;
  }

  @Override
  public void close() throws IOException {
    tree.close();
  }
}
