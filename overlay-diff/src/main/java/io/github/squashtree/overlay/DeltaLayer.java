package io.github.squashtree.overlay;

import io.github.squashtree.core.tree.Entry;
import io.github.squashtree.core.tree.EntryType;
import io.github.squashtree.core.tree.Metadata;
import io.github.squashtree.core.tree.Tree;
import io.github.squashtree.core.tree.TreeBuilder;
import io.github.squashtree.core.tree.TreeBuilder.Attributes;
import io.github.squashtree.core.write.SquashfsWriter;
import io.github.squashtree.core.write.WriteListener;
import io.github.squashtree.core.write.WriteResult;
import io.github.squashtree.core.write.WriterOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The layer that, put on top of the layers below, makes overlayfs show a new tree: only what
 * differs, as a {@link Tree} of its own that {@link SquashfsWriter} writes as a delta image and
 * {@link UpperApply} puts into an upper directory.
 *
 * <p>From the {@link TreeComparator changes} between the layers below (merged) and the new tree:
 *
 * <ul>
 *   <li>added, modified and replaced entries and entries whose metadata changed, with the new
 *       tree's metadata and content; a hard-link group of the new tree whole whenever one of its
 *       names is in (otherwise one name in the layer and one below would be two objects);
 *   <li>a whiteout for each deleted name ({@link WhiteoutStyle}); with xattr whiteouts the parent
 *       directory is marked {@code overlay.opaque="x"};
 *   <li>a directory that replaces a non-directory marked opaque ({@code overlay.opaque="y"}), as
 *       the kernel marks a directory it creates over a whiteout; so is a directory all of whose
 *       lower children are gone: one mark instead of a whiteout per child, as the kernel writes for
 *       a directory removed and made again;
 *   <li>every parent directory of the above, with the new tree's metadata (an upper directory's
 *       attributes are the merged directory's), and always the root — so the layer of an unchanged
 *       tree is its root alone.
 * </ul>
 *
 * <p>Attributes of the new tree in overlayfs's private namespaces are left out ({@link
 * #leftOutAttributes()}): no layer can show them. A 0/0 character device in the new tree cannot be
 * shown either (it is a whiteout to the kernel): planning stops with {@link
 * UnsupportedOverlayException}.
 *
 * <p>Memory grows with the number of changes. Content is read from the new tree when the layer is
 * written, so it must stay open until then.
 */
public final class DeltaLayer {
  private static final byte[] EMPTY = new byte[0];
  private static final byte[] OPAQUE = {'y'};
  private static final byte[] XWHITEOUTS = {'x'};

  /** What an existing upper directory already has in place of a whiteout, to keep it as it is. */
  @FunctionalInterface
  interface WhiteoutReuse {
    /** The attributes of an existing whiteout of {@code style} at {@code path}, or null. */
    Attributes existing(String path, WhiteoutStyle style) throws IOException;

    /**
     * How the existing upper directory hides the lower children of {@code dir}, all of which are
     * gone: true for an opaque mark, false for whiteouts, null if it does neither.
     */
    default Boolean opaque(String dir) throws IOException {
      return null;
    }
  }

  private final Comparison comparison;
  private final Tree tree;
  private final SortedMap<String, List<String>> leftOut;

  private DeltaLayer(Comparison comparison, Tree tree, SortedMap<String, List<String>> leftOut) {
    this.comparison = comparison;
    this.tree = tree;
    this.leftOut = leftOut;
  }

  /**
   * The layer that makes {@code below} (e.g. an image, or an {@link OverlayTree} of a stack of
   * layers) show {@code newTree}. Neither tree is closed.
   *
   * @param below the layers below, merged
   * @param newTree the tree the overlay is to show
   * @param options comparison, whiteout style, namespace
   * @return the planned layer
   * @throws IOException if a tree cannot be read
   * @throws UnsupportedOverlayException if the new tree holds what no layer can show (a 0/0
   *     character device)
   */
  public static DeltaLayer plan(Tree below, Tree newTree, LayerOptions options) throws IOException {
    return plan(below, newTree, options, (path, style) -> null);
  }

