package io.github.squashtree.core.internal.nio;

import io.github.squashtree.core.SquashfsFormatException;
import java.io.IOException;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.AccessMode;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.NotDirectoryException;
import java.nio.file.NotLinkException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.ReadOnlyFileSystemException;
import java.nio.file.attribute.FileAttribute;
import java.util.List;
import java.util.Set;
import java.util.SortedMap;

/**
 * The calls of the provider that read, each under the file system's read lock, with the errors the
 * default provider gives on Linux; and the entry to changes, which only create mode allows. A
 * damaged image surfaces as {@link SquashfsFormatException} naming the path being read.
 */
final class Operations {
  private Operations() {}

  /** A change to one node of a tree being created. */
  interface Change {
    void apply(MemNode node) throws IOException;
  }

  /**
   * Whether the default provider reports a path below a file as missing when it reads attributes
   * (since JDK 25, JDK-8356678: "Not a directory" becomes {@code NoSuchFileException} for reading
   * attributes, access checks, and a copy's or move's source). The answers follow the running JDK.
   */
  static final boolean NOT_A_DIRECTORY_IS_MISSING = Runtime.version().feature() >= 25;

  /** The attributes {@code Files.readAttributes} and the views read, with the JDK's errors. */
  static NodeAttributes attributes(SquashfsFileSystem fs, SquashfsPath path, boolean follow)
      throws IOException {
    try {
      return stat(fs, path, follow);
    } catch (FileSystemException e) {
      throw missingIfNotADirectory(e, path);
    }
  }

  /** A lookup's "Not a directory" as the running JDK reports it where it reads attributes. */
  static FileSystemException missingIfNotADirectory(FileSystemException e, SquashfsPath path) {
    if (NOT_A_DIRECTORY_IS_MISSING && Resolver.NOT_A_DIRECTORY.equals(e.getReason())) {
      return new java.nio.file.NoSuchFileException(path.toString());
    }
    return e;
  }

  /** The attributes of a node, every lookup error as Linux gives it (stat(2)). */
  static NodeAttributes stat(SquashfsFileSystem fs, SquashfsPath path, boolean follow)
      throws IOException {
    fs.beginRead();
    try {
      return fs.store().attributes(fs.lookup(path, follow));
    } catch (SquashfsFormatException e) {
      throw named(path, e);
    } finally {
      fs.endRead();
    }
  }

  static SortedMap<String, byte[]> xattrs(SquashfsFileSystem fs, SquashfsPath path, boolean follow)
      throws IOException {
    fs.beginRead();
    try {
      return fs.store().xattrs(fs.lookup(path, follow));
    } catch (SquashfsFormatException e) {
      throw named(path, e);
    } finally {
      fs.endRead();
    }
  }

  /**
   * The extended attributes the {@code user} view shows, refused as the JDK refuses them: on a
   * symlink not followed (the JDK opens the file with O_NOFOLLOW: ELOOP), and for a listing ({@code
   * listing} set, starting the message) where the kernel cannot list them.
   */
  static SortedMap<String, byte[]> userViewXattrs(
      SquashfsFileSystem fs, SquashfsPath path, boolean follow, String listing) throws IOException {
    fs.beginRead();
    try {
      Node node = fs.lookup(path, follow);
      if (node.isSymlink()) {
        throw new FileSystemException(path.toString(), null, Resolver.TOO_MANY_LINKS);
      }
      if (listing != null && !fs.store().xattrsListable(node)) {
        throw new FileSystemException(path.toString(), null, listing + ": Operation not supported");
      }
      return fs.store().xattrs(node);
    } catch (SquashfsFormatException e) {
      throw named(path, e);
    } finally {
      fs.endRead();
    }
  }

  /** Applies a change to the node at {@code path} (create mode only). */
  static void change(SquashfsFileSystem fs, SquashfsPath path, boolean follow, Change change)
      throws IOException {
    TreeStore tree = writable(fs);
    fs.beginWrite();
    try {
      change.apply(tree.mutable(fs.lookup(path, follow)));
      tree.markChanged();
    } finally {
      fs.endWrite();
    }
  }

  /** The tree of a file system in create mode; a read-only one refuses every change. */
  static TreeStore writable(SquashfsFileSystem fs) {
    fs.ensureOpen();
    if (!(fs.store() instanceof TreeStore tree)) {
      throw new ReadOnlyFileSystemException();
    }
    return tree;
  }

