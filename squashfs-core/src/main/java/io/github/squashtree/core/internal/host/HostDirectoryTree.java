package io.github.squashtree.core.internal.host;

import io.github.squashtree.core.tree.Entry;
import io.github.squashtree.core.tree.EntryType;
import io.github.squashtree.core.tree.Metadata;
import io.github.squashtree.core.tree.NameOrder;
import io.github.squashtree.core.tree.Names;
import io.github.squashtree.core.tree.TimePrecision;
import io.github.squashtree.core.tree.Tree;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.file.ClosedFileSystemException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * A directory on disk as a {@link Tree}, with nanosecond times, read through a {@link
 * HostFileSystem}: the engine of {@link io.github.squashtree.core.host.DirectoryTree}, which other
 * modules of squashtree open with a host of their choosing.
 *
 * <p>Symlinks are never followed: not in the last component of the root (which must be a real
 * directory), not while walking a path, not when opening a file. Metadata comes from {@code
 * lstat(2)} and, for extended attributes, from {@link HostFileSystem}; see {@link
 * DirectoryLinkKeys} for how device and inode fold into {@link Metadata#linkKey()}.
 *
 * <p>Names and symlink targets are the strings standing for their bytes ({@link Names}). A name the
 * JVM's file-name charset ({@code sun.jnu.encoding}; run with a UTF-8 locale such as {@code
 * LC_ALL=C.UTF-8}) cannot represent exactly, or a symlink target without libc ({@link
 * HostFileSystem#readSymlink}), makes {@link #children} fail rather than report another one.
 * Entries that vanish between listing a directory and reading their status are left out; otherwise
 * the tree assumes the directory is not changed while it is read. Files this process is writing an
 * image into ({@link WrittenFiles}) are left out too. A file's content is read as one version:
 * {@link #open} fails if the file changed since it was listed, and closing the stream fails if it
 * changed while it was read ({@link UnchangedFile}).
 */
public final class HostDirectoryTree implements Tree {
  private static final Charset NAME_CHARSET = nameCharset();

  private final Path root;
  private final HostFileSystem host;
  private final DirectoryLinkKeys linkKeys;
  private volatile boolean closed;

  private HostDirectoryTree(Path root, HostFileSystem host, long rootDevice) {
    this.root = root;
    this.host = host;
    this.linkKeys = new DirectoryLinkKeys(rootDevice);
  }

  /** The directory at {@code root} as a tree, with {@link HostFileSystem#get()}. */
  public static HostDirectoryTree open(Path root) throws IOException {
    return open(root, HostFileSystem.get());
  }

  /**
   * The directory at {@code root} as a tree, reading metadata through {@code host}.
   *
   * @throws FileSystemException if {@code root} is not a directory, or is a symlink to one
   */
  public static HostDirectoryTree open(Path root, HostFileSystem host) throws IOException {
    Path absolute = root.toAbsolutePath();
    HostStat st = host.lstat(absolute);
    if (st.type() != EntryType.DIRECTORY) {
      throw new FileSystemException(
          absolute.toString(), null, "tree root must be a directory, not a " + st.type().label());
    }
    return new HostDirectoryTree(absolute, host, st.dev());
  }

  /** The directory this tree shows, as an absolute path. */
  public Path rootPath() {
    return root;
  }

  /**
   * Where the entry at {@code path} ("/", "/a/b") lives on disk; no file system access.
   *
   * @throws IllegalArgumentException if the path is not absolute or has a ".." component
   */
  public Path hostPath(String path) {
    Path p = root;
    for (String name : components(path)) {
      p = Names.hostPath(p, name);
    }
    return p;
  }

  /**
   * The {@link Metadata#linkKey()} this tree gives the object {@code st} describes: equal to an
   * entry's key exactly when {@code st} is of that entry's object (same device and inode).
   */
  public long linkKey(HostStat st) {
    return linkKeys.key(st.dev(), st.ino());
  }

  @Override
  public Entry root() throws IOException {
    ensureOpen();
    return new Entry("/", metadata(root, host.lstat(root)));
  }

  @Override
  public List<Entry> children(Entry directory) throws IOException {
    ensureOpen();
    if (!directory.isDirectory()) {
      throw new IllegalArgumentException("not a directory: " + directory.path());
    }
    Path dir = hostPath(directory.path());
    List<Entry> result = new ArrayList<>();
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
      for (Path child : stream) {
        String name = Names.hostName(child);
        // Path equality compares bytes: unequal means the name did not survive decoding.
        if (!Names.hostPath(dir, name).equals(child)) {
          throw unrepresentable(child, "file name");
        }
        HostStat st;
        try {
          st = host.lstat(child);
        } catch (NoSuchFileException e) {
          continue; // removed since the listing
        }
        if (st.type() == EntryType.FILE && WrittenFiles.contains(st.dev(), st.ino())) {
          continue; // an image this process is writing, or its temporary file
        }
        result.add(new Entry(directory.childPath(name), metadata(child, st)));
      }
    }
    result.sort(NameOrder.ENTRIES);
    return Collections.unmodifiableList(result);
  }

  @Override
  public Optional<Entry> lookup(String path) throws IOException {
    ensureOpen();
    List<String> names = components(path);
    Path p = root;
    HostStat st = host.lstat(root);
    StringBuilder canonical = new StringBuilder();
    for (String name : names) {
      // Descend only through real directories, so no symlink is ever followed.
      if (st.type() != EntryType.DIRECTORY) {
        return Optional.empty();
      }
      p = Names.hostPath(p, name);
      canonical.append('/').append(name);
      try {
        st = host.lstat(p);
      } catch (NoSuchFileException e) {
        return Optional.empty();
      }
    }
    String entryPath = names.isEmpty() ? "/" : canonical.toString();
    return Optional.of(new Entry(entryPath, metadata(p, st)));
  }

  @Override
  public InputStream open(Entry file) throws IOException {
    ensureOpen();
    if (file.type() != EntryType.FILE) {
      throw new IllegalArgumentException("not a regular file: " + file.path());
    }
    Path p = hostPath(file.path());
    HostStat before = host.lstat(p);
    Metadata listed = file.metadata();
    if (before.type() != EntryType.FILE
        || before.size() != listed.size()
        || !before.mtime().equals(listed.mtime())
        || linkKeys.key(before.dev(), before.ino()) != listed.linkKey()) {
      throw UnchangedFile.changed(p, "changed since it was listed");
    }
    return new UnchangedFile(
        Files.newInputStream(p, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS),
        p,
        before,
        host);
  }

  @Override
  public TimePrecision precision() {
    return TimePrecision.NANOSECONDS;
  }

  /** Marks the tree closed; it holds no open files between calls. */
  @Override
  public void close() {
    closed = true;
  }

  private void ensureOpen() {
    if (closed) {
      throw new ClosedFileSystemException();
    }
  }

  private Metadata metadata(Path p, HostStat st) throws IOException {
    EntryType type = st.type();
    String target = null;
    long size = 0;
    if (type == EntryType.FILE) {
      size = st.size();
    } else if (type == EntryType.SYMLINK) {
      target = host.readSymlink(p);
      size = Names.encode(target).length;
    }
    boolean device = type.isDevice();
    return new Metadata(
        type,
        st.permissions(),
        st.uid(),
        st.gid(),
        st.mtime(),
        size,
        target,
        device ? st.rdevMajor() : 0,
        device ? st.rdevMinor() : 0,
        host.getXattrs(p),
        st.nlink(),
        linkKeys.key(st.dev(), st.ino()));
  }

  /** The names of an absolute tree path; empty and "." components are dropped. */
  private static List<String> components(String path) {
    if (!path.startsWith("/")) {
      throw new IllegalArgumentException("path must be absolute: " + path);
    }
    List<String> names = new ArrayList<>();
    for (String name : path.split("/")) {
      if (name.equals("..")) {
        // A tree path never leaves the tree; ".." could climb above the root on disk.
        throw new IllegalArgumentException("path must not contain '..': " + path);
      }
      if (!name.isEmpty() && !name.equals(".")) {
        names.add(name);
      }
    }
    return names;
  }

  private static FileSystemException unrepresentable(Path p, String what) {
    return new FileSystemException(
        p.toString(),
        null,
        what
            + " not representable in the JVM's file-name charset "
            + NAME_CHARSET
            + " (run with a UTF-8 locale, e.g. LC_ALL=C.UTF-8)");
  }

  private static Charset nameCharset() {
    String name = System.getProperty("sun.jnu.encoding");
    try {
      return name == null ? Charset.defaultCharset() : Charset.forName(name);
    } catch (IllegalArgumentException e) {
      return Charset.defaultCharset();
    }
  }
}
