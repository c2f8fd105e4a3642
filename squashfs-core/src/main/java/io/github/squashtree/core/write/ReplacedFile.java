package io.github.squashtree.core.write;

import io.github.squashtree.core.internal.host.HostFileSystem;
import io.github.squashtree.core.internal.host.WrittenFiles;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

/**
 * An image file replaced whole: written to {@code .NAME.PID.N.partial} beside it, locked while the
 * writer lives ({@link PartialFiles}), then given the replaced file's mode and owner (0644 and the
 * writer's for a new one) and renamed over it. A failure or a signal removes the partial file and
 * leaves the old image as it was.
 */
final class ReplacedFile extends ImageDestination {
  private static final int NEW_FILE_MODE = 0644;

  private final Path target;
  private final Path temp;
  private final FileChannel channel;

  /** Held until the rename: another writer's scan then knows this partial file is alive. */
  private final FileLock lock;

  /** The replaced file's mode, uid and gid, or null for a new file. */
  private final Map<String, Object> replaced;

  /** Device and inode pairs marked in {@link WrittenFiles}, until {@link #forget}. */
  private long[] written;

  private boolean committed;
  private boolean cancelled;

  private ReplacedFile(
      Path target,
      Path temp,
      FileChannel channel,
      FileLock lock,
      Map<String, Object> replaced,
      long[] written) {
    this.target = target;
    this.temp = temp;
    this.channel = channel;
    this.lock = lock;
    this.replaced = replaced;
    this.written = written;
  }

  /**
   * Starts replacing {@code target} (links already followed; {@code existing} its attributes, or
   * null when there is no file yet), keeping its first {@code offset} bytes.
   */
  static ReplacedFile create(Path target, BasicFileAttributes existing, long offset)
      throws IOException {
    Path dir = target.getParent();
    String prefix = "." + target.getFileName() + "." + ProcessHandle.current().pid() + ".";
    PartialFiles.removeStale(dir, target.getFileName().toString());
    Path temp;
    try {
      temp =
          Files.createTempFile(
              dir,
              prefix,
              PartialFiles.SUFFIX,
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } catch (UnsupportedOperationException e) {
      temp = Files.createTempFile(dir, prefix, PartialFiles.SUFFIX);
    }
    FileChannel channel = null;
    long[] written = {};
    try {
      channel = FileChannel.open(temp, StandardOpenOption.READ, StandardOpenOption.WRITE);
      FileLock lock;
      try {
        lock = channel.tryLock();
      } catch (IOException e) {
        lock = null; // a file system without locks: the pid in the name still tells
      }
      Map<String, Object> replaced = existing == null ? null : ownerAndMode(target);
      keepPrefix(target, existing, channel, offset);
      written = identities(temp, existing == null ? null : target);
      ReplacedFile file = new ReplacedFile(target, temp, channel, lock, replaced, written);
      PartialFiles.started(file);
      return file;
    } catch (IOException | RuntimeException | Error e) {
      unmark(written);
      if (channel != null) {
        try {
          channel.close();
        } catch (IOException suppressed) {
          e.addSuppressed(suppressed);
        }
      }
      Files.deleteIfExists(temp);
      throw e;
    }
  }

  @Override
  FileChannel channel() {
    return channel;
  }

  @Override
  Path path() {
    return target;
  }

  @Override
  long limit() {
    return Long.MAX_VALUE;
  }

  @Override
  boolean truncatable() {
    return true;
  }

  @Override
  void commit() throws IOException {
    HostFileSystem host = HostFileSystem.get();
    if (replaced != null) {
      // Owner first: chown clears setuid and setgid. Not our file to give away? Then it is ours,
      // as GNU sed -i leaves it.
      try {
        host.lchown(
            temp,
            Integer.toUnsignedLong((Integer) replaced.get("uid")),
            Integer.toUnsignedLong((Integer) replaced.get("gid")));
      } catch (FileSystemException e) {
        // not permitted: the new file keeps the writer's owner
      }
    }
    // By path, not through the channel: the JDK's own chmod opens the file, and closing that
    // would release this process's lock on it.
    host.chmod(temp, replaced == null ? NEW_FILE_MODE : (Integer) replaced.get("mode") & 07777);
    synchronized (this) {
      if (cancelled) {
        throw new InterruptedIOException(target + ": the write was stopped");
      }
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      committed = true;
    }
    PartialFiles.ended(this);
    forget();
    channel.close();
  }

  @Override
  void abandon(Throwable e) {
    PartialFiles.ended(this);
    forget();
    try {
      channel.close();
    } catch (IOException suppressed) {
      e.addSuppressed(suppressed);
    }
    synchronized (this) {
      if (committed) {
        return;
      }
      try {
        Files.deleteIfExists(temp);
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
    }
  }

  @Override
  synchronized void cancel() {
    if (committed || cancelled) {
      return;
    }
    cancelled = true;
    try {
      Files.deleteIfExists(temp);
    } catch (IOException e) {
      // the JVM is going down; nothing to report it to
    }
  }

  /** The replaced file's mode, uid and gid (links not followed: it is the file itself). */
  private static Map<String, Object> ownerAndMode(Path target) throws IOException {
    try {
      return Files.readAttributes(target, "unix:mode,uid,gid", LinkOption.NOFOLLOW_LINKS);
    } catch (UnsupportedOperationException e) {
      return null;
    }
  }

  /**
   * Copies the first {@code offset} bytes of the file being replaced (as many as it has) to the
   * start of the new one, so that an image written at an offset keeps what is before it.
   */
  private static void keepPrefix(
      Path target, BasicFileAttributes existing, FileChannel out, long offset) throws IOException {
    if (offset == 0 || existing == null) {
      return;
    }
    try (FileChannel in = FileChannel.open(target, StandardOpenOption.READ)) {
      long n = Math.min(offset, in.size());
      long done = 0;
      while (done < n) {
        long m = in.transferTo(done, n - done, out.position(done));
        if (m <= 0) {
          throw new IOException(target + ": could not copy the bytes before the image's offset");
        }
        done += m;
      }
    }
  }

  /** Marks the temporary file (and the replaced one) as written by this process. */
  private static long[] identities(Path temp, Path replaced) throws IOException {
    long[] keys = replaced == null ? new long[2] : new long[4];
    int i = 0;
    for (Path p : replaced == null ? new Path[] {temp} : new Path[] {temp, replaced}) {
      Map<String, Object> a;
      try {
        a = Files.readAttributes(p, "unix:dev,ino", LinkOption.NOFOLLOW_LINKS);
      } catch (UnsupportedOperationException e) {
        return new long[0];
      }
      keys[i++] = (Long) a.get("dev");
      keys[i++] = (Long) a.get("ino");
    }
    for (int k = 0; k < keys.length; k += 2) {
      WrittenFiles.add(keys[k], keys[k + 1]);
    }
    return keys;
  }

  /** Ends this write's marks in {@link WrittenFiles}, once. */
  private synchronized void forget() {
    unmark(written);
    written = new long[0];
  }

  private static void unmark(long[] keys) {
    for (int k = 0; k < keys.length; k += 2) {
      WrittenFiles.remove(keys[k], keys[k + 1]);
    }
  }
}