  static DeltaLayer plan(Tree below, Tree newTree, LayerOptions options, WhiteoutReuse reuse)
      throws IOException {
    Objects.requireNonNull(options, "options");
    XattrFilter visible = XattrFilter.overlayPrivate(newTree);
    Comparison comparison = TreeComparator.compare(below, visible, options.compare());
    Tree tree = new Planner(comparison, below, visible, options, reuse).build();
    return new DeltaLayer(comparison, tree, visible.dropped());
  }

  /**
   * The layer as a tree: write it, compare it, put it into a directory.
   *
   * @return the layer's tree
   */
  public Tree tree() {
    return tree;
  }

  /**
   * The changes between the layers below and the new tree that the layer holds.
   *
   * @return the comparison
   */
  public Comparison comparison() {
    return comparison;
  }

  /**
   * Paths of the new tree whose overlayfs-private attributes were left out, with their names.
   *
   * @return the attribute names left out, by path
   */
  public SortedMap<String, List<String>> leftOutAttributes() {
    return leftOut;
  }

  /**
   * Writes the layer as a SquashFS image at {@code image}.
   *
   * @param image the image file to make, replaced if it exists
   * @param options how to write it
   * @return what was written
   * @throws IOException if the new tree cannot be read or the image cannot be written
   */
  public WriteResult write(Path image, WriterOptions options) throws IOException {
    return write(image, options, WriteListener.NONE);
  }

  /**
   * Writes the layer as a SquashFS image at {@code image}, telling {@code listener} how it goes.
   *
   * @param image the image file to make, replaced if it exists
   * @param options how to write it
   * @param listener hears how the write progresses
   * @return what was written
   * @throws IOException if the new tree cannot be read or the image cannot be written
   */
  public WriteResult write(Path image, WriterOptions options, WriteListener listener)
      throws IOException {
    return SquashfsWriter.write(tree, image, options, listener);
  }

  /** Collects what goes into the layer, then builds it in path order. */
  private static final class Planner {
    private final Comparison comparison;
    private final Tree below;
    private final Tree newTree;
    private final LayerOptions options;
    private final WhiteoutReuse reuse;
    private final SortedMap<String, Entry> entries = new TreeMap<>(PathOrder.PATHS);
    private final SortedMap<String, Boolean> whiteouts = new TreeMap<>(PathOrder.PATHS);
    private final Set<String> opaque = new HashSet<>();
    private final Set<String> xattrWhiteoutParents = new HashSet<>();

    Planner(
        Comparison comparison,
        Tree below,
        Tree newTree,
        LayerOptions options,
        WhiteoutReuse reuse) {
      this.comparison = comparison;
      this.below = below;
      this.newTree = newTree;
      this.options = options;
      this.reuse = reuse;
    }

    Tree build() throws IOException {
      for (Change c : comparison.changes()) {
        if (c.kind() == ChangeKind.DELETE) {
          whiteouts.put(c.path(), Boolean.TRUE);
          if (options.whiteouts() == WhiteoutStyle.XATTR) {
            xattrWhiteoutParents.add(parent(c.path()));
          }
          continue;
        }
        entries.put(c.path(), c.after());
        if (c.kind() == ChangeKind.REPLACE && c.after().isDirectory()) {
          opaque.add(c.path());
        }
        if (!c.after().isDirectory()) {
          for (String member : comparison.newLinkGroup(c.path())) {
            if (!entries.containsKey(member)) {
              entries.put(member, newTree.lookup(member).orElseThrow());
            }
          }
        }
      }
      preferOpaqueDirectories();
      addParents(List.copyOf(entries.keySet()));
      addParents(List.copyOf(whiteouts.keySet()));
      entries.putIfAbsent("/", newTree.root());
      return assemble();
    }

