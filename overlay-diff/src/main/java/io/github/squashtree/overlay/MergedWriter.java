package io.github.squashtree.overlay;

import io.github.squashtree.core.internal.host.DirectoryCache;
import io.github.squashtree.core.internal.host.ExpectedNode;
import io.github.squashtree.core.internal.host.HostDirectory;
import io.github.squashtree.core.internal.host.HostFile;
import io.github.squashtree.core.internal.host.HostFileSystem;
import io.github.squashtree.core.internal.host.HostNode;
import io.github.squashtree.core.internal.host.HostStat;
import io.github.squashtree.core.internal.host.TreeRemoval;
import io.github.squashtree.core.internal.host.UnsupportedHostOperationException;
import io.github.squashtree.core.tree.Entry;
import io.github.squashtree.core.tree.EntryType;
import io.github.squashtree.core.tree.Metadata;
import io.github.squashtree.core.tree.Tree;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileAlreadyExistsException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.ToLongFunction;

/**
 * The file-system operations of {@link OverlaySync} on a merged overlay directory (or an upper
 * directory). Each one is an operation overlayfs copies up for, so the caller calls it only where
 * something differs; new objects are made under a temporary name in their final directory, given
 * all their metadata there, and renamed into place.
 *
 * <p>Every operation is relative to the open target directory: each directory on the way is opened
 * without following a symlink, objects are created new, and metadata is set on the open object
 * ({@link HostDirectory}). So another user who owns a directory of the target and swaps a
 * subdirectory for a symlink mid-run makes the run fail, never write through the link.
 *
 * <p>An entry changed in place is checked to be the object compared, with the links it had then
 * ({@link ExpectedNode}) less those this writer took from it itself: each name of a compared object
 * it removes or renames a new object over lowers the count the object's other names may show. A
 * directory whose metadata or mtime is set is checked the same way to be the directory compared
 * there, or the one this writer made: a user owning its parent could otherwise swap in another
 * directory between the comparison and the change, and have it chmodded or chowned.
 */
final class MergedWriter implements Closeable {
  private static final int BUFFER = 64 * 1024;

  private final HostFileSystem host;
  private final Tree source;
  private final DirectoryCache dirs;
  private final DirectoryCache linkSources;
  private final ToLongFunction<HostStat> linkKeys;
  private final Map<String, Long> comparedDirectories;

  /** The link key of each directory this writer made, by path. */
  private final Map<String, Long> madeDirectories = new HashMap<>();

  /** For each compared object with more than one link, how many of its names this run took. */
  private final Map<Long, Long> namesTaken = new HashMap<>();

  private long counter;

  /**
   * A writer below {@code root}; {@code linkKeys} gives the {@link Metadata#linkKey()} the compared
   * tree of this directory gives an object's status, {@code comparedDirectories} the key of each
   * directory the comparison read, by path.
   */
  MergedWriter(
      HostFileSystem host,
      Tree source,
      HostDirectory root,
      ToLongFunction<HostStat> linkKeys,
      Map<String, Long> comparedDirectories) {
    this.host = host;
    this.comparedDirectories = comparedDirectories;
    this.source = source;
    this.dirs = new DirectoryCache(root);
    this.linkSources = new DirectoryCache(root);
    this.linkKeys = linkKeys;
  }

  /**
   * Removes {@code path} and, for a directory, everything in it, children first, never following
   * links.
   */
  void removeAll(String path) throws IOException {
    TreeRemoval.remove(
        dirs.parentOf(path), name(path), false, st -> taken(st.nlink(), linkKeys.applyAsLong(st)));
    forgetOpenDirectories();
  }

  /** Counts one name of the object with key {@code key} and {@code links} links as taken. */
  private void taken(long links, long key) {
    if (links > 1) {
      namesTaken.merge(key, 1L, Long::sum);
    }
  }

  /** Counts the name a rename replaces, the compared object {@code old} (null: a free name). */
  private void replacing(Metadata old) {
    if (old != null) {
      taken(old.nlink(), old.linkKey());
    }
  }

