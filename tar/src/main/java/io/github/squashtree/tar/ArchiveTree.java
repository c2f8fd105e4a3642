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
import java.util.TreeMap;

/**
 * The tree that one tar archive, or a stack of OCI layers, describes, built as members arrive. Only
 * metadata is kept: a file's content is in the image already, and the tree names it ({@link
 * #storedContent}).
 *
 * <p>Layers are applied top first, each with its rank (0 for the top): what a higher layer placed
 * stays, and a member of a lower layer lands only where nothing above hides it — a non-directory, a
 * whiteout, or an opaque directory on its path. So nothing a later layer deletes is ever
 * compressed, and the result is the overlay of the layers. Within one layer, members apply in
 * archive order as {@code tar x} applies them: a directory over a directory changes its metadata,
 * any other member replaces what is there; a member below a non-directory of its own layer is an
 * error, and so is a hard link to anything but an earlier non-directory of its layer.
 *
 * <p>A directory that no member describes (made for a member below it) is 0755, owned by root, at
 * the epoch, as tar2sqfs makes it; so is the root until a {@code ./} member describes it (the top
 * layer's, as the merged root of an overlay is the top layer's root).
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

    Inode(Metadata metadata) {
      this.metadata = metadata;
    }
  }

  /** One name of the tree. */
  static final class Node {
    final String name;
    Inode inode;
    Map<String, Node> children;

    /** The layer that placed this node, 0 for the top. */
    int rank;

    /** Members of layers with a higher rank than this are hidden below this directory. */
    int sealedBelow = Integer.MAX_VALUE;

    boolean whiteout;
    boolean implicit;

    Node(String name, int rank) {
      this.name = name;
      this.rank = rank;
    }

    boolean isDirectory() {
      return children != null;
    }
  }

  private final Node root = directory("", 0, true);
  private long nextKey = 1;
  private View view;

  /** The tree shows whiteouts and marks as {@code view} says (set before it is written). */
  void view(View v) {
    this.view = v;
  }

  /** Whether members of layer {@code rank} land at {@code path}'s parent: false if hidden. */
  Node parentFor(String path, int rank, String where) throws TarFormatException {
    Node dir = root;
    if (root.sealedBelow < rank) {
      return null;
    }
    int start = 1;
    int end;
    while ((end = path.indexOf('/', start)) >= 0) {
      String name = path.substring(start, end);
      Node child = dir.children.get(name);
      if (child == null) {
        child = directory(name, rank, true);
        dir.children.put(name, child);
      } else if (child.rank < rank) {
        if (child.whiteout || !child.isDirectory() || child.sealedBelow < rank) {
          return null; // hidden by a layer above
        }
      } else if (child.whiteout) {
        // A member below a whiteout of its own layer: the layer deletes the lower name and makes
        // a directory of its own there, an opaque one.
        replace(dir, directory(name, rank, true)).sealedBelow = rank;
        child = dir.children.get(name);
      } else if (!child.isDirectory()) {
        throw new TarFormatException(
            where + ": " + path.substring(0, end) + " is not a directory in the archive");
      }
      dir = child;
      start = end + 1;
    }
    return dir;
  }

  /**
   * Places a member that is not a whiteout at {@code path} for layer {@code rank}; returns its new
   * node, or null when a layer above hides it (or, for a directory, merely keeps its own).
   */
  Node place(String path, int rank, Metadata metadata, String where) throws TarFormatException {
    if (path.equals("/")) {
      if (metadata.type() != EntryType.DIRECTORY) {
        throw new TarFormatException(where + ": the root must be a directory");
      }
      if (rank == root.rank) {
        root.inode = inode(metadata);
        root.implicit = false;
      }
      return null;
    }
    Node dir = parentFor(path, rank, where);
    if (dir == null) {
      return null;
    }
    String name = path.substring(path.lastIndexOf('/') + 1);
    Node existing = dir.children.get(name);
    boolean isDir = metadata.type() == EntryType.DIRECTORY;
    if (existing != null && existing.rank < rank) {
      if (existing.isDirectory() && !existing.whiteout && !isDir) {
        seal(existing, rank); // a lower non-directory ends the merge of the directory above
      }
      return null;
    }
    if (existing != null && existing.isDirectory() && isDir && !existing.whiteout) {
      existing.inode = inode(metadata);
      existing.implicit = false;
      return existing;
    }
    Node node = isDir ? directory(name, rank, false) : new Node(name, rank);
    if (isDir) {
      node.inode = inode(metadata);
    } else {
      node.inode = inode(metadata);
      node.inode.names = 1;
    }
    if (existing != null && existing.whiteout && isDir) {
      node.sealedBelow = rank; // deleted below, made anew in this layer: opaque
    }
    replace(dir, node);
    return node;
  }

  /** Places a further name for {@code target}'s inode (a hard link); null if hidden. */
  Node link(String path, int rank, Node target, String where) throws TarFormatException {
    Node node = place(path, rank, target.inode.metadata, where);
    if (node != null) {
      node.inode.names--;
      node.inode = target.inode;
      target.inode.names++;
    }
    return node;
  }

  /** The node at {@code path} if layer {@code rank} placed it (a hard link's target), or null. */
  Node ownNode(String path, int rank) {
    Node n = find(path);
    return n != null && n.rank == rank && !n.whiteout ? n : null;
  }

  /** A whiteout at {@code path} from layer {@code rank}: what lower layers have there is hidden. */
  void whiteout(String path, int rank, String where) throws TarFormatException {
    Node dir = parentFor(path, rank, where);
    if (dir == null) {
      return;
    }
    String name = path.substring(path.lastIndexOf('/') + 1);
    Node existing = dir.children.get(name);
    if (existing == null) {
      Node w = new Node(name, rank);
      w.whiteout = true;
      w.inode = new Inode(IMPLICIT_DIRECTORY);
      dir.children.put(name, w);
    } else if (existing.isDirectory() && !existing.whiteout) {
      seal(existing, rank);
    }
  }

  /** Marks the directory {@code path} opaque for layer {@code rank} (`.wh..wh..opq`). */
  void opaque(String path, int rank, String where) throws TarFormatException {
    Node dir;
    if (path.equals("/")) {
      dir = root;
    } else {
      Node parent = parentFor(path + "/", rank, where);
      if (parent == null) {
        return;
      }
      dir = parent; // parentFor walked every component of path, making what was missing
    }
    if (dir.rank < rank && dir.sealedBelow < rank) {
      return;
    }
    seal(dir, rank);
  }

  private static void seal(Node dir, int rank) {
    dir.sealedBelow = Math.min(dir.sealedBelow, rank);
  }

  /** Puts {@code node} in {@code dir}, dropping what had its name (and every name below it). */
  private Node replace(Node dir, Node node) {
    Node old = dir.children.put(node.name, node);
    if (old != null) {
      drop(old);
    }
    return node;
  }

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

  private Node directory(String name, int rank, boolean implicit) {
    Node n = new Node(name, rank);
    n.children = new HashMap<>(4);
    n.inode = new Inode(IMPLICIT_DIRECTORY);
    n.implicit = implicit;
    return n;
  }

  private Inode inode(Metadata m) {
    return new Inode(m.withLinkKey(nextKey++));
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
      return view.directory(m, n.sealedBelow <= n.rank, holdsWhiteouts);
    }
    if (n.inode.names > 1) {
      return new Metadata(
          m.type(),
          m.permissions(),
          m.uid(),
          m.gid(),
          m.mtime(),
          m.size(),
          m.symlinkTarget(),
          m.rdevMajor(),
          m.rdevMinor(),
          m.xattrs(),
          n.inode.names,
          m.linkKey());
    }
    return m;
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

  /** Children in no particular order, for tests. */
  List<String> childNames(String path) {
    Node n = find(path);
    return n == null || n.children == null ? List.of() : List.copyOf(n.children.keySet());
  }
}
