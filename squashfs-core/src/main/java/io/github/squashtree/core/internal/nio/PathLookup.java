package io.github.squashtree.core.internal.nio;

import io.github.squashtree.core.internal.read.LruCache;
import java.io.IOException;
import java.nio.file.FileSystemException;
import java.util.Arrays;
import java.util.List;

/**
 * Path lookups of a file system: the {@link Resolver} for the general case, and for a plain path
 * (no "." or "..") over a tree that never changes, its parent directory from a cache of directories
 * by path, then one name. A walk asks for each entry of a directory it just listed, so most lookups
 * are one hash and one search of a listing held in memory.
 */
final class PathLookup {
  private final Store store;
  private final Resolver resolver;
  // Directories by absolute path bytes (following every symlink), for lookups of their children.
  private final LruCache<PathKey, Node> directories = new LruCache<>(1024);

  PathLookup(Store store) {
    this.store = store;
    this.resolver = new Resolver(store);
  }

  /** Bytes of a path, with equality by content, as a cache key. */
  private record PathKey(byte[] bytes, int hash) {
    static PathKey of(byte[] bytes, int length) {
      byte[] copy = Arrays.copyOf(bytes, length);
      return new PathKey(copy, Arrays.hashCode(copy));
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof PathKey k && k.hash == hash && Arrays.equals(k.bytes, bytes);
    }

    @Override
    public int hashCode() {
      return hash;
    }
  }

  /** Forgets every cached directory (the tree changed, or the file system closed). */
  void clear() {
    directories.clear();
  }

  /**
   * The node at {@code path}, following a symlink in the last place when {@code follow} is set.
   * Throws what the default provider throws for the same lookup on Linux.
   */
  Node lookup(SquashfsPath path, boolean follow) throws IOException {
    SquashfsPath abs = path.toAbsolutePath();
    byte[] b = abs.bytes();
    if (b.length >= Resolver.PATH_MAX) {
      throw new FileSystemException(path.toString(), null, Resolver.NAME_TOO_LONG);
    }
    if (b.length == 1) {
      return store.root();
    }
    if (!store.immutable() || hasDots(b)) {
      return resolver.walk(abs.names(), follow, path.toString()).node();
    }
    // A plain path: its parent directory from the cache, then one name.
    int slash = lastSlash(b);
    PathKey key = PathKey.of(b, Math.max(slash, 1));
    Node dir = directories.get(key);
    if (dir == null) {
      List<byte[]> names = Resolver.split(key.bytes());
      dir = resolver.walk(names, true, path.toString()).node();
      if (!dir.isDirectory()) {
        throw new FileSystemException(path.toString(), null, Resolver.NOT_A_DIRECTORY);
      }
      directories.put(key, dir);
    }
    Node node = store.child(dir, Arrays.copyOfRange(b, slash + 1, b.length));
    if (node == null) {
      throw new java.nio.file.NoSuchFileException(path.toString());
    }
    if (follow && node.isSymlink()) {
      return resolver.walk(abs.names(), true, path.toString()).node();
    }
    return node;
  }

  /** Remembers a directory just looked up at {@code path}, for the lookups of its children. */
  void remember(SquashfsPath path, Node dir) {
    byte[] b = path.toAbsolutePath().bytes();
    if (store.immutable() && dir.isDirectory() && !hasDots(b) && b.length < Resolver.PATH_MAX) {
      directories.put(PathKey.of(b, b.length), dir);
    }
  }

  /** The real path: every symlink followed (the last one if {@code follow}), no "." or "..". */
  SquashfsPath realPath(SquashfsPath path, boolean follow, SquashfsPath root) throws IOException {
    SquashfsPath abs = path.toAbsolutePath();
    if (abs.bytes().length >= Resolver.PATH_MAX) {
      throw new FileSystemException(path.toString(), null, Resolver.NAME_TOO_LONG);
    }
    if (!follow) {
      // As the JDK does with NOFOLLOW_LINKS: names taken as they are, ".." lexically.
      SquashfsPath normal = (SquashfsPath) abs.normalize();
      lookup(normal, false);
      return normal;
    }
    SquashfsPath real = root;
    for (byte[] n : resolver.walk(abs.names(), true, path.toString()).names()) {
      real = real.resolve(n);
    }
    return real;
  }

  private static boolean hasDots(byte[] b) {
    for (int i = 0; i < b.length; i++) {
      if (b[i] == '.' && (i == 0 || b[i - 1] == '/')) {
        int end = i + 1 < b.length && b[i + 1] == '.' ? i + 2 : i + 1;
        if (end == b.length || b[end] == '/') {
          return true;
        }
      }
    }
    return false;
  }

  private static int lastSlash(byte[] b) {
    for (int i = b.length - 1; i >= 0; i--) {
      if (b[i] == '/') {
        return i;
      }
    }
    return -1;
  }
}
