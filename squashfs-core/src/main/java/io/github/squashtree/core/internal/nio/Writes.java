package io.github.squashtree.core.internal.nio;

import io.github.squashtree.core.tree.EntryType;
import java.io.IOException;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.CopyOption;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.ReadOnlyFileSystemException;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.util.SortedMap;

/**
 * The calls that change a file system, which only create mode allows (a read-only one throws {@link
 * ReadOnlyFileSystemException} before looking at anything). Each runs under the write lock, with
 * the errors Linux gives for the same change.
 */
final class Writes {
  private Writes() {}

  /** Where a path's last name goes: its parent directory and the name. */
  private record Place(MemNode dir, byte[] name) {
    boolean isDotOrDotDot() {
      return SquashfsPath.isDot(name) || SquashfsPath.isDotDot(name);
    }
  }

  /** The parent directory of {@code path} (looked up following symlinks) and its last name. */
  private static Place place(SquashfsFileSystem fs, TreeStore tree, SquashfsPath path)
      throws IOException {
    SquashfsPath abs = path.toAbsolutePath();
    int count = abs.getNameCount();
    if (count == 0) {
      return new Place(null, new byte[] {'.'}); // the root: a name that is always there
    }
    SquashfsPath parent = (SquashfsPath) abs.getParent();
    Node dir;
    try {
      dir = fs.lookup(parent, true);
    } catch (NoSuchFileException e) {
      throw new NoSuchFileException(path.toString());
    } catch (FileSystemException e) {
      throw new FileSystemException(path.toString(), null, e.getReason());
    }
    if (!dir.isDirectory()) {
      throw new FileSystemException(path.toString(), null, Resolver.NOT_A_DIRECTORY);
    }
    return new Place(tree.mutable(dir), abs.nameBytes(count - 1));
  }

  /** The node already at a place, or null. */
  private static MemNode existing(Place place) {
    return place.dir == null ? null : place.dir.children.get(place.name);
  }

  static void createDirectory(SquashfsFileSystem fs, SquashfsPath path, FileAttribute<?>... attrs)
      throws IOException {
    TreeStore tree = Operations.writable(fs);
    fs.beginWrite();
    try {
      Place place = place(fs, tree, path);
      if (place.isDotOrDotDot() || existing(place) != null) {
        throw new FileAlreadyExistsException(path.toString());
      }
      MemNode dir = tree.newNode(EntryType.DIRECTORY, null);
      TreeStore.apply(dir, attrs);
      tree.link(place.dir, place.name, dir, path);
    } finally {
      fs.endWrite();
    }
  }

  static void createSymbolicLink(
      SquashfsFileSystem fs, SquashfsPath link, SquashfsPath target, FileAttribute<?>... attrs)
      throws IOException {
    TreeStore tree = Operations.writable(fs);
    if (target.isEmpty()) {
      throw new NoSuchFileException(link.toString()); // Linux: symlink("") is ENOENT
    }
    fs.beginWrite();
    try {
      Place place = place(fs, tree, link);
      if (place.isDotOrDotDot() || existing(place) != null) {
        throw new FileAlreadyExistsException(link.toString());
      }
      MemNode node = tree.newNode(EntryType.SYMLINK, target.bytes().clone());
      TreeStore.apply(node, attrs);
      tree.link(place.dir, place.name, node, link);
    } finally {
      fs.endWrite();
    }
  }

  static void createLink(SquashfsFileSystem fs, SquashfsPath link, SquashfsPath existing)
      throws IOException {
    TreeStore tree = Operations.writable(fs);
    if (existing.getFileSystem() != fs) {
      throw new FileSystemException(
          link.toString(), existing.toString(), "Invalid cross-device link");
    }
    fs.beginWrite();
    try {
      MemNode node;
      try {
        node = tree.mutable(fs.lookup(existing, false));
      } catch (NoSuchFileException e) {
        throw new NoSuchFileException(link.toString(), existing.toString(), null);
      }
      if (node.isDirectory()) {
        throw new FileSystemException(
            link.toString(), existing.toString(), "Operation not permitted");
      }
      Place place = place(fs, tree, link);
      if (place.isDotOrDotDot() || existing(place) != null) {
        throw new FileAlreadyExistsException(link.toString(), existing.toString(), null);
      }
      tree.link(place.dir, place.name, node, link);
    } finally {
      fs.endWrite();
    }
  }

  static void delete(SquashfsFileSystem fs, SquashfsPath path) throws IOException {
    TreeStore tree = Operations.writable(fs);
    fs.beginWrite();
    try {
      remove(fs, tree, path);
    } finally {
      fs.endWrite();
    }
  }

