package io.github.squashtree.core.host;

import io.github.squashtree.core.internal.host.HostDirectoryTree;
import io.github.squashtree.core.tree.ForwardingTree;
import io.github.squashtree.core.tree.Metadata;
import io.github.squashtree.core.tree.Names;
import io.github.squashtree.core.tree.TimePrecision;
import io.github.squashtree.core.tree.Tree;
import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Path;

/**
 * A directory on disk as a {@link Tree}, with nanosecond times.
 *
 * <pre>{@code
 * try (Tree source = DirectoryTree.open(Path.of("rootfs"))) {
 *   SquashfsWriter.write(source, Path.of("root.sqfs"), WriterOptions.defaults());
 * }
 * }</pre>
 *
 * <p>Symlinks are never followed: not in the last component of the root (which must be a real
 * directory), not while walking a path, not when opening a file. Metadata comes from {@code
 * lstat(2)} and {@code getxattr(2)} through libc when JNA is on the class path (or module path),
 * otherwise from {@code java.nio.file}, which on Linux sees {@code user.*} attributes only and
 * cannot read a symlink target that is not valid in the JVM's file-name charset. Entries with the
 * same device and inode get the same {@link Metadata#linkKey()}: they are hard links.
 *
 * <p>Names and symlink targets are the strings standing for their bytes ({@link Names}). A name the
 * JVM's file-name charset ({@code sun.jnu.encoding}; run with a UTF-8 locale such as {@code
 * LC_ALL=C.UTF-8}) cannot represent exactly makes {@link #children} fail rather than report another
 * one. Entries that vanish between listing a directory and reading their status are left out;
 * otherwise the tree assumes the directory is not changed while it is read. Safe for use by several
 * threads at once.
 */
public final class DirectoryTree extends ForwardingTree {
  private final HostDirectoryTree host;

  private DirectoryTree(HostDirectoryTree host) {
    super(host);
    this.host = host;
  }

  /**
   * The directory at {@code root} as a tree.
   *
   * @param root a directory; a relative path is taken from the working directory
   * @return the tree, which holds no open file between calls
   * @throws FileSystemException if {@code root} is not a directory, or is a symlink to one
   * @throws IOException if {@code root} cannot be read
   */
  public static DirectoryTree open(Path root) throws IOException {
    return new DirectoryTree(HostDirectoryTree.open(root));
  }

  /**
   * The directory this tree shows.
   *
   * @return its absolute path
   */
  public Path rootPath() {
    return host.rootPath();
  }

  /**
   * Where the entry at {@code path} ("/", "/a/b") lives on disk; no file system access.
   *
   * @param path an absolute path in this tree
   * @return the host path, with the bytes the names stand for
   * @throws IllegalArgumentException if the path is not absolute or has a ".." component
   */
  public Path hostPath(String path) {
    return host.hostPath(path);
  }

  /**
   * Nanoseconds, as Linux file systems keep times.
   *
   * @return {@link TimePrecision#NANOSECONDS}
   */
  @Override
  public TimePrecision precision() {
    return TimePrecision.NANOSECONDS;
  }
}
