package io.github.squashtree.core.internal.nio;

import java.io.IOException;
import java.nio.file.CopyOption;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.StandardCopyOption;
import java.util.SortedMap;

/**
 * {@code Files.copy} and {@code Files.move} between squashfs paths: into a file system in create
 * mode, from any squashfs file system. A copy takes a detached snapshot of its source under the
 * source's read lock, then links it under the target's write lock, so two file systems are never
 * locked at once.
 */
final class CopyMove {
  private CopyMove() {}

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
      Node node;
      try {
        node = from.lookup(source, flags.follow());
      } catch (FileSystemException e) {
        throw Operations.missingIfNotADirectory(e, source);
      }
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
      Writes.Place place = Writes.place(fs, tree, target);
      replaceable(place, target, flags);
      tree.link(place.dir(), place.name(), copy, target);
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
  private static void replaceable(Writes.Place place, SquashfsPath target, CopyFlags flags)
      throws IOException {
    if (place.dir() == null || place.isDotOrDotDot()) {
      throw new FileAlreadyExistsException(target.toString());
    }
    MemNode there = Writes.existing(place);
    if (there == null) {
      return;
    }
    if (!flags.replace()) {
      throw new FileAlreadyExistsException(target.toString());
    }
    if (there.isDirectory() && !there.children.isEmpty()) {
      throw new DirectoryNotEmptyException(target.toString());
    }
    place.dir().children.remove(place.name());
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
      Writes.delete(fs, source);
      return;
    }
    fs.beginWrite();
    try {
      Writes.Place from;
      try {
        from = Writes.place(fs, tree, source);
      } catch (FileSystemException e) {
        throw Operations.missingIfNotADirectory(e, source);
      }
      MemNode node = Writes.existing(from);
      if (from.dir() == null || from.isDotOrDotDot()) {
        throw new FileSystemException(source.toString(), target.toString(), "Invalid argument");
      }
      if (node == null) {
        throw new NoSuchFileException(source.toString());
      }
      Writes.Place to = Writes.place(fs, tree, target);
      if (Writes.existing(to) == node) {
        return; // the same file
      }
      if (node.isDirectory() && inside(to.dir(), node)) {
        throw new FileSystemException(source.toString(), target.toString(), "Invalid argument");
      }
      replaceable(to, target, flags);
      from.dir().children.remove(from.name());
      node.links--;
      tree.link(to.dir(), to.name(), node, target);
      from.dir().setMtime(tree.now());
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
