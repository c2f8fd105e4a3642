package io.github.squashtree.overlay;

import io.github.squashtree.core.internal.host.HostFileSystem;
import io.github.squashtree.core.internal.host.UnsupportedHostOperationException;
import io.github.squashtree.core.tree.Entry;
import io.github.squashtree.core.tree.EntryType;
import io.github.squashtree.core.tree.Metadata;
import io.github.squashtree.core.tree.Tree;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;

/**
 * The file-system operations of {@link OverlaySync} on a merged overlay directory. Each one is an
 * operation overlayfs copies up for, so the caller calls it only where something differs; new
 * objects are made under a temporary name in their final directory, given all their metadata there,
 * and renamed into place.
 */
final class MergedWriter {
  private static final int BUFFER = 64 * 1024;

  private final HostFileSystem host;
  private final Tree source;
  private long counter;

  MergedWriter(HostFileSystem host, Tree source) {
    this.host = host;
    this.source = source;
  }

  /**
   * Removes {@code p} and, for a directory, everything in it, children first, never following
   * links.
   */
  void removeAll(Path p) throws IOException {
    if (!Files.isDirectory(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      Files.delete(p);
      return;
    }
    Files.walkFileTree(
        p,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
              throws IOException {
            Files.delete(file);
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
            if (e != null) {
              throw e;
            }
            Files.delete(dir);
            return FileVisitResult.CONTINUE;
          }
        });
  }

  /** Makes the directory {@code p} with the owner, mode and xattrs of {@code e} (not its mtime). */
  void makeDirectory(Path p, Entry e) throws IOException {
    Files.createDirectory(p);
    Metadata m = e.metadata();
    host.lchown(p, m.uid(), m.gid());
    host.chmod(p, m.permissions());
    setXattrs(p, Map.of(), m);
  }

  /**
   * Puts a new non-directory object for {@code e} at {@code p}, replacing what is there: its
   * content (for a file), all its metadata, then a rename.
   */
  void replaceWithNew(Path p, Entry e) throws IOException {
    Path temp = create(p.getParent(), e);
    try {
      Metadata m = e.metadata();
      host.lchown(temp, m.uid(), m.gid());
      if (m.type() != EntryType.SYMLINK) {
        host.chmod(temp, m.permissions()); // after lchown, which clears setuid and setgid
      }
      setXattrs(temp, Map.of(), m);
      host.setTimes(temp, m.mtime());
      Files.move(temp, p, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException | RuntimeException ex) {
      Files.deleteIfExists(temp);
      throw ex;
    }
  }

  /** Puts a new hard link to {@code existing} at {@code p}, replacing what is there. */
  void replaceWithLink(Path p, Path existing) throws IOException {
    Path temp = null;
    while (temp == null) {
      try {
        temp = Files.createLink(tempName(p.getParent()), existing);
      } catch (FileAlreadyExistsException again) {
        temp = null;
      }
    }
    Files.move(temp, p, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  /** Sets the fields of {@code want} that {@code fields} name on the existing object {@code p}. */
  void applyMetadata(Path p, Metadata have, Metadata want, Set<ChangeField> fields)
      throws IOException {
    boolean chowned = false;
    if (fields.contains(ChangeField.OWNER) || fields.contains(ChangeField.GROUP)) {
      host.lchown(p, want.uid(), want.gid());
      chowned = true;
    }
    if (want.type() != EntryType.SYMLINK) {
      // chown clears setuid and setgid, so the mode may differ now even if it did not before.
      int now = chowned ? host.lstat(p).permissions() : have.permissions();
      if (now != want.permissions()) {
        host.chmod(p, want.permissions());
      }
    }
    if (fields.contains(ChangeField.XATTRS)) {
      setXattrs(p, have.xattrs(), want);
    }
  }

  /** Sets the mtime of {@code p} to {@code want} unless it already is that instant. */
  boolean restoreTime(Path p, Metadata want) throws IOException {
    if (host.lstat(p).mtime().equals(want.mtime())) {
      return false;
    }
    host.setTimes(p, want.mtime());
    return true;
  }

  private void setXattrs(Path p, Map<String, byte[]> have, Metadata want) throws IOException {
    for (Map.Entry<String, byte[]> x : want.xattrs().entrySet()) {
      if (!Arrays.equals(have.get(x.getKey()), x.getValue())) {
        host.setXattr(p, x.getKey(), x.getValue());
      }
    }
    for (String name : have.keySet()) {
      if (!want.xattrs().containsKey(name)) {
        host.removeXattr(p, name);
      }
    }
  }

  /** Creates the object of {@code e} under a fresh temporary name in {@code dir}. */
  private Path create(Path dir, Entry e) throws IOException {
    while (true) {
      Path temp = tempName(dir);
      try {
        Metadata m = e.metadata();
        switch (m.type()) {
          case FILE -> writeContent(temp, e);
          case SYMLINK -> {
            if (!host.symlink(temp, m.symlinkTarget())) {
              Files.delete(temp); // a changed target would differ from the tree for good
              throw new UnsupportedHostOperationException(
                  e.path(), "symlink target not made exactly: " + host.limitation().orElse(""));
            }
          }
          case BLOCK_DEVICE, CHAR_DEVICE, FIFO, SOCKET ->
              host.mknod(temp, m.type(), m.permissions(), m.rdevMajor(), m.rdevMinor());
          case DIRECTORY -> throw new IllegalArgumentException("not for directories: " + e.path());
        }
        return temp;
      } catch (FileAlreadyExistsException again) {
        // someone else's file has that name: take the next one
      }
    }
  }

  /** Copies the content of {@code e}, leaving holes where the source has blocks of zeros. */
  private void writeContent(Path temp, Entry e) throws IOException {
    byte[] buf = new byte[BUFFER];
    long size = e.metadata().size();
    // Opened first: a FileAlreadyExistsException here is about someone else's file.
    FileChannel channel =
        FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    try (FileChannel out = channel;
        InputStream in = source.open(e)) {
      long pos = 0;
      int n;
      while ((n = in.readNBytes(buf, 0, BUFFER)) > 0) {
        if (!allZero(buf, n)) {
          ByteBuffer b = ByteBuffer.wrap(buf, 0, n);
          while (b.hasRemaining()) {
            out.write(b, pos + b.position());
          }
        }
        pos += n;
      }
      if (pos != size) {
        throw new IOException(
            e.path() + ": source changed while copied (" + pos + " of " + size + " bytes)");
      }
      if (out.size() < pos) {
        out.write(ByteBuffer.allocate(1), pos - 1); // the length, with a hole before the last byte
      }
    } catch (IOException | RuntimeException ex) {
      Files.deleteIfExists(temp);
      throw ex;
    }
  }

  private Path tempName(Path dir) {
    return dir.resolve(".sqfs-sync-" + ProcessHandle.current().pid() + "-" + (counter++) + "~");
  }

  private static boolean allZero(byte[] b, int n) {
    for (int i = 0; i < n; i++) {
      if (b[i] != 0) {
        return false;
      }
    }
    return true;
  }
}
