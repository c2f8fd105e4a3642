package io.github.squashtree.overlay;

import io.github.squashtree.core.tree.Entry;
import io.github.squashtree.core.tree.ForwardingTree;
import io.github.squashtree.core.tree.Metadata;
import io.github.squashtree.core.tree.Tree;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.Predicate;

/**
 * A tree seen without some extended attributes, remembering which entries had any. Closing this
 * view leaves the underlying tree open.
 *
 * <p>{@link #overlayPrivate} hides overlayfs's private attributes ({@code trusted.overlay.*} and
 * {@code user.overlay.*}) of a source tree: through a mounted overlay the kernel hides them and
 * refuses to set them, and no layer can show them, so a sync or a layer can only leave them out.
 */
final class XattrFilter extends ForwardingTree {
  private final Predicate<String> hidden;
  private final SortedMap<String, List<String>> dropped =
      new ConcurrentSkipListMap<>(PathOrder.PATHS);

  /** {@code tree} without the attributes whose names {@code hidden} accepts. */
  XattrFilter(Tree tree, Predicate<String> hidden) {
    super(tree);
    this.hidden = hidden;
  }

  /** {@code tree} without overlayfs's private attributes of either namespace. */
  static XattrFilter overlayPrivate(Tree tree) {
    return new XattrFilter(
        tree,
        name -> OverlayNamespace.TRUSTED.isPrivate(name) || OverlayNamespace.USER.isPrivate(name));
  }

  /** Paths whose attributes were left out, with the attribute names, in path order. */
  SortedMap<String, List<String>> dropped() {
    return new TreeMap<>(dropped);
  }

  @Override
  public Entry root() throws IOException {
    return filter(delegate().root());
  }

  @Override
  public List<Entry> children(Entry directory) throws IOException {
    List<Entry> in = delegate().children(directory);
    List<Entry> out = new ArrayList<>(in.size());
    for (Entry e : in) {
      out.add(filter(e));
    }
    return out;
  }

  @Override
  public Optional<Entry> lookup(String path) throws IOException {
    Optional<Entry> e = delegate().lookup(path);
    return e.isPresent() ? Optional.of(filter(e.get())) : e;
  }

  /** Leaves the underlying tree open. */
  @Override
  public void close() {}

  private Entry filter(Entry e) {
    Metadata m = e.metadata();
    List<String> names = new ArrayList<>();
    for (String name : m.xattrs().keySet()) {
      if (hidden.test(name)) {
        names.add(name);
      }
    }
    if (names.isEmpty()) {
      return e;
    }
    dropped.put(e.path(), List.copyOf(names));
    SortedMap<String, byte[]> kept = new TreeMap<>(m.xattrs());
    names.forEach(kept::remove);
    return new Entry(e.path(), m.withXattrs(kept));
  }
}
