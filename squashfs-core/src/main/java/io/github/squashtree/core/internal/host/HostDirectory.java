package io.github.squashtree.core.internal.host;

import io.github.squashtree.core.tree.EntryType;
import java.io.IOException;
import java.util.List;
import java.util.function.Predicate;

/**
 * An open directory, and every operation on an entry in it, named by one name (no '/', not "." or
 * ".."; bytes that are not UTF-8 as Names escapes them). No operation follows a symlink: opening a
 * directory that has been swapped for a symlink fails ({@code O_NOFOLLOW|O_DIRECTORY}), an entry is
 * created new or not at all ({@code O_EXCL}, {@code mkdirat}, {@code symlinkat}, {@code mknodat}),
 * and metadata is set on the open object. So a tree written below a handle stays below it whatever
 * another user renames meanwhile — the way libarchive's secure extraction and GNU tar work.
 *
 * <p>With the NIO fallback ({@link HostFileSystem#raceFree()} false) the same operations go by path
 * with {@code NOFOLLOW_LINKS}: a directory swapped for a symlink between two steps can be followed.
 */
public interface HostDirectory extends HostNode {
  /** Opens the directory {@code name}; fails if it is a symlink or no directory. */
  HostDirectory openDirectory(String name) throws IOException;

  /**
   * Opens the directory {@code name} to change its metadata, after checking that it is the object
   * {@code compared} accepts (device and inode): a directory swapped meanwhile for another one (by
   * a user who owns this directory) is refused rather than changed.
   */
  default HostDirectory openDirectory(String name, Predicate<HostStat> compared)
      throws IOException {
    HostDirectory d = openDirectory(name);
    try {
      d.ensureIs(compared);
      return d;
    } catch (IOException | RuntimeException e) {
      d.close();
      throw e;
    }
  }

  /**
   * Fails ("changed by someone else") unless this open directory is the object {@code compared}
   * accepts (device and inode); for one opened by path (the root) or by a run's own walk before its
   * metadata is changed. The check is of the held object, so it still holds when changed.
   */
  default void ensureIs(Predicate<HostStat> compared) throws IOException {
    HostStat st = stat();
    if (st.type() != EntryType.DIRECTORY || !compared.test(st)) {
      throw ExpectedNode.changed(path(), ExpectedNode.another(st));
    }
  }

  /**
   * Opens the parent of this directory, as it is now; the caller checks it is the one it expects
   * (device and inode), since this directory may have been moved.
   */
  HostDirectory openParent() throws IOException;

  /** Makes the directory {@code name} ({@code permissions} less the umask) and opens it. */
  HostDirectory makeDirectory(String name, int permissions) throws IOException;

  /**
   * Creates the regular file {@code name}, which must not exist (not even as a dangling symlink),
   * with {@code permissions} less the umask, and opens it for writing.
   */
  HostFile createFile(String name, int permissions) throws IOException;

  /**
   * Creates the symlink {@code name} to the bytes {@code target} stands for; returns whether the
   * link holds them exactly (see {@link HostFileSystem#symlink}).
   */
  boolean symlink(String name, String target) throws IOException;

  /**
   * Creates a special file (device, fifo, socket) with {@code permissions} less the umask; set its
   * exact bits through {@link #openNode}.
   */
  void mknod(String name, EntryType type, int permissions, int major, int minor) throws IOException;

  /**
   * Holds the entry {@code name} itself (a symlink is not followed, nothing is opened for I/O) to
   * change its metadata, after checking that it is what {@code expected} says (type, link count,
   * the object itself): a name swapped meanwhile for another object (a hard link to someone else's
   * file has two links) is refused rather than changed. Not for directories: {@link
   * #openDirectory}.
   */
  HostNode openNode(String name, ExpectedNode expected) throws IOException;

  /**
   * {@link #openNode(String, ExpectedNode)} for an entry of type {@code expected} with exactly
   * {@code links} links, whichever object it is (one the caller has just made).
   */
  default HostNode openNode(String name, EntryType expected, long links) throws IOException {
    return openNode(name, ExpectedNode.of(expected, links));
  }

  /** Makes {@code name} a new hard link to {@code fromName} in {@code from} (not followed). */
  void link(String name, HostDirectory from, String fromName) throws IOException;

  /** Renames {@code name} to {@code toName} in {@code to}, replacing what is there. */
  void rename(String name, HostDirectory to, String toName) throws IOException;

  /** Removes the non-directory {@code name}. */
  void unlink(String name) throws IOException;

  /** Removes the empty directory {@code name}. */
  void removeDirectory(String name) throws IOException;

  /** The status of the entry {@code name} itself. */
  HostStat stat(String name) throws IOException;

  /** The names in this directory, in no particular order. */
  List<String> list() throws IOException;
}
