package io.github.squashtree.core.internal.nio;

import io.github.squashtree.core.image.ReaderOptions;
import io.github.squashtree.core.internal.format.Superblock;
import io.github.squashtree.core.internal.io.ByteSource;
import io.github.squashtree.core.internal.read.ImageReader;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.AccessMode;
import java.nio.file.CopyOption;
import java.nio.file.DirectoryStream;
import java.nio.file.FileStore;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.FileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.spi.FileSystemProvider;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The {@code squashfs} file system provider: SquashFS images as {@link FileSystem}s, read-only, or
 * written in create mode.
 *
 * <pre>{@code
 * try (FileSystem fs = FileSystems.newFileSystem(Path.of("root.sqfs"))) {
 *   Files.readString(fs.getPath("/etc/hostname"));
 * }
 * }</pre>
 *
 * <p>{@code FileSystems.newFileSystem(Path)} asks every installed provider in turn: this one takes
 * files and block devices that start (at the env's {@code offset}) with the SquashFS magic and
 * declines all others (a missing file gives {@code NoSuchFileException}), so zip and jar files
 * still go to zipfs. {@code newFileSystem(URI, env)} with {@code squashfs:<file URI>} opens an
 * image as zipfs opens {@code jar:} URIs: registered under the image's real path until closed
 * ({@link #getFileSystem(URI)}, {@link #getPath(URI)} find it), and with {@code create=true} it
 * makes a new image, or updates an existing one, when the file system is closed. The env keys are
 * listed in {@link Env}.
 */
public final class SquashfsFileSystemProvider extends FileSystemProvider {
  private final Map<Path, SquashfsFileSystem> registered = new HashMap<>();
  private final AtomicLong devices = new AtomicLong();

  /** Called by the service loader. */
  public SquashfsFileSystemProvider() {}

  @Override
  public String getScheme() {
    return Uris.SCHEME;
  }

  // ---- file systems ----

  @Override
  public FileSystem newFileSystem(Path image, Map<String, ?> env) throws IOException {
    Env e = new Env(env);
    if (!Files.exists(image) && e.create()) {
      return create(image, null, e);
    }
    if (!Files.exists(image)) {
      throw new NoSuchFileException(image.toString());
    }
    ReaderOptions options = e.readerOptions();
    if (!(Files.isRegularFile(image) || isBlockDevice(image))
        || !hasMagic(image, options.offset())) {
      throw new UnsupportedOperationException(image + " is not a SquashFS image");
    }
    return e.create() ? create(image, null, e) : open(image, null, e);
  }

  @Override
  public FileSystem newFileSystem(URI uri, Map<String, ?> env) throws IOException {
    Path image = Uris.imageOf(uri);
    Env e = new Env(env);
    synchronized (registered) {
      Path key = keyOf(image);
      if (registered.containsKey(key)) {
        throw new FileSystemAlreadyExistsException(uri.toString());
      }
      SquashfsFileSystem fs;
      if (e.create()) {
        fs = create(image, key, e);
      } else if (!Files.exists(image)) {
        throw new NoSuchFileException(image.toString());
      } else {
        fs = open(image, key, e);
      }
      registered.put(key, fs);
      return fs;
    }
  }

  private SquashfsFileSystem open(Path image, Path key, Env env) throws IOException {
    long cacheBytes = env.dataCacheBytes();
    ImageReader reader = ImageReader.open(ByteSource.of(image), env.readerOptions());
    try {
      return new SquashfsFileSystem(
          this, image, key, new ImageStore(reader, devices.incrementAndGet(), cacheBytes));
    } catch (IOException | RuntimeException ex) {
      try {
        reader.close();
      } catch (IOException suppressed) {
        ex.addSuppressed(suppressed);
      }
      throw ex;
    }
  }

  private SquashfsFileSystem create(Path image, Path key, Env env) throws IOException {
    return new SquashfsFileSystem(
        this, image, key, TreeStore.open(image, env, devices.incrementAndGet()));
  }

  /** The real path of an image, or of its directory when it does not exist yet. */
  private static Path keyOf(Path image) throws IOException {
    Path abs = image.toAbsolutePath();
    if (Files.exists(abs)) {
      return abs.toRealPath();
    }
    Path parent = abs.getParent();
    return parent == null ? abs : parent.toRealPath().resolve(abs.getFileName());
  }

  /** Whether a path is a block device (an image on a partition or a loop device). */
  private static boolean isBlockDevice(Path p) {
    try {
      return p.getFileSystem().supportedFileAttributeViews().contains("unix")
          && ((Integer) Files.getAttribute(p, "unix:mode") & 0170000) == 0060000;
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  private static boolean hasMagic(Path image, long offset) throws IOException {
    try (FileChannel ch = FileChannel.open(image, StandardOpenOption.READ)) {
      ByteBuffer b = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
      while (b.hasRemaining()) {
        if (ch.read(b, offset + b.position()) < 0) {
          return false;
        }
      }
      return b.getInt(0) == Superblock.MAGIC;
    }
  }

  @Override
  public FileSystem getFileSystem(URI uri) {
    Path image = Uris.imageOf(uri);
    synchronized (registered) {
      SquashfsFileSystem fs = null;
      try {
        fs = registered.get(keyOf(image));
      } catch (IOException e) {
        // no such file: no such file system either
      }
      if (fs == null) {
        throw new FileSystemNotFoundException(uri.toString());
      }
      return fs;
    }
  }

  @Override
  public Path getPath(URI uri) {
    byte[] path = Uris.pathOf(uri);
    return ((SquashfsFileSystem) getFileSystem(uri)).path(path);
  }

  void removeFileSystem(SquashfsFileSystem fs) {
    if (fs.registryKey() == null) {
      return;
    }
    synchronized (registered) {
      registered.remove(fs.registryKey(), fs);
    }
  }

  // ---- reading ----

  private static SquashfsPath check(Path path) {
    return SquashfsPath.check(path);
  }

  private static SquashfsFileSystem fs(SquashfsPath path) {
    return path.getFileSystem();
  }

  @Override
  public SeekableByteChannel newByteChannel(
      Path path, Set<? extends OpenOption> options, FileAttribute<?>... attrs) throws IOException {
    SquashfsPath p = check(path);
    return Operations.newByteChannel(fs(p), p, options, attrs);
  }

  @Override
  public DirectoryStream<Path> newDirectoryStream(
      Path dir, DirectoryStream.Filter<? super Path> filter) throws IOException {
    SquashfsPath p = check(dir);
    return Operations.newDirectoryStream(fs(p), p, filter);
  }

  @Override
  public Path readSymbolicLink(Path link) throws IOException {
    SquashfsPath p = check(link);
    return Operations.readSymbolicLink(fs(p), p);
  }

  @Override
  public boolean isSameFile(Path path, Path path2) throws IOException {
    SquashfsPath p = check(path);
    return Operations.isSameFile(fs(p), p, path2);
  }

  @Override
  public boolean isHidden(Path path) {
    Path name = check(path).getFileName();
    return name != null && name.toString().startsWith(".");
  }

  @Override
  public FileStore getFileStore(Path path) throws IOException {
    SquashfsPath p = check(path);
    Operations.stat(fs(p), p, true); // as the default provider: the file must exist
    return fs(p).fileStore();
  }

  @Override
  public void checkAccess(Path path, AccessMode... modes) throws IOException {
    SquashfsPath p = check(path);
    Operations.checkAccess(fs(p), p, modes);
  }

  @Override
  public <V extends FileAttributeView> V getFileAttributeView(
      Path path, Class<V> type, LinkOption... options) {
    SquashfsPath p = check(path);
    return PosixView.of(fs(p), p, type, Options.follow(options));
  }

  @Override
  public <A extends BasicFileAttributes> A readAttributes(
      Path path, Class<A> type, LinkOption... options) throws IOException {
    SquashfsPath p = check(path);
    if (type != BasicFileAttributes.class && type != PosixFileAttributes.class) {
      throw new UnsupportedOperationException(type.getName() + " not supported");
    }
    return type.cast(Operations.attributes(fs(p), p, Options.follow(options)));
  }

  @Override
  public Map<String, Object> readAttributes(Path path, String attributes, LinkOption... options)
      throws IOException {
    SquashfsPath p = check(path);
    return AttributeMaps.read(fs(p), p, attributes, Options.follow(options));
  }

  // ---- changing (create mode only) ----

  @Override
  public void setAttribute(Path path, String attribute, Object value, LinkOption... options)
      throws IOException {
    SquashfsPath p = check(path);
    AttributeMaps.set(fs(p), p, attribute, value, Options.follow(options));
  }

  @Override
  public void createDirectory(Path dir, FileAttribute<?>... attrs) throws IOException {
    SquashfsPath p = check(dir);
    Writes.createDirectory(fs(p), p, attrs);
  }

  @Override
  public void createSymbolicLink(Path link, Path target, FileAttribute<?>... attrs)
      throws IOException {
    SquashfsPath p = check(link);
    Writes.createSymbolicLink(fs(p), p, check(target), attrs);
  }

  @Override
  public void createLink(Path link, Path existing) throws IOException {
    SquashfsPath p = check(link);
    Writes.createLink(fs(p), p, check(existing));
  }

  @Override
  public void delete(Path path) throws IOException {
    SquashfsPath p = check(path);
    Writes.delete(fs(p), p);
  }

  @Override
  public void copy(Path source, Path target, CopyOption... options) throws IOException {
    CopyMove.copy(check(source), check(target), options);
  }

  @Override
  public void move(Path source, Path target, CopyOption... options) throws IOException {
    CopyMove.move(check(source), check(target), options);
  }
}
