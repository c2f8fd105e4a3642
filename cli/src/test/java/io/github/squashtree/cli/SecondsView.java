package io.github.squashtree.cli;

import io.github.squashtree.core.tree.Entry;
import io.github.squashtree.core.tree.TimePrecision;
import io.github.squashtree.core.tree.Tree;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;

/** A tree that reports whole-second precision: a merged overlay over an image, say. */
record SecondsView(Tree tree) implements Tree {
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