  /** {@code e} with the path in front of its message: what was being read when it was found. */
  static SquashfsFormatException named(SquashfsPath path, SquashfsFormatException e) {
    return new SquashfsFormatException(path + ": " + e.getMessage(), e);
  }

  static SeekableByteChannel newByteChannel(
      SquashfsFileSystem fs,
      SquashfsPath path,
      Set<? extends OpenOption> options,
      FileAttribute<?>... attrs)
      throws IOException {
    OpenFlags flags = OpenFlags.of(options);
    if (flags.writes()) {
      return Writes.openForWrite(fs, path, flags, attrs);
    }
    fs.beginRead();
    try {
      Node node = fs.lookup(path, flags.follow());
      if (node.isSymlink()) {
        throw new IOException("Too many levels of symbolic links (NOFOLLOW_LINKS specified)");
      }
      if (node.isDirectory()) {
        return new DirectoryChannel(fs, fs.store().attributes(node).size());
      }
      if (node.type() != io.github.squashtree.core.tree.EntryType.FILE) {
        throw new FileSystemException(
            path.toString(), null, "not a regular file but a " + node.type().label());
      }
      return new ReadChannel(fs, path, fs.store().content(node));
    } catch (SquashfsFormatException e) {
      throw named(path, e);
    } finally {
      fs.endRead();
    }
  }

  static DirectoryStream<Path> newDirectoryStream(
      SquashfsFileSystem fs, SquashfsPath dir, DirectoryStream.Filter<? super Path> filter)
      throws IOException {
    fs.beginRead();
    try {
      Node node;
      try {
        node = fs.lookup(dir, true);
      } catch (FileSystemException e) {
        if (Resolver.NOT_A_DIRECTORY.equals(e.getReason())) {
          throw new NotDirectoryException(dir.toString());
        }
        throw e;
      }
      if (!node.isDirectory()) {
        throw new NotDirectoryException(dir.toString());
      }
      List<byte[]> names = fs.store().names(node);
      fs.rememberDirectory(dir, node);
      return new SquashfsDirectoryStream(fs, dir, names, filter);
    } catch (SquashfsFormatException e) {
      throw named(dir, e);
    } finally {
      fs.endRead();
    }
  }

  static Path readSymbolicLink(SquashfsFileSystem fs, SquashfsPath link) throws IOException {
    fs.beginRead();
    try {
      Node node = fs.lookup(link, false);
      if (!node.isSymlink()) {
        throw new NotLinkException(link.toString());
      }
      // As the JDK: the target's bytes as they are, doubled and trailing slashes included.
      return new SquashfsPath(fs, fs.store().target(node).clone());
    } catch (SquashfsFormatException e) {
      throw named(link, e);
    } finally {
      fs.endRead();
    }
  }

  /**
   * Access as root has it on the mounted image: everything can be read, nothing but special files
   * written (outside create mode), a file executed if one of its execute bits is set. The modes in
   * the image are reported, not enforced: the image is data to whoever can read its file.
   */
  static void checkAccess(SquashfsFileSystem fs, SquashfsPath path, AccessMode... modes)
      throws IOException {
    NodeAttributes a = attributes(fs, path, true);
    for (AccessMode m : modes) {
      // Linux refuses writes on a read-only mount to files, directories and symlinks only: a
      // device, fifo or socket lives elsewhere.
      if (m == AccessMode.WRITE && fs.isReadOnly() && !a.isOther()) {
        throw new FileSystemException(path.toString(), null, "Read-only file system");
      }
      if (m == AccessMode.EXECUTE && !a.isDirectory() && (a.permissionBits() & 0111) == 0) {
        throw new AccessDeniedException(path.toString());
      }
    }
  }

  static boolean isSameFile(SquashfsFileSystem fs, SquashfsPath a, Path other) throws IOException {
    if (a.equals(other)) {
      return true;
    }
    if (!(other instanceof SquashfsPath b) || b.getFileSystem() != fs) {
      return false;
    }
    NodeAttributes x = stat(fs, a, true);
    NodeAttributes y = stat(fs, b, true);
    return x.ino() == y.ino();
  }
}
