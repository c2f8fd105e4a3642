package io.github.squashtree.core.tree;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Two trees as one, {@code upper} winning: a name in both is {@code upper}'s entry, and where both
 * are directories their contents merge the same way (with {@code upper}'s metadata). What {@code mk
 * --append} writes: an image's tree with a directory added onto it.
 *
 * <p>Unlike an overlay, nothing in {@code upper} deletes: a character device 0/0 is a device. The
 * link keys of {@code upper}'s entries get the top bit set, so that entries of the two trees never
 * look like hard links of each other (keys of both must stay below 2^63). Times have the coarser
 * precision of the two. Closing the merge closes both trees.
 */
public final class MergedTree implements Tree {
  private static final long UPPER = Long.MIN_VALUE;

  private final Tree lower;
  private final Tree upper;

  /** For each merged directory met so far: its lower and upper entries (either may be null). */
  private final ConcurrentHashMap<String, Entry[]> directories = new ConcurrentHashMap<>();

  private MergedTree(Tree lower, Tree upper) {
    this.lower = Objects.requireNonNull(lower, "lower");
    this.upper = Objects.requireNonNull(upper, "upper");
  }

  /**
   * {@code upper} merged onto {@code lower}.
   *
   * @param lower the tree below (an image being appended to)
   * @param upper the tree that wins
   * @return the merge
   */
  public static MergedTree of(Tree lower, Tree upper) {
    return new MergedTree(lower, upper);
  }

  @Override
  public Entry root() throws IOException {
    Entry l = lower.root();
    Entry u = upper.root();
    directories.put("/", new Entry[] {l, u});
    return new Entry("/", fromUpper(u.metadata()));
  }

  @Override
  public List<Entry> children(Entry directory) throws IOException {
    if (!directory.isDirectory()) {
      throw new IllegalArgumentException("not a directory: " + directory.path());
    }
    Entry[] pair = pairOf(directory.path());
    List<Entry> l = pair[0] == null ? List.of() : lower.children(pair[0]);
    List<Entry> u = pair[1] == null ? List.of() : upper.children(pair[1]);
    List<Entry> out = new ArrayList<>(Math.max(l.size(), u.size()));
    int i = 0;
    int j = 0;
    while (i < l.size() || j < u.size()) {
      int c =
          i == l.size()
              ? 1
              : j == u.size() ? -1 : NameOrder.NAMES.compare(l.get(i).name(), u.get(j).name());
      Entry lo = c <= 0 ? l.get(i++) : null;
      Entry up = c >= 0 ? u.get(j++) : null;
      out.add(combine(directory.childPath(lo != null ? lo.name() : up.name()), lo, up));
    }
    return Collections.unmodifiableList(out);
  }

  private Entry combine(String path, Entry lo, Entry up) {
    if (up == null) {
      if (lo.isDirectory()) {
        directories.put(path, new Entry[] {lo, null});
      }
      return new Entry(path, lo.metadata());
    }
    if (up.isDirectory()) {
      directories.put(path, new Entry[] {lo != null && lo.isDirectory() ? lo : null, up});
    }
    return new Entry(path, fromUpper(up.metadata()));
  }

  @Override
  public Optional<Entry> lookup(String path) throws IOException {
    Optional<Entry> up = upper.lookup(path);
    Optional<Entry> lo = lower.lookup(path);
    if (up.isEmpty() && lo.isEmpty()) {
      return Optional.empty();
    }
    // The entry shows only if no ancestor of it is replaced by a non-directory of the other tree.
    Entry found = up.orElseGet(lo::get);
    String p = found.path();
    Entry current = root();
    int from = 1;
    while (from < p.length()) {
      int slash = p.indexOf('/', from);
      String name = p.substring(from, slash < 0 ? p.length() : slash);
      Entry next = null;
      for (Entry c : children(current)) {
        if (c.name().equals(name)) {
          next = c;
          break;
        }
      }
      if (next == null) {
        return Optional.empty();
      }
      current = next;
      if (slash < 0) {
        break;
      }
      if (!current.isDirectory()) {
        return Optional.empty();
      }
      from = slash + 1;
    }
    return Optional.of(current);
  }

  @Override
  public InputStream open(Entry file) throws IOException {
    return treeOf(file).open(inOwnTree(file));
  }

  @Override
  public Optional<StoredContent> storedContent(Entry file) throws IOException {
    return treeOf(file).storedContent(inOwnTree(file));
  }

  @Override
  public TimePrecision precision() {
    return TimePrecision.coarser(lower.precision(), upper.precision());
  }

  @Override
  public void close() throws IOException {
    directories.clear();
    try {
      upper.close();
    } finally {
      lower.close();
    }
  }

  private Tree treeOf(Entry e) {
    return (e.metadata().linkKey() & UPPER) != 0 ? upper : lower;
  }

  private static Entry inOwnTree(Entry e) {
    return new Entry(e.path(), e.metadata().withLinkKey(e.metadata().linkKey() & ~UPPER));
  }

  private static Metadata fromUpper(Metadata m) {
    return m.withLinkKey(m.linkKey() | UPPER);
  }

  private Entry[] pairOf(String path) throws IOException {
    Entry[] pair = directories.get(path);
    if (pair == null) {
      Optional<Entry> found = lookup(path);
      if (found.isEmpty() || !found.get().isDirectory()) {
        throw new IllegalArgumentException("not a directory of this tree: " + path);
      }
      pair = directories.get(found.get().path());
    }
    return pair;
  }
}