  private static void remove(SquashfsFileSystem fs, TreeStore tree, SquashfsPath path)
      throws IOException {
    MemNode node = tree.mutable(fs.lookup(path, false));
    Place place = place(fs, tree, path);
    if (place.dir == null) {
      throw new FileSystemException(path.toString(), null, "Device or resource busy");
    }
    if (place.isDotOrDotDot()) {
      throw new FileSystemException(path.toString(), null, "Invalid argument");
    }
    if (node.isDirectory() && !node.children.isEmpty()) {
      throw new DirectoryNotEmptyException(path.toString());
    }
    tree.unlink(place.dir, place.name);
  }

  /** A writable channel (create mode): the file made or truncated as the options say. */
  static SeekableByteChannel openForWrite(
      SquashfsFileSystem fs, SquashfsPath path, OpenFlags flags, FileAttribute<?>... attrs)
      throws IOException {
    TreeStore tree = Operations.writable(fs);
    fs.beginWrite();
    try {
      Place place = place(fs, tree, path);
      MemNode node = existing(place);
      if (place.dir == null || place.isDotOrDotDot()) {
        throw new FileSystemException(path.toString(), null, "Is a directory");
      }
      if (node != null && node.isSymlink()) {
        if (!flags.follow()) {
          throw new IOException("Too many levels of symbolic links (NOFOLLOW_LINKS specified)");
        }
        node = tree.mutable(fs.lookup(path, true)); // a dangling link is not followed to create
      }
      if (node == null) {
        if (!flags.create() && !flags.createNew()) {
          throw new NoSuchFileException(path.toString());
        }
        node = tree.newNode(EntryType.FILE, null);
        TreeStore.apply(node, attrs);
        tree.link(place.dir, place.name, node, path);
        node.spool = tree.newSpool();
      } else if (flags.createNew() && flags.write()) {
        throw new FileAlreadyExistsException(path.toString());
      } else if (node.isDirectory()) {
        throw new FileSystemException(path.toString(), null, "Is a directory");
      } else if (node.type() != EntryType.FILE) {
        throw new FileSystemException(
            path.toString(), null, "not a regular file but a " + node.type().label());
      }
      Spool spool = tree.spoolOf(node);
      if (flags.truncate() && flags.write()) {
        spool.truncate(0);
        node.setMtime(tree.now());
      }
      return new WriteChannel(fs, tree, node, spool, flags, path);
    } finally {
      fs.endWrite();
    }
  }

  // ---- copy and move ----

  private record CopyFlags(boolean replace, boolean attributes, boolean follow, boolean atomic) {
    static CopyFlags of(CopyOption... options) {
      boolean replace = false;
      boolean attributes = false;
      boolean follow = true;
      boolean atomic = false;
      for (CopyOption o : options) {
        if (o == StandardCopyOption.REPLACE_EXISTING) {
          replace = true;
        } else if (o == StandardCopyOption.COPY_ATTRIBUTES) {
          attributes = true;
        } else if (o == LinkOption.NOFOLLOW_LINKS) {
          follow = false;
        } else if (o == StandardCopyOption.ATOMIC_MOVE) {
          atomic = true;
        } else if (o == null) {
          throw new NullPointerException();
        } else {
          throw new UnsupportedOperationException("Unsupported copy option: " + o);
        }
      }
      return new CopyFlags(replace, attributes, follow, atomic);
    }
  }

  /** What a copy takes from its source: a detached node with content, not yet in any tree. */
  private static MemNode snapshot(SquashfsPath source, TreeStore target, CopyFlags flags)
      throws IOException {
    SquashfsFileSystem from = source.getFileSystem();
    from.beginRead();
    try {
      Node node = from.lookup(source, flags.follow());
      Store store = from.store();
      NodeAttributes a = store.attributes(node);
      MemNode copy = target.newNode(a.type(), node.isSymlink() ? store.target(node).clone() : null);
      copy.setPermissions(a.permissionBits());
      if (a.type().isDevice()) {
        copy.major = (int) ((a.rdev() >>> 8) & 0xFFF | (a.rdev() >>> 32) & 0xFFFFF000L);
        copy.minor = (int) (a.rdev() & 0xFF | (a.rdev() >>> 12) & 0xFFFFFF00L);
      }
      if (flags.attributes()) {
        copy.setUid(a.uid());
        copy.setGid(a.gid());
        copy.setMtime(a.mtime());
        SortedMap<String, byte[]> x = store.xattrs(node);
        copy.setXattrs(x);
      }
      if (a.isRegularFile()) {
        Spool spool = target.newSpool();
        try (Store.Content in = store.content(node)) {
          byte[] buf = new byte[64 * 1024];
          long at = 0;
          int n;
          while ((n = in.read(at, buf, 0, buf.length)) > 0) {
            spool.write(at, buf, 0, n);
            at += n;
          }
        }
        copy.spool = spool;
      }
      return copy;
    } finally {
      from.endRead();
    }
  }