    /**
     * Where every lower child of a directory is gone, one opaque mark hides them all: what the
     * kernel writes for a directory removed and made again, instead of a whiteout per child. A
     * directory that keeps a lower child stays transparent, and so does one an existing upper
     * directory already hides with whiteouts ({@link WhiteoutReuse#opaque}).
     */
    private void preferOpaqueDirectories() throws IOException {
      Map<String, Integer> gone = new HashMap<>();
      for (String w : whiteouts.keySet()) {
        gone.merge(parent(w), 1, Integer::sum);
      }
      for (Map.Entry<String, Integer> dir : gone.entrySet()) {
        String path = dir.getKey();
        if (path.equals("/") || opaque.contains(path)) {
          continue; // the root of a layer is never opaque; a replaced directory is already
        }
        Entry was = below.lookup(path).orElse(null);
        Entry now = newTree.lookup(path).orElse(null);
        if (was == null || now == null || !was.isDirectory() || !now.isDirectory()) {
          continue;
        }
        if (below.children(was).size() != dir.getValue()
            || Boolean.FALSE.equals(reuse.opaque(path))) {
          continue;
        }
        opaque.add(path);
        entries.putIfAbsent(path, now);
        whiteouts.keySet().removeIf(w -> parent(w).equals(path));
        xattrWhiteoutParents.remove(path);
      }
    }

    private void addParents(List<String> paths) throws IOException {
      for (String path : paths) {
        for (String dir = parent(path); !entries.containsKey(dir); dir = parent(dir)) {
          entries.put(dir, newTree.lookup(dir).orElseThrow());
          if (dir.equals("/")) {
            break;
          }
        }
      }
    }

    private Tree assemble() throws IOException {
      TreeBuilder b = new TreeBuilder();
      Map<Long, String> firstName = new HashMap<>();
      for (Entry e : entries.values()) {
        Metadata m = e.metadata();
        String path = e.path();
        Attributes a = attributes(m);
        if (m.type() == EntryType.DIRECTORY) {
          if (opaque.contains(path)) {
            a = a.xattr(options.namespace().prefix() + "opaque", OPAQUE);
          } else if (xattrWhiteoutParents.contains(path)) {
            a = a.xattr(options.namespace().prefix() + "opaque", XWHITEOUTS);
          }
          b.directory(path, a);
          continue;
        }
        String first = m.nlink() > 1 ? firstName.putIfAbsent(m.linkKey(), path) : null;
        if (first != null) {
          b.hardLink(path, first);
          continue;
        }
        switch (m.type()) {
          case FILE -> b.file(path, m.size(), () -> newTree.open(e), a);
          case SYMLINK -> b.symlink(path, m.symlinkTarget(), a);
          case BLOCK_DEVICE -> b.blockDevice(path, m.rdevMajor(), m.rdevMinor(), a);
          case CHAR_DEVICE -> {
            if (m.rdevMajor() == 0 && m.rdevMinor() == 0) {
              throw new UnsupportedOverlayException(
                  path
                      + ": a 0/0 character device cannot be shown by an overlay (it is a whiteout)");
            }
            b.charDevice(path, m.rdevMajor(), m.rdevMinor(), a);
          }
          case FIFO -> b.fifo(path, a);
          case SOCKET -> b.socket(path, a);
          case DIRECTORY -> throw new AssertionError(path);
        }
      }
      for (String path : whiteouts.keySet()) {
        whiteout(b, path);
      }
      return b.build();
    }

    private void whiteout(TreeBuilder b, String path) throws IOException {
      WhiteoutStyle style = options.whiteouts();
      Attributes a = reuse.existing(path, style);
      if (a == null) {
        // Hidden by the kernel, so any metadata will do: the kernel's mode 0 and the parent's
        // time, which keeps the layer reproducible.
        a = Attributes.of(0).mtime(entries.get(parent(path)).metadata().mtime());
        if (style == WhiteoutStyle.XATTR) {
          a =
              a.xattr(OverlayNamespace.TRUSTED.prefix() + "whiteout", EMPTY)
                  .xattr(OverlayNamespace.USER.prefix() + "whiteout", EMPTY);
        }
      }
      if (style == WhiteoutStyle.XATTR) {
        b.file(path, EMPTY, a);
      } else {
        b.charDevice(path, 0, 0, a); // overlayfs's own whiteout
      }
    }

    private static Attributes attributes(Metadata m) {
      return new Attributes(m.permissions(), m.uid(), m.gid(), m.mtime(), m.xattrs());
    }
  }

  static String parent(String path) {
    int slash = path.lastIndexOf('/');
    return slash <= 0 ? "/" : path.substring(0, slash);
  }
}
