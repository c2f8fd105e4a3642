package io.github.squashtree.overlay;

import io.github.squashtree.core.host.DirectoryTree;
import io.github.squashtree.core.tree.Entry;
import io.github.squashtree.core.tree.EntryType;
import io.github.squashtree.core.tree.Metadata;
import io.github.squashtree.core.tree.NameOrder;
import io.github.squashtree.core.tree.StoredContent;
import io.github.squashtree.core.tree.TimePrecision;
import io.github.squashtree.core.tree.Tree;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What overlayfs would show for a stack of layers (a lower tree with an upper directory on top, or
 * several lower layers), read from the layers themselves (no mount needed), following the kernel's
 * rules (Documentation/filesystems/overlayfs.rst):
 *
 * <ul>
 *   <li>the topmost entry of a name wins; a directory merges with the directories of that name
 *       below it, down to the first layer where the name is a whiteout or not a directory, or to
 *       the first directory marked opaque ({@code overlay.opaque="y"}) included;
 *   <li>a whiteout hides the name from the layers below: a 0/0 character device, or a zero-size
 *       regular file with {@code overlay.whiteout} whose parent directory has {@code
 *       overlay.opaque="x"};
 *   <li>overlayfs's private attributes ({@link OverlayNamespace}) are hidden from the merged
 *       metadata, as the kernel hides them from {@code listxattr};
 *   <li>the root is always merged; the kernel ignores {@code opaque} on the root of a layer;
 *   <li>{@code overlay.redirect} and {@code overlay.metacopy} are not modelled: meeting one throws
 *       {@link UnsupportedOverlayException} naming the path.
 * </ul>
 *
 * <p>Times: every entry keeps the mtime of the layer it comes from (an upper entry has nanoseconds
 * even over a SquashFS lower). {@link #precision()} is the coarsest precision of the layers,
 * because one precision has to describe the whole tree: over an image it is {@link
 * TimePrecision#SECONDS}.
 *
 * <p>Hard links: the link keys of the layers are kept apart by the layer's number in the top eight
 * bits (the bottom layer's number is 0, so its keys stay as they are), so entries of different
 * layers never look like links of each other; a lower hard link of which one name was copied up is,
 * as on a mount without {@code index=on}, two objects. Link keys of the layers must stay below 2^56
 * (those of {@link DirectoryTree} and image trees do).
 */
public final class OverlayTree implements Tree {
  /** The kernel accepts up to 500 lower layers; eight bits of the link key tell 256 apart. */
  public static final int MAX_LAYERS = 256;

  private static final int LAYER_SHIFT = 56;
  private static final long KEY_MASK = (1L << LAYER_SHIFT) - 1;

  /** The layers, top first. */
  private final List<Tree> layers;

  private final OverlayNamespace namespace;

  /** For each merged directory met so far: the layer directories it shows, top first. */
  private final ConcurrentHashMap<String, Entry[]> directories = new ConcurrentHashMap<>();

  private OverlayTree(List<Tree> topFirst, OverlayNamespace namespace) {
    this.layers = topFirst;
    this.namespace = Objects.requireNonNull(namespace, "namespace");
  }

  /**
   * The overlay of {@code lower} by {@code upper} (usually a {@link DirectoryTree}), interpreting
   * the overlay attributes of {@code namespace}. Closing the overlay closes both trees.
   *
   * @param lower the lower layer
   * @param upper the upper layer
   * @param namespace where whiteouts and opaque marks are read
   * @return the merged view
   */
  public static OverlayTree of(Tree lower, Tree upper, OverlayNamespace namespace) {
    return stack(List.of(lower, upper), namespace);
  }

  /**
   * The overlay of {@code layers}, the bottom layer first (as the layers of a chain of delta images
   * are made: base, then each layer over it) and the topmost last. Closing the overlay closes every
   * layer.
   *
   * @param bottomFirst the layers, the lowest first
   * @param namespace where whiteouts and opaque marks are read
   * @return the merged view
   */
  public static OverlayTree stack(List<? extends Tree> bottomFirst, OverlayNamespace namespace) {
    if (bottomFirst.isEmpty() || bottomFirst.size() > MAX_LAYERS) {
      throw new IllegalArgumentException(
          "an overlay needs 1 to " + MAX_LAYERS + " layers, not " + bottomFirst.size());
    }
    List<Tree> topFirst = new ArrayList<>(bottomFirst);
    Collections.reverse(topFirst);
    return new OverlayTree(List.copyOf(topFirst), namespace);
  }

  /**
   * The overlay of {@code lower} by the directory {@code upperDir}, {@code trusted.} namespace.
   *
   * @param lower the lower layer
   * @param upperDir the upper directory
   * @return the merged view
   * @throws IOException if the upper directory cannot be opened
   */
  public static OverlayTree open(Tree lower, Path upperDir) throws IOException {
    return of(lower, DirectoryTree.open(upperDir), OverlayNamespace.TRUSTED);
  }

  @Override
  public Entry root() throws IOException {
    Entry[] roots = new Entry[layers.size()];
    for (int i = 0; i < roots.length; i++) {
      roots[i] = layers.get(i).root();
    }
    directories.put("/", roots);
    return new Entry("/", merged(roots[0].metadata(), 0, "/"));
  }

  @Override
  public List<Entry> children(Entry directory) throws IOException {
    if (!directory.isDirectory()) {
      throw new IllegalArgumentException("not a directory: " + directory.path());
    }
    Entry[] dirs = layersOf(directory.path());
    int n = dirs.length;
    List<List<Entry>> lists = new ArrayList<>(n);
    boolean[] xwhiteouts = new boolean[n];
    int total = 0;
    for (int i = 0; i < n; i++) {
      List<Entry> c = dirs[i] == null ? List.of() : layers.get(i).children(dirs[i]);
      lists.add(c);
      xwhiteouts[i] = dirs[i] != null && namespace.hasXattrWhiteouts(dirs[i].metadata());
      total = Math.max(total, c.size());
    }
    List<Entry> out = new ArrayList<>(total);
    int[] next = new int[n];
    Entry[] hits = new Entry[n];
    while (true) {
      String least = null;
      for (int i = 0; i < n; i++) {
        if (next[i] < lists.get(i).size()) {
          String name = lists.get(i).get(next[i]).name();
          if (least == null || NameOrder.NAMES.compare(name, least) < 0) {
            least = name;
          }
        }
      }
      if (least == null) {
        break;
      }
      for (int i = 0; i < n; i++) {
        List<Entry> c = lists.get(i);
        hits[i] = next[i] < c.size() && c.get(next[i]).name().equals(least) ? c.get(next[i]) : null;
        if (hits[i] != null) {
          next[i]++;
        }
      }
      Entry child = combine(directory.childPath(least), hits, xwhiteouts);
      if (child != null) {
        out.add(child);
      }
    }
    return Collections.unmodifiableList(out);
  }

  @Override
  public Optional<Entry> lookup(String path) throws IOException {
    Entry current = root();
    int n = layers.size();
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
      Entry[] dirs = layersOf(current.path());
      String child = current.childPath(name);
      Entry[] hits = new Entry[n];
      boolean[] xwhiteouts = new boolean[n];
      boolean any = false;
      for (int i = 0; i < n; i++) {
        if (dirs[i] != null) {
          hits[i] = layers.get(i).lookup(child).orElse(null);
          xwhiteouts[i] = namespace.hasXattrWhiteouts(dirs[i].metadata());
          any |= hits[i] != null;
        }
      }
      current = any ? combine(child, hits, xwhiteouts) : null;
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
    return layerOf(file).open(inLayer(file));
  }

  @Override
  public Optional<StoredContent> storedContent(Entry file) throws IOException {
    if (file.type() != EntryType.FILE) {
      throw new IllegalArgumentException("not a regular file: " + file.path());
    }
    return layerOf(file).storedContent(inLayer(file));
  }

  /** The layer an entry comes from, by the layer number in its link key. */
  private Tree layerOf(Entry file) {
    return layers.get(layers.size() - 1 - (int) (file.metadata().linkKey() >>> LAYER_SHIFT));
  }

  /** The entry as its own layer knows it: the link key without the layer number. */
  private static Entry inLayer(Entry file) {
    return new Entry(
        file.path(), file.metadata().withLinkKey(file.metadata().linkKey() & KEY_MASK));
  }

  /** The coarsest precision of the layers; see the class comment. */
  @Override
  public TimePrecision precision() {
    TimePrecision p = TimePrecision.NANOSECONDS;
    for (Tree t : layers) {
      p = TimePrecision.coarser(p, t.precision());
    }
    return p;
  }

  @Override
  public void close() throws IOException {
    directories.clear();
    IOException first = null;
    for (Tree t : layers) {
      try {
        t.close();
      } catch (IOException e) {
        if (first == null) {
          first = e;
        } else {
          first.addSuppressed(e);
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }

  /**
   * The merged entry at {@code path} from the layers' entries of that name ({@code hits}, top
   * first, null where a layer has none), or null when a whiteout hides it. {@code xwhiteouts[i]}
   * says whether layer i's parent directory holds xattr whiteouts.
   */
  private Entry combine(String path, Entry[] hits, boolean[] xwhiteouts) throws IOException {
    int top = 0;
    while (hits[top] == null) {
      top++;
    }
    Entry shown = hits[top];
    if (namespace.isWhiteout(shown.metadata(), xwhiteouts[top])) {
      return null;
    }
    checkSupported(shown, top);
    if (shown.isDirectory()) {
      Entry[] stack = new Entry[hits.length];
      stack[top] = shown;
      boolean opaque = namespace.isOpaque(shown.metadata());
      for (int i = top + 1; i < hits.length && !opaque; i++) {
        Entry below = hits[i];
        if (below == null) {
          continue;
        }
        if (!below.isDirectory() || namespace.isWhiteout(below.metadata(), xwhiteouts[i])) {
          break;
        }
        checkSupported(below, i);
        stack[i] = below;
        opaque = namespace.isOpaque(below.metadata());
      }
      directories.put(path, stack);
    }
    return new Entry(path, merged(shown.metadata(), top, path));
  }

  private Entry[] layersOf(String path) throws IOException {
    Entry[] dirs = directories.get(path);
    if (dirs == null) {
      // Not met in a walk yet: find it from the root, which records it.
      Optional<Entry> found = lookup(path);
      if (found.isEmpty() || !found.get().isDirectory()) {
        throw new IllegalArgumentException("not a directory of this tree: " + path);
      }
      dirs = directories.get(found.get().path());
    }
    return dirs;
  }

  private void checkSupported(Entry e, int layer) throws UnsupportedOverlayException {
    String attribute = namespace.unsupported(e.metadata());
    if (attribute != null) {
      throw new UnsupportedOverlayException(
          e.path()
              + ": entry of "
              + layerName(layer)
              + " has "
              + attribute
              + ", which is not supported yet (mount the overlay and compare its merged"
              + " directory instead)");
    }
  }

  /** "the upper layer" over one lower, else the layer's number counted from the bottom (0). */
  private String layerName(int topIndex) {
    int fromBottom = layers.size() - 1 - topIndex;
    if (layers.size() == 2) {
      return fromBottom == 1 ? "the upper layer" : "the lower layer";
    }
    return "layer " + fromBottom + " (0 is the bottom)";
  }

  private Metadata merged(Metadata m, int topIndex, String path) throws IOException {
    if ((m.linkKey() & ~KEY_MASK) != 0) {
      throw new IOException(
          path
              + ": link key "
              + m.linkKey()
              + " of "
              + layerName(topIndex)
              + " uses the top eight bits, which the overlay needs to tell the layers apart");
    }
    Metadata visible = m.withXattrs(namespace.visible(m));
    long layer = layers.size() - 1 - topIndex;
    // The bottom layer's keys stay as they are: only the (few) upper entries need a new key.
    return layer == 0 ? visible : visible.withLinkKey(m.linkKey() | (layer << LAYER_SHIFT));
  }
}
