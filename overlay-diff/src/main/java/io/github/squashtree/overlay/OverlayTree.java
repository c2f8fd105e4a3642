package io.github.squashtree.overlay;

import io.github.squashtree.core.tree.DirectoryTree;
import io.github.squashtree.core.tree.Entry;
import io.github.squashtree.core.tree.EntryType;
import io.github.squashtree.core.tree.Metadata;
import io.github.squashtree.core.tree.NameOrder;
import io.github.squashtree.core.tree.TimePrecision;
import io.github.squashtree.core.tree.Tree;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What overlayfs would show for a lower tree with an upper directory on top, read from the layers
 * themselves (no mount needed), following the kernel's rules (Documentation/filesystems/
 * overlayfs.rst):
 *
 * <ul>
 *   <li>an upper entry replaces the lower entry of the same name; an upper directory over a lower
 *       directory merges with it, unless it is opaque ({@code overlay.opaque="y"});
 *   <li>a whiteout hides the name: a 0/0 character device, or a zero-size regular file with {@code
 *       overlay.whiteout} whose parent directory has {@code overlay.opaque="x"};
 *   <li>the same rules apply to whiteouts inside the lower tree (a lower layer may itself be a
 *       former upper layer);
 *   <li>overlayfs's private attributes ({@link OverlayNamespace}) are hidden from the merged
 *       metadata, as the kernel hides them from {@code listxattr};
 *   <li>the root is always merged; the kernel ignores {@code opaque} on the root of a layer;
 *   <li>{@code overlay.redirect} and {@code overlay.metacopy} are not modelled: meeting one throws
 *       {@link UnsupportedOverlayException} naming the path.
 * </ul>
 *
 * <p>Times: every entry keeps the mtime of the layer it comes from (an upper entry has nanoseconds
 * even over a SquashFS lower). {@link #precision()} is the coarser precision of the two layers,
 * because one precision has to describe the whole tree: over an image it is {@link
 * TimePrecision#SECONDS}.
 *
 * <p>Hard links: the link keys of the two layers are kept apart by the top bit (set for the upper
 * layer), so an upper and a lower entry never look like links of each other; a lower hard link of
 * which one name was copied up is, as on a mount without {@code index=on}, two objects. Link keys
 * of the layers must be non-negative (those of {@link DirectoryTree} and image trees are).
 */
public final class OverlayTree implements Tree {
  private static final long UPPER_BIT = Long.MIN_VALUE;

  private final Tree lower;
  private final Tree upper;
  private final OverlayNamespace namespace;

  /** For each merged directory met so far: the layer directories it shows. */
  private final ConcurrentHashMap<String, Layers> directories = new ConcurrentHashMap<>();

  /** The directories of each layer behind one merged directory; either may be null. */
  private record Layers(Entry upper, Entry lower) {}

  private OverlayTree(Tree lower, Tree upper, OverlayNamespace namespace) {
    this.lower = lower;
    this.upper = upper;
    this.namespace = namespace;
  }

  /**
   * The overlay of {@code lower} by {@code upper} (usually a {@link DirectoryTree}), interpreting
   * the overlay attributes of {@code namespace}. Closing the overlay closes both trees.
   */
  public static OverlayTree of(Tree lower, Tree upper, OverlayNamespace namespace) {
    return new OverlayTree(lower, upper, namespace);
  }

  /** The overlay of {@code lower} by the directory {@code upperDir}, {@code trusted.} namespace. */
  public static OverlayTree open(Tree lower, Path upperDir) throws IOException {
    return of(lower, DirectoryTree.open(upperDir), OverlayNamespace.TRUSTED);
  }

  @Override
  public Entry root() throws IOException {
    Entry u = upper.root();
    Entry l = lower.root();
    directories.put("/", new Layers(u, l));
    return new Entry("/", merged(u.metadata(), true, "/"));
  }

  @Override
  public List<Entry> children(Entry directory) throws IOException {
    if (!directory.isDirectory()) {
      throw new IllegalArgumentException("not a directory: " + directory.path());
    }
    Layers layers = layersOf(directory.path());
    List<Entry> ups = layers.upper() == null ? List.of() : upper.children(layers.upper());
    List<Entry> lows = layers.lower() == null ? List.of() : lower.children(layers.lower());
    boolean upX = layers.upper() != null && namespace.hasXattrWhiteouts(layers.upper().metadata());
    boolean lowX = layers.lower() != null && namespace.hasXattrWhiteouts(layers.lower().metadata());
    List<Entry> out = new ArrayList<>(Math.max(ups.size(), lows.size()));
    int i = 0;
    int j = 0;
    while (i < ups.size() || j < lows.size()) {
      int order =
          i == ups.size()
              ? 1
              : j == lows.size()
                  ? -1
                  : NameOrder.NAMES.compare(ups.get(i).name(), lows.get(j).name());
      Entry child =
          order < 0
              ? combine(directory, ups.get(i++), upX, null, false)
              : order > 0
                  ? combine(directory, null, false, lows.get(j++), lowX)
                  : combine(directory, ups.get(i++), upX, lows.get(j++), lowX);
      if (child != null) {
        out.add(child);
      }
    }
    return Collections.unmodifiableList(out);
  }

  @Override
  public Optional<Entry> lookup(String path) throws IOException {
    Entry current = root();
    for (String name : path.split("/")) {
      if (name.isEmpty() || name.equals(".")) {
        continue;
      }
      if (name.equals("..")) {
        throw new IllegalArgumentException("path must not contain '..': " + path);
      }
      if (!current.isDirectory()) {
        return Optional.empty();
      }
      Layers layers = layersOf(current.path());
      String child = current.childPath(name);
      Entry u = layers.upper() == null ? null : upper.lookup(child).orElse(null);
      Entry l = layers.lower() == null ? null : lower.lookup(child).orElse(null);
      boolean upX =
          layers.upper() != null && namespace.hasXattrWhiteouts(layers.upper().metadata());
      boolean lowX =
          layers.lower() != null && namespace.hasXattrWhiteouts(layers.lower().metadata());
      current = u == null && l == null ? null : combine(current, u, upX, l, lowX);
      if (current == null) {
        return Optional.empty();
      }
    }
    return Optional.of(current);
  }

  @Override
  public InputStream open(Entry file) throws IOException {
    if (file.type() != EntryType.FILE) {
      throw new IllegalArgumentException("not a regular file: " + file.path());
    }
    long key = file.metadata().linkKey();
    Entry raw = new Entry(file.path(), file.metadata().withLinkKey(key & ~UPPER_BIT));
    return (key & UPPER_BIT) != 0 ? upper.open(raw) : lower.open(raw);
  }

  /** The coarser precision of the two layers; see the class comment. */
  @Override
  public TimePrecision precision() {
    return TimePrecision.coarser(lower.precision(), upper.precision());
  }

  @Override
  public void close() throws IOException {
    try (Tree l = lower;
        Tree u = upper) {
      directories.clear();
    }
  }

  /**
   * The merged entry for a name that the upper layer ({@code u}) or the lower layer ({@code l}) or
   * both hold, or null when a whiteout hides it.
   */
  private Entry combine(Entry parent, Entry u, boolean upX, Entry l, boolean lowX)
      throws IOException {
    String path = parent.childPath(u != null ? u.name() : l.name());
    Entry lowerShown = l == null || namespace.isWhiteout(l.metadata(), lowX) ? null : l;
    if (u != null) {
      if (namespace.isWhiteout(u.metadata(), upX)) {
        return null;
      }
      checkSupported(u, "upper");
      if (u.isDirectory()) {
        boolean merge =
            lowerShown != null && lowerShown.isDirectory() && !namespace.isOpaque(u.metadata());
        if (merge) {
          checkSupported(lowerShown, "lower");
        }
        directories.put(path, new Layers(u, merge ? lowerShown : null));
      }
      return new Entry(path, merged(u.metadata(), true, path));
    }
    if (lowerShown == null) {
      return null;
    }
    checkSupported(lowerShown, "lower");
    if (lowerShown.isDirectory()) {
      directories.put(path, new Layers(null, lowerShown));
    }
    return new Entry(path, merged(lowerShown.metadata(), false, path));
  }

  private Layers layersOf(String path) throws IOException {
    Layers layers = directories.get(path);
    if (layers == null) {
      // Not met in a walk yet: find it from the root, which records it.
      Optional<Entry> found = lookup(path);
      if (found.isEmpty() || !found.get().isDirectory()) {
        throw new IllegalArgumentException("not a directory of this tree: " + path);
      }
      layers = directories.get(found.get().path());
    }
    return layers;
  }

  private void checkSupported(Entry e, String layer) throws UnsupportedOverlayException {
    String attribute = namespace.unsupported(e.metadata());
    if (attribute != null) {
      throw new UnsupportedOverlayException(
          e.path()
              + ": "
              + layer
              + " entry has "
              + attribute
              + ", which is not supported yet (mount the overlay and compare its merged"
              + " directory instead)");
    }
  }

  private Metadata merged(Metadata m, boolean fromUpper, String path) throws IOException {
    if (m.linkKey() < 0) {
      throw new IOException(
          path
              + ": link key "
              + m.linkKey()
              + " of the "
              + (fromUpper ? "upper" : "lower")
              + " layer uses the top bit, which the overlay needs to tell the layers apart");
    }
    Metadata visible = m.withXattrs(namespace.visible(m));
    // Only the (few) upper entries need a second copy for their layer bit.
    return fromUpper ? visible.withLinkKey(m.linkKey() | UPPER_BIT) : visible;
  }
}