  static void copy(SquashfsPath source, SquashfsPath target, CopyOption... options)
      throws IOException {
    CopyFlags flags = CopyFlags.of(options);
    if (flags.atomic()) {
      throw new UnsupportedOperationException("Unsupported copy option: ATOMIC_MOVE");
    }
    SquashfsFileSystem fs = target.getFileSystem();
    TreeStore tree = Operations.writable(fs);
    if (sameFile(source, target)) {
      return;
    }
    MemNode copy = snapshot(source, tree, flags);
    fs.beginWrite();
    try {
      Place place = place(fs, tree, target);
      replaceable(place, target, flags);
      tree.link(place.dir, place.name, copy, target);
    } finally {
      fs.endWrite();
    }
  }

  /** Whether a copy would copy a file onto itself: both exist and are one file. */
  private static boolean sameFile(SquashfsPath source, SquashfsPath target) throws IOException {
    try {
      return Operations.isSameFile(source.getFileSystem(), source, target);
    } catch (NoSuchFileException e) {
      return false;
    }
  }

  /** Makes way for a copy or move at {@code place}: fails, or unlinks what is there. */
  private static void replaceable(Place place, SquashfsPath target, CopyFlags flags)
      throws IOException {
    if (place.dir == null || place.isDotOrDotDot()) {
      throw new FileAlreadyExistsException(target.toString());
    }
    MemNode there = existing(place);
    if (there == null) {
      return;
    }
    if (!flags.replace()) {
      throw new FileAlreadyExistsException(target.toString());
    }
    if (there.isDirectory() && !there.children.isEmpty()) {
      throw new DirectoryNotEmptyException(target.toString());
    }
    place.dir.children.remove(place.name);
    there.links--;
  }

  static void move(SquashfsPath source, SquashfsPath target, CopyOption... options)
      throws IOException {
    CopyFlags flags = CopyFlags.of(options);
    SquashfsFileSystem fs = source.getFileSystem();
    TreeStore tree = Operations.writable(fs);
    if (target.getFileSystem() != fs) {
      if (flags.atomic()) {
        throw new java.nio.file.AtomicMoveNotSupportedException(
            source.toString(), target.toString(), "not the same file system");
      }
      copy(source, target, withAttributes(flags));
      delete(fs, source);
      return;
    }
    fs.beginWrite();
    try {
      Place from = place(fs, tree, source);
      MemNode node = existing(from);
      if (from.dir == null || from.isDotOrDotDot()) {
        throw new FileSystemException(source.toString(), target.toString(), "Invalid argument");
      }
      if (node == null) {
        throw new NoSuchFileException(source.toString());
      }
      Place to = place(fs, tree, target);
      if (existing(to) == node) {
        return; // the same file
      }
      if (node.isDirectory() && inside(to.dir, node)) {
        throw new FileSystemException(source.toString(), target.toString(), "Invalid argument");
      }
      replaceable(to, target, flags);
      from.dir.children.remove(from.name);
      node.links--;
      tree.link(to.dir, to.name, node, target);
      from.dir.setMtime(tree.now());
    } finally {
      fs.endWrite();
    }
  }

  private static CopyOption[] withAttributes(CopyFlags flags) {
    return flags.replace()
        ? new CopyOption[] {
          StandardCopyOption.COPY_ATTRIBUTES,
          LinkOption.NOFOLLOW_LINKS,
          StandardCopyOption.REPLACE_EXISTING
        }
        : new CopyOption[] {StandardCopyOption.COPY_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS};
  }

  /** Whether {@code dir} is {@code ancestor} or below it. */
  private static boolean inside(MemNode dir, MemNode ancestor) {
    return dir == ancestor || contains(ancestor, dir);
  }

  private static boolean contains(MemNode tree, MemNode wanted) {
    java.util.ArrayDeque<MemNode> todo = new java.util.ArrayDeque<>();
    todo.add(tree);
    while (!todo.isEmpty()) {
      MemNode n = todo.poll();
      for (MemNode c : n.children.values()) {
        if (c == wanted) {
          return true;
        }
        if (c.isDirectory()) {
          todo.add(c);
        }
      }
    }
    return false;
  }
}
