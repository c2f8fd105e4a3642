package io.github.squashtree.core.internal.nio;

import io.github.squashtree.core.tree.EntryType;
import java.io.IOException;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.ReadOnlyFileSystemException;
import java.nio.file.attribute.FileAttribute;

/**
 * The calls that change a file system, which only create mode allows (a read-only one throws {@link
 * ReadOnlyFileSystemException} before looking at anything). Each runs under the write lock, with
 * the errors Linux gives for the same change.
 */
final class Writes {
  private Writes() {}

  /** Where a path's last name goes: its parent directory and the name. */
  record Place(MemNode dir, byte[] name) {
    boolean isDotOrDotDot() {
      return SquashfsPath.isDot(name) || SquashfsPath.isDotDot(name);
    }
  }

  /** The parent directory of {@code path} (looked up following symlinks) and its last name. */
  static Place place(SquashfsFileSystem fs, TreeStore tree, SquashfsPath path) throws IOException {
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
  static MemNode existing(Place place) {
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
      InitialAttributes.apply(dir, attrs);
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
      InitialAttributes.apply(node, attrs);
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
        InitialAttributes.apply(node, attrs);
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
}
