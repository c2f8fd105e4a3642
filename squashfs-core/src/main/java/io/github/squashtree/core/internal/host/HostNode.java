package io.github.squashtree.core.internal.host;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;

/**
 * An open file-system object: a directory, a file being written, or a symlink or special file held
 * without being opened for I/O. Its metadata is changed on the object itself, never by a path that
 * could have been swapped for a symlink since it was opened (with the NIO fallback, see {@link
 * HostFileSystem#raceFree()}).
 *
 * <p>A node is used by one thread at a time; closing it twice does nothing.
 */
public interface HostNode extends Closeable {
  /** Where the object was when it was opened, for messages. */
  Path path();

  /** Its status now. */
  HostStat stat() throws IOException;

  /** Sets the numeric owner and group; each is 0 to 2^32 - 2. */
  void setOwner(long uid, long gid) throws IOException;

  /** Sets the permission bits ({@code 07777}); not for symlinks. */
  void setPermissions(int permissions) throws IOException;

  /** Sets one extended attribute (its name may hold bytes that are not UTF-8, see Names). */
  void setXattr(String name, byte[] value) throws IOException;

  /** Removes one extended attribute. */
  void removeXattr(String name) throws IOException;

  /** Sets the modification time (and the access time to the same instant), to the nanosecond. */
  void setTimes(Instant mtime) throws IOException;

  @Override
  void close() throws IOException;
}