  /**
   * Makes the directory {@code path} with the owner, mode and xattrs of {@code e} (not its mtime).
   */
  void makeDirectory(String path, Entry e) throws IOException {
    Metadata m = e.metadata();
    try (HostDirectory d = dirs.parentOf(path).makeDirectory(name(path), 0700)) {
      madeDirectories.put(path, linkKeys.applyAsLong(d.stat()));
      d.setOwner(m.uid(), m.gid());
      d.setPermissions(m.permissions());
      setXattrs(d, Map.of(), m);
    }
  }

  /**
   * Puts a new non-directory object for {@code e} at {@code path}, replacing {@code old} (the
   * compared object there, or null where the name is free): its content (for a file), all its
   * metadata, then a rename.
   */
  void replaceWithNew(String path, Entry e, Metadata old) throws IOException {
    HostDirectory dir = dirs.parentOf(path);
    String temp = create(dir, e);
    try {
      Metadata m = e.metadata();
      try (HostNode node = open(dir, temp, e)) {
        node.setOwner(m.uid(), m.gid());
        if (m.type() != EntryType.SYMLINK) {
          node.setPermissions(m.permissions()); // after the owner, which clears setuid and setgid
        }
        setXattrs(node, Map.of(), m);
        node.setTimes(m.mtime());
      }
      dir.rename(temp, dir, name(path));
      replacing(old);
    } catch (IOException | RuntimeException ex) {
      try {
        dir.unlink(temp);
      } catch (IOException gone) {
        ex.addSuppressed(gone);
      }
      throw ex;
    }
  }

  /**
   * Puts a new hard link to {@code existing}, an object this run made, at {@code path}, replacing
   * {@code old} (the compared object there, or null where the name is free).
   */
  void replaceWithLink(String path, String existing, Metadata old) throws IOException {
    HostDirectory dir = dirs.parentOf(path);
    HostDirectory from = linkSources.parentOf(existing);
    while (true) {
      String temp = tempName();
      try {
        dir.link(temp, from, name(existing));
      } catch (FileAlreadyExistsException again) {
        continue;
      }
      dir.rename(temp, dir, name(path));
      replacing(old);
      return;
    }
  }

  /**
   * Sets the fields of {@code want} that {@code fields} name on the existing object at {@code
   * path}, checked to be the one compared ({@code have}: its type, its object and its link count
   * less the names this run took from it), and for a non-directory its mtime.
   */
  void applyMetadata(String path, Metadata have, Metadata want, Set<ChangeField> fields)
      throws IOException {
    if (path.equals("/")) {
      HostDirectory root = dirs.directory("/"); // it stays open
      root.ensureIs(is(have.linkKey()));
      applyMetadata(root, have, want, fields);
      return;
    }
    HostDirectory dir = dirs.parentOf(path);
    try (HostNode node =
        have.type() == EntryType.DIRECTORY
            ? dir.openDirectory(name(path), is(have.linkKey()))
            : dir.openNode(name(path), expected(have))) {
      applyMetadata(node, have, want, fields);
    }
  }

  /** What the compared object {@code have} must be now, after this run's own removals. */
  private ExpectedNode expected(Metadata have) {
    long key = have.linkKey();
    return ExpectedNode.compared(
        have.type(), have.nlink(), namesTaken.getOrDefault(key, 0L), is(key));
  }

  /** Whether a status is of the object with link key {@code key}. */
  private Predicate<HostStat> is(long key) {
    return st -> linkKeys.applyAsLong(st) == key;
  }

  private static void applyMetadata(
      HostNode node, Metadata have, Metadata want, Set<ChangeField> fields) throws IOException {
    boolean chowned = false;
    if (fields.contains(ChangeField.OWNER) || fields.contains(ChangeField.GROUP)) {
      node.setOwner(want.uid(), want.gid());
      chowned = true;
    }
    if (want.type() != EntryType.SYMLINK) {
      // chown clears setuid and setgid, so the mode may differ now even if it did not before.
      int now = chowned ? node.stat().permissions() : have.permissions();
      if (now != want.permissions()) {
        node.setPermissions(want.permissions());
      }
    }
    if (fields.contains(ChangeField.XATTRS)) {
      setXattrs(node, have.xattrs(), want);
    }
    if (want.type() != EntryType.DIRECTORY) {
      restoreTime(node, want);
    }
  }

