package io.github.squashtree.core.tree;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** A tree that passes every call to another; subclasses change the calls they need to. */
public abstract class ForwardingTree implements Tree {
  private final Tree delegate;

  /**
   * A tree passing every call to {@code delegate}.
   *
   * @param delegate the tree to pass calls to
   */
  protected ForwardingTree(Tree delegate) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
  }

  /**
   * {@code tree} as if it kept times at {@code precision} (a merged overlay over an image).
   *
   * @param tree the tree
   * @param precision the precision it reports
   * @return the view
   */
  public static Tree withPrecision(Tree tree, TimePrecision precision) {
    return new ForwardingTree(tree) {
      @Override
      public TimePrecision precision() {
        return precision;
      }
    };
  }

  /**
   * The tree calls are passed to.
   *
   * @return the delegate
   */
  protected Tree delegate() {
    return delegate;
  }

  @Override
  public Entry root() throws IOException {
    return delegate.root();
  }

  @Override
  public List<Entry> children(Entry directory) throws IOException {
    return delegate.children(directory);
  }

  @Override
  public Optional<Entry> lookup(String path) throws IOException {
    return delegate.lookup(path);
  }

  @Override
  public InputStream open(Entry file) throws IOException {
    return delegate.open(file);
  }

  @Override
  public Optional<StoredContent> storedContent(Entry file) throws IOException {
    return delegate.storedContent(file);
  }

  @Override
  public TimePrecision precision() {
    return delegate.precision();
  }

  @Override
  public void close() throws IOException {
    delegate.close();
  }
}
