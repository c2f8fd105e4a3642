package io.github.squashtree.core.internal.nio;

import java.io.IOException;
import java.net.URI;
import java.nio.file.ClosedFileSystemException;
import java.nio.file.FileStore;
import java.nio.file.FileSystem;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.WatchService;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.nio.file.spi.FileSystemProvider;
import java.util.ArrayList;
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
  private final PathLookup lookups;
  private final SquashfsPath root;
  private final SquashfsPath empty;
  private final SquashfsFileStore fileStore;
  private final ReadWriteLock lock = new ReentrantReadWriteLock();
  private final Set<AutoCloseable> open = ConcurrentHashMap.newKeySet();
  private volatile boolean isOpen = true;

  SquashfsFileSystem(
      SquashfsFileSystemProvider provider, Path image, Path registryKey, Store store) {
    this.provider = provider;
    this.image = image;
    this.registryKey = registryKey;
    this.store = store;
    this.lookups = new PathLookup(store);
    this.root = new SquashfsPath(this, new byte[] {'/'});
    this.empty = new SquashfsPath(this, new byte[0]);
    this.fileStore = new SquashfsFileStore(this, store);
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
      lookups.clear();
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
    lookups.clear(); // lookups cached before a change may no longer hold
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

  /** The node at {@code path}: see {@link PathLookup#lookup}. The caller holds the lock. */
  Node lookup(SquashfsPath path, boolean follow) throws IOException {
    return lookups.lookup(path, follow);
  }

  /** Remembers a directory just looked up at {@code path}, for the lookups of its children. */
  void rememberDirectory(SquashfsPath path, Node dir) {
    lookups.remember(path, dir);
  }

  /** The real path: every symlink followed (the last one if {@code follow}), no "." or "..". */
  SquashfsPath realPath(SquashfsPath path, boolean follow) throws IOException {
    beginRead();
    try {
      return lookups.realPath(path, follow, root);
    } finally {
      endRead();
    }
  }
}
