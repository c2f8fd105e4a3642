package io.github.squashtree.tar;

import io.github.squashtree.core.tree.Entry;
import io.github.squashtree.core.tree.EntryType;
import io.github.squashtree.core.tree.Metadata;
import io.github.squashtree.core.tree.NameOrder;
import io.github.squashtree.core.tree.StoredContent;
import io.github.squashtree.core.tree.TimePrecision;
import io.github.squashtree.core.tree.Tree;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The tree a tar archive describes, built as its members arrive; with OCI whiteouts, the layer it
 * is (whiteouts and opaque directories as nodes and marks). Only metadata is kept: a file's content
 * is in the image already, and the tree names it ({@link #storedContent}).
 *
 * <p>Members apply in archive order as {@code tar x} applies them: a directory over a directory
 * changes its metadata, any other member replaces what is there (and all below it); a member below
 * a non-directory is an error. A whiteout does not delete a member of its own layer (it is for the
 * layers below): a directory that a whiteout of its layer names is opaque instead.
 *
 * <p>A stack of layers is one such tree too: each layer's tree {@link #merge}s below the layers
 * above it, as overlayfs merges them — a non-directory, a whiteout or an opaque directory hides
 * what the layers below have at and under its name. {@link #shows} tells, while a layer is read,
 * whether a file of it will show, so hidden content is never compressed.
 *
 * <p>A directory that no member describes (made for a member below it) is 0755, owned by root, at
 * the epoch, as tar2sqfs makes it; so is the root until a {@code ./} member describes it.
 */
final class ArchiveTree implements Tree {
  private static final Metadata IMPLICIT_DIRECTORY =
      metadata(EntryType.DIRECTORY, 0755, 0, 0, Instant.EPOCH, 0, null, 0, 0, Map.of(), 0);

  /** What a tree view shows of whiteouts and opaque marks. */
  interface View {
    /** Whether whiteouts are entries (a layer) or only hide (a flattened stack). */
    boolean showsWhiteouts();

    /** A whiteout's metadata in a directory with {@code parent}'s metadata. */
    Metadata whiteout(Metadata parent);

    /** A directory's metadata with the marks it needs: opaque, or holding xattr whiteouts. */
    Metadata directory(Metadata m, boolean opaque, boolean holdsWhiteouts);
  }

  /** The object a name stands for; hard links share one. */
  static final class Inode {
    Metadata metadata;
    StoredContent content;
    int names;

    /** Where the member that holds this file's content starts in its archive; -1 if none. */
    long contentOffset = -1;

    Inode(Metadata metadata) {
      this.metadata = metadata;
    }
  }

  /** One name of the tree. */
  static final class Node {
    final String name;
    Inode inode;
    Map<String, Node> children;
    boolean whiteout;
    boolean implicit;

    /** A directory hiding what the layers below have under its name. */
    boolean opaque;

    Node(String name) {
      this.name = name;
    }

    boolean isDirectory() {
      return children != null;
    }
  }

  private final Node root = directory("", true);

  /** The next link key, shared by the trees of one stack: keys must differ across layers. */
  private final long[] nextKey;

  private View view;

  ArchiveTree() {
    this.nextKey = new long[] {1};
  }

  /** A tree for a layer to merge below this one: link keys drawn from the same sequence. */
  ArchiveTree layerBelow() {
    return new ArchiveTree(nextKey);
  }

  private ArchiveTree(long[] keys) {
    this.nextKey = keys;
  }

  /** The tree shows whiteouts and marks as {@code view} says (set before it is written). */
  void view(View v) {
    this.view = v;
  }

  // --- building one layer ----------------------------------------------------------------------

  /** The directory {@code path} goes into, made as needed; an error below a non-directory. */
  private Node parentFor(String path, String where) throws TarFormatException {
    Node dir = root;
    int start = 1;
    int end;
    while ((end = path.indexOf('/', start)) >= 0) {
      String name = path.substring(start, end);
      Node child = dir.children.get(name);
      if (child == null) {
        child = directory(name, true);
        dir.children.put(name, child);
      } else if (child.whiteout) {
        // A member below a whiteout of its own layer: the layer deletes the lower name and makes
        // a directory of its own there, an opaque one.
        child = directory(name, true);
        child.opaque = true;
        dir.children.put(name, child);
      } else if (!child.isDirectory()) {
        throw new TarFormatException(
            where + ": " + path.substring(0, end) + " is not a directory in the archive");
      }
      dir = child;
      start = end + 1;
    }
    return dir;
  }

  /** Places a member that is not a whiteout at {@code path}; returns its node. */
  Node place(String path, Metadata metadata, String where) throws TarFormatException {
    boolean isDir = metadata.type() == EntryType.DIRECTORY;
    if (path.equals("/")) {
      if (!isDir) {
        throw new TarFormatException(where + ": the root must be a directory");
      }
      root.inode = inode(metadata);
      root.implicit = false;
      return root;
    }
    Node dir = parentFor(path, where);
    String name = path.substring(path.lastIndexOf('/') + 1);
    Node existing = dir.children.get(name);
    if (existing != null && existing.isDirectory() && isDir) {
      existing.inode = inode(metadata);
      existing.implicit = false;
      return existing;
    }
    Node node = isDir ? directory(name, false) : new Node(name);
    node.inode = inode(metadata);
    if (!isDir) {
      node.inode.names = 1;
    }
    // Deleted below, made anew in this layer: opaque.
    node.opaque = isDir && existing != null && existing.whiteout;
    replace(dir, node);
    return node;
  }

  /** Places a further name for {@code inode} (a hard link). */
  Node link(String path, Inode inode, String where) throws TarFormatException {
    Node node = place(path, inode.metadata, where);
    node.inode = inode;
    inode.names++;
    return node;
  }

  /** The node at {@code path} that is not a whiteout (a hard link's target), or null. */
  Node member(String path) {
    Node n = find(path);
    return n != null && !n.whiteout ? n : null;
  }

  /** A whiteout at {@code path}: what lower layers have there is hidden. */
  void whiteout(String path, String where) throws TarFormatException {
    Node dir = parentFor(path, where);
    String name = path.substring(path.lastIndexOf('/') + 1);
    Node existing = dir.children.get(name);
    if (existing == null) {
      Node w = new Node(name);
      w.whiteout = true;
      w.inode = new Inode(IMPLICIT_DIRECTORY);
      dir.children.put(name, w);
    } else if (existing.isDirectory()) {
      existing.opaque = true;
    }
  }

  /** Marks the directory {@code path} opaque ({@code .wh..wh..opq}). */
  void opaque(String path, String where) throws TarFormatException {
    Node dir = path.equals("/") ? root : parentFor(path + "/", where);
    dir.opaque = true;
  }

  /** Puts {@code node} in {@code dir}, dropping what had its name (and every name below it). */
  private static void replace(Node dir, Node node) {
    Node old = dir.children.put(node.name, node);
    if (old != null) {
      drop(old);
    }
  }

  /** Counts the names of a subtree that leaves the tree out of their inodes. */
  private static void drop(Node top) {
    ArrayDeque<Node> stack = new ArrayDeque<>();
    stack.push(top);
    while (!stack.isEmpty()) {
      Node n = stack.pop();
      if (n.isDirectory()) {
        n.children.values().forEach(stack::push);
      } else if (!n.whiteout) {
        n.inode.names--;
      }
    }
  }

  private static Node directory(String name, boolean implicit) {
    Node n = new Node(name);
    n.children = new HashMap<>(4);
    n.inode = new Inode(IMPLICIT_DIRECTORY);
    n.implicit = implicit;
    return n;
  }

  private Inode inode(Metadata m) {
    return new Inode(m.withLinkKey(nextKey[0]++));
  }

  /** A new inode for a member that no name of the tree holds (a hidden hard-link target). */
  Inode detached(Metadata m) {
    return inode(m);
  }

  // --- a stack of layers -----------------------------------------------------------------------

  /**
   * Whether a non-directory at {@code path} of a layer below all that merged into this tree would
   * show: nothing on its path hides it (no non-directory, whiteout or opaque directory above it,
   * nothing at its name).
   */
  boolean shows(String path) {
    Node n = root;
    if (n.opaque) {
      return false;
    }
    int start = 1;
    while (true) {
      int end = path.indexOf('/', start);
      Node child = n.children.get(path.substring(start, end < 0 ? path.length() : end));
      if (child == null) {
        return true;
      }
      if (end < 0 || child.whiteout || !child.isDirectory() || child.opaque) {
        return false;
      }
      n = child;
      start = end + 1;
    }
  }

  /**
   * Merges {@code lower}, a layer below everything merged so far, into this tree as overlayfs
   * merges layers: its names show where nothing above hides them, its directories merge with those
   * above (which keep their metadata). The inodes of files whose content is still needed (hidden
   * when they arrived, but a hard link that shows names them) are added to {@code needed}. {@code
   * lower} is taken apart.
   */
  void merge(ArchiveTree lower, Set<Inode> needed) {
    if (root.opaque) {
      return; // the OCI root of a layer above is opaque (the kernel would ignore it)
    }
    if (lower.root.opaque) {
      root.opaque = true;
    }
    ArrayDeque<Node[]> pairs = new ArrayDeque<>();
    pairs.push(new Node[] {root, lower.root});
    while (!pairs.isEmpty()) {
      Node[] pair = pairs.pop();
      Node above = pair[0];
      for (Node c : pair[1].children.values()) {
        Node a = above.children.get(c.name);
        if (a == null) {
          above.children.put(c.name, c);
          collectNeeded(c, needed);
        } else if (a.whiteout || !a.isDirectory()) {
          drop(c); // hidden
        } else if (c.isDirectory() && !c.whiteout) {
          if (!a.opaque) {
            pairs.push(new Node[] {a, c});
          } else {
            drop(c);
          }
          a.opaque |= c.opaque;
        } else {
          a.opaque = true; // a lower non-directory ends the merge of the directory above
          drop(c);
        }
      }
    }
  }

  private static void collectNeeded(Node top, Set<Inode> needed) {
    ArrayDeque<Node> stack = new ArrayDeque<>();
    stack.push(top);
    while (!stack.isEmpty()) {
      Node n = stack.pop();
      if (n.isDirectory()) {
        n.children.values().forEach(stack::push);
      } else if (!n.whiteout
          && n.inode.content == null
          && n.inode.metadata.size() > 0
          && n.inode.metadata.type() == EntryType.FILE) {
        needed.add(n.inode);
      }
    }
  }

  /** Metadata as a member gives it, for one name (hard links are counted when viewed). */
  static Metadata metadata(
      EntryType type,
      int permissions,
      long uid,
      long gid,
      Instant mtime,
      long size,
      String target,
      int major,
      int minor,
      Map<String, byte[]> xattrs,
      long key) {
    return new Metadata(
        type,
        permissions,
        uid,
        gid,
        mtime,
        size,
        target,
        major,
        minor,
        xattrs.isEmpty() ? null : new TreeMap<>(xattrs),
        1,
        key);
  }

  // --- the Tree view -------------------------------------------------------------------------

  private Node find(String path) {
    Node n = root;
    int start = 1;
    while (start < path.length() && n != null) {
      if (n.children == null) {
        return null;
      }
      int end = path.indexOf('/', start);
      if (end < 0) {
        end = path.length();
      }
      n = n.children.get(path.substring(start, end));
      start = end + 1;
    }
    return n;
  }

  private Node visible(String path) {
    Node n = find(path);
    if (n == null || (n.whiteout && !view.showsWhiteouts())) {
      return null;
    }
    return n;
  }

  @Override
  public Entry root() {
    return new Entry("/", metadataOf(root, null));
  }

  @Override
  public List<Entry> children(Entry directory) {
    Node dir = visible(directory.path());
    if (dir == null || !dir.isDirectory()) {
      throw new IllegalArgumentException("not a directory of this tree: " + directory.path());
    }
    List<Entry> out = new ArrayList<>(dir.children.size());
    for (Node child : dir.children.values()) {
      if (child.whiteout && !view.showsWhiteouts()) {
        continue;
      }
      out.add(new Entry(directory.childPath(child.name), metadataOf(child, dir)));
    }
    out.sort(NameOrder.ENTRIES);
    return out;
  }

  private Metadata metadataOf(Node n, Node parent) {
    if (n.whiteout) {
      return view.whiteout(parent.inode.metadata);
    }
    Metadata m = n.inode.metadata;
    if (n.isDirectory()) {
      boolean holdsWhiteouts = false;
      if (view.showsWhiteouts()) {
        for (Node c : n.children.values()) {
          holdsWhiteouts |= c.whiteout;
        }
      }
      return view.directory(m, n.opaque, holdsWhiteouts);
    }
    return n.inode.names > 1 ? m.withNlink(n.inode.names) : m;
  }

  @Override
  public Optional<Entry> lookup(String path) {
    Node n = visible(path);
    if (n == null) {
      return Optional.empty();
    }
    if (path.equals("/")) {
      return Optional.of(root());
    }
    Node parent = find(path.substring(0, Math.max(1, path.lastIndexOf('/'))));
    return Optional.of(new Entry(path, metadataOf(n, parent)));
  }

  @Override
  public InputStream open(Entry file) throws IOException {
    if (file.metadata().size() == 0) {
      return InputStream.nullInputStream();
    }
    throw new IOException(
        file.path() + ": its content went into the image as the archive was read");
  }

  @Override
  public Optional<StoredContent> storedContent(Entry file) {
    Node n = visible(file.path());
    return n == null || n.whiteout ? Optional.empty() : Optional.ofNullable(n.inode.content);
  }

  @Override
  public TimePrecision precision() {
    return TimePrecision.NANOSECONDS;
  }

  @Override
  public void close() {}
}
