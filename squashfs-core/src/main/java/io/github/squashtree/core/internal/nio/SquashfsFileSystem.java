package io.github.squashtree.core.internal.nio;

import io.github.squashtree.core.internal.read.LruCache;
import java.io.IOException;
import java.net.URI;
import java.nio.file.ClosedFileSystemException;
import java.nio.file.FileStore;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.WatchService;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.nio.file.spi.FileSystemProvider;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * A SquashFS image as a {@link FileSystem}: read-only over an image, or in create mode a tree that
 * becomes an image on {@link #close()}.
 *
 * <p>Every operation checks that the file system is open and runs under the read side of a
 * read/write lock whose write side is taken by changes (create mode) and by {@link #close()}, so
 * that closing waits for calls in flight and later calls get {@link ClosedFileSystemException}.
 * Channels and streams still open are closed with it.
 */
final class SquashfsFileSystem extends FileSystem {
  static final Set<String> VIEWS = Set.of("basic", "posix", "unix", "owner", "user", "squashfs");

  private final SquashfsFileSystemProvider provider;
  private final Path image;
  private final Path registryKey;
  private final Store store;
  private final Resolver resolver;
  private final SquashfsPath root;
  private final SquashfsPath empty;
  private final SquashfsFileStore fileStore;
  private final ReadWriteLock lock = new ReentrantReadWriteLock();
  private final Set<AutoCloseable> open = ConcurrentHashMap.newKeySet();
  // Directories by absolute path bytes (following every symlink), for lookups of their children.
  private final LruCache<PathKey, Node> directories = new LruCache<>(1024);
  private volatile boolean isOpen = true;

  SquashfsFileSystem(
      SquashfsFileSystemProvider provider, Path image, Path registryKey, Store store) {
    this.provider = provider;
    this.image = image;
    this.registryKey = registryKey;
    this.store = store;
    this.resolver = new Resolver(store);
    this.root = new SquashfsPath(this, new byte[] {'/'});
    this.empty = new SquashfsPath(this, new byte[0]);
    this.fileStore = new SquashfsFileStore(this, store);
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

  Store store() {
    return store;
  }

  /** The image file this file system reads or writes. */
  Path image() {
    return image;
  }

  Path registryKey() {
    return registryKey;
  }

  SquashfsPath rootPath() {
    return root;
  }

  @Override
  public FileSystemProvider provider() {
    return provider;
  }

  @Override
  public void close() throws IOException {
    lock.writeLock().lock();
    try {
      if (!isOpen) {
        return;
      }
      isOpen = false;
    } finally {
      lock.writeLock().unlock();
    }
    IOException failure = null;
    for (AutoCloseable c : new ArrayList<>(open)) {
      try {
        c.close();
      } catch (Exception e) {
        failure = add(failure, e);
      }
    }
    lock.writeLock().lock();
    try {
      directories.clear();
      store.close();
    } catch (IOException | RuntimeException e) {
      failure = add(failure, e);
    } finally {
      lock.writeLock().unlock();
      provider.removeFileSystem(this);
    }
    if (failure != null) {
      throw failure;
    }
  }

  private static IOException add(IOException failure, Exception e) {
    if (failure == null) {
      return e instanceof IOException io ? io : new IOException(e);
    }
    failure.addSuppressed(e);
    return failure;
  }

  @Override
  public boolean isOpen() {
    return isOpen;
  }

  void ensureOpen() {
    if (!isOpen) {
      throw new ClosedFileSystemException();
    }
  }

  /** Starts a call: checks the file system is open and keeps close() waiting until it ends. */
  void beginRead() {
    lock.readLock().lock();
    if (!isOpen) {
      lock.readLock().unlock();
      throw new ClosedFileSystemException();
    }
  }

  void endRead() {
    lock.readLock().unlock();
  }

  /** Starts a change (create mode): no call runs beside it. */
  void beginWrite() {
    lock.writeLock().lock();
    if (!isOpen) {
      lock.writeLock().unlock();
      throw new ClosedFileSystemException();
    }
    directories.clear(); // lookups cached before a change may no longer hold
  }

  void endWrite() {
    lock.writeLock().unlock();
  }

  /** Channels and streams open on this file system, closed with it. */
  void register(AutoCloseable c) {
    open.add(c);
  }

  void unregister(AutoCloseable c) {
    open.remove(c);
  }

  @Override
  public boolean isReadOnly() {
    return store.immutable();
  }

  @Override
  public String getSeparator() {
    return "/";
  }

  @Override
  public Iterable<Path> getRootDirectories() {
    ensureOpen();
    return List.of(root);
  }

  @Override
  public Iterable<FileStore> getFileStores() {
    ensureOpen();
    return List.of(fileStore);
  }

  SquashfsFileStore fileStore() {
    return fileStore;
  }

  @Override
  public Set<String> supportedFileAttributeViews() {
    return VIEWS;
  }

  @Override
  public Path getPath(String first, String... more) {
    if (more.length == 0) {
      return first.isEmpty() ? empty : SquashfsPath.of(this, first);
    }
    StringBuilder s = new StringBuilder(first);
    for (String segment : more) {
      if (!segment.isEmpty()) {
        if (s.length() > 0) {
          s.append('/');
        }
        s.append(segment);
      }
    }
    return SquashfsPath.of(this, s.toString());
  }

  /** The path of raw bytes, which may hold any byte but NUL. */
  SquashfsPath path(byte[] bytes) {
    return new SquashfsPath(this, SquashfsPath.normalizedBytes(bytes));
  }

  @Override
  public PathMatcher getPathMatcher(String syntaxAndPattern) {
    return Globs.matcher(syntaxAndPattern);
  }

  @Override
  public UserPrincipalLookupService getUserPrincipalLookupService() {
    return Principals.INSTANCE;
  }

  @Override
  public WatchService newWatchService() {
    throw new UnsupportedOperationException("a squashfs file system has no watch service");
  }

  /** The URI of an absolute path: {@code squashfs:<image URI>!<path>}, every byte kept. */
  URI uriOf(SquashfsPath absolute) {
    return Uris.of(image, absolute.bytes());
  }

  // ---- lookups ----

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
  void rememberDirectory(SquashfsPath path, Node dir) {
    byte[] b = path.toAbsolutePath().bytes();
    if (store.immutable() && dir.isDirectory() && !hasDots(b) && b.length < Resolver.PATH_MAX) {
      directories.put(PathKey.of(b, b.length), dir);
    }
  }

  /** The real path: every symlink followed (the last one if {@code follow}), no "." or "..". */
  SquashfsPath realPath(SquashfsPath path, boolean follow) throws IOException {
    beginRead();
    try {
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
      Resolver.Found found = resolver.walk(abs.names(), true, path.toString());
      List<byte[]> names = found.names();
      SquashfsPath real = root;
      for (byte[] n : names) {
        real = real.resolve(n);
      }
      return real;
    } finally {
      endRead();
    }
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

  /** The paths of the open channels, for tests. */
  int openResources() {
    return Collections.unmodifiableSet(open).size();
  }
}
