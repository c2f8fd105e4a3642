package io.github.squashtree.core.internal.host;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The files this process is writing an image into right now (the image being replaced and its
 * temporary file), by device and inode. A directory tree leaves them out, so an image written
 * inside its own source is never part of it, under whatever name (mksquashfs skips its destination
 * the same way); found by identity, not by name, it cannot be dodged by a link or a rename.
 */
public final class WrittenFiles {
  private record Key(long dev, long ino) {}

  /** How many writes hold each file (two writes may name the same image). */
  private static final Map<Key, Integer> WRITTEN = new ConcurrentHashMap<>();

  private WrittenFiles() {}

  /** Marks the file at {@code dev}/{@code ino} as being written by this process. */
  public static void add(long dev, long ino) {
    WRITTEN.merge(new Key(dev, ino), 1, Integer::sum);
  }

  /** Undoes one {@link #add}. */
  public static void remove(long dev, long ino) {
    WRITTEN.computeIfPresent(new Key(dev, ino), (k, n) -> n == 1 ? null : n - 1);
  }

  /** Whether the file at {@code dev}/{@code ino} is being written by this process. */
  public static boolean contains(long dev, long ino) {
    return !WRITTEN.isEmpty() && WRITTEN.containsKey(new Key(dev, ino));
  }
}