  /**
   * Sets the mtime of the directory {@code path} to {@code want} unless it already is that; the
   * directory must be the one this writer made there, or else the one compared there.
   */
  boolean restoreDirectoryTime(String path, Metadata want) throws IOException {
    Long key = madeDirectories.get(path);
    if (key == null) {
      key = comparedDirectories.get(path);
    }
    if (key == null) {
      throw new IllegalStateException("no directory compared or made at " + path);
    }
    HostDirectory d = dirs.directory(path);
    d.ensureIs(is(key));
    return restoreTime(d, want);
  }

  private static boolean restoreTime(HostNode node, Metadata want) throws IOException {
    if (node.stat().mtime().equals(want.mtime())) {
      return false;
    }
    node.setTimes(want.mtime());
    return true;
  }

  private static void setXattrs(HostNode node, Map<String, byte[]> have, Metadata want)
      throws IOException {
    for (Map.Entry<String, byte[]> x : want.xattrs().entrySet()) {
      if (!Arrays.equals(have.get(x.getKey()), x.getValue())) {
        node.setXattr(x.getKey(), x.getValue());
      }
    }
    for (String name : have.keySet()) {
      if (!want.xattrs().containsKey(name)) {
        node.removeXattr(name);
      }
    }
  }

  /** Creates the object of {@code e} under a fresh temporary name in {@code dir}; its name. */
  private String create(HostDirectory dir, Entry e) throws IOException {
    while (true) {
      String temp = tempName();
      try {
        Metadata m = e.metadata();
        switch (m.type()) {
          case FILE -> writeContent(dir, temp, e);
          case SYMLINK -> {
            if (!dir.symlink(temp, m.symlinkTarget())) {
              dir.unlink(temp); // a changed target would differ from the tree for good
              throw new UnsupportedHostOperationException(
                  e.path(), "symlink target not made exactly: " + host.limitation().orElse(""));
            }
          }
          case BLOCK_DEVICE, CHAR_DEVICE, FIFO, SOCKET ->
              dir.mknod(temp, m.type(), m.permissions(), m.rdevMajor(), m.rdevMinor());
          case DIRECTORY -> throw new IllegalArgumentException("not for directories: " + e.path());
        }
        return temp;
      } catch (FileAlreadyExistsException again) {
        // someone else's file has that name: take the next one
      }
    }
  }

  /** The object just made at {@code temp}, checked to be it. */
  private static HostNode open(HostDirectory dir, String temp, Entry e) throws IOException {
    return dir.openNode(temp, e.metadata().type(), 1);
  }

  /** Copies the content of {@code e}, leaving holes where the source has blocks of zeros. */
  private void writeContent(HostDirectory dir, String temp, Entry e) throws IOException {
    byte[] buf = new byte[BUFFER];
    long size = e.metadata().size();
    // Created first: a FileAlreadyExistsException here is about someone else's file.
    HostFile file = dir.createFile(temp, 0600);
    try (HostFile out = file;
        InputStream in = source.open(e)) {
      long pos = 0;
      long end = 0;
      int n;
      while ((n = in.readNBytes(buf, 0, BUFFER)) > 0) {
        if (!allZero(buf, n)) {
          out.write(pos, buf, 0, n);
          end = pos + n;
        }
        pos += n;
      }
      if (pos != size) {
        throw new IOException(
            e.path() + ": source changed while copied (" + pos + " of " + size + " bytes)");
      }
      if (end < pos) {
        out.write(pos - 1, new byte[1], 0, 1); // the length, with a hole before the last byte
      }
    } catch (IOException | RuntimeException ex) {
      try {
        dir.unlink(temp);
      } catch (IOException gone) {
        ex.addSuppressed(gone);
      }
      throw ex;
    }
  }

  private void forgetOpenDirectories() throws IOException {
    dirs.close();
    linkSources.close();
  }

  private String tempName() {
    return ".sqfs-sync-" + ProcessHandle.current().pid() + "-" + (counter++) + "~";
  }

  private static String name(String path) {
    return path.substring(path.lastIndexOf('/') + 1);
  }

  private static boolean allZero(byte[] b, int n) {
    for (int i = 0; i < n; i++) {
      if (b[i] != 0) {
        return false;
      }
    }
    return true;
  }

  @Override
  public void close() throws IOException {
    forgetOpenDirectories();
  }
}
