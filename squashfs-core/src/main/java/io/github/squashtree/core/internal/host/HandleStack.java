package io.github.squashtree.core.internal.host;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.FileSystemException;
import java.util.ArrayList;

/**
 * The open directories from a base down to where a walk is, for trees of any depth (an image can
 * hold directories nested far deeper than a path can name). Past {@link #MAX_OPEN} levels the
 * highest ones are closed, their device and inode kept; when the walk climbs back to such a level
 * it is opened again through ".." of the level below and checked to be the same directory, so a
 * directory moved meanwhile stops the walk rather than steering it.
 *
 * <p>The stack closes the levels it holds above the base, never the base.
 */
public final class HandleStack implements Closeable {
  /** Directories held open at most, so a deep walk stays far from the limit on open files. */
  static final int MAX_OPEN = 256;

  private final ArrayList<HostDirectory> open = new ArrayList<>();
  private final ArrayList<long[]> closedIds = new ArrayList<>();

  /** Levels 1 (just above the base) up to this one, exclusive, are closed. */
  private int closedBelow = 1;

  public HandleStack(HostDirectory base) {
    open.add(base);
    closedIds.add(null);
  }

  /** The directory the walk is in. */
  public HostDirectory top() {
    return open.get(open.size() - 1);
  }

  /** Levels above the base. */
  public int depth() {
    return open.size() - 1;
  }

  /** Enters {@code child}, a directory opened in {@link #top()}; the stack closes it. */
  public void push(HostDirectory child) throws IOException {
    open.add(child);
    closedIds.add(null);
    if (open.size() - closedBelow >= MAX_OPEN && closedBelow < open.size() - 1) {
      HostDirectory oldest = open.get(closedBelow);
      HostStat st = oldest.stat();
      closedIds.set(closedBelow, new long[] {st.dev(), st.ino()});
      open.set(closedBelow, null);
      closedBelow++;
      oldest.close();
    }
  }

  /**
   * Leaves the top directory and returns it, still open, for the caller to finish and close; the
   * level below is opened again first if it was closed.
   */
  public HostDirectory pop() throws IOException {
    if (depth() == 0) {
      throw new IllegalStateException("at the base");
    }
    HostDirectory left = open.remove(open.size() - 1);
    closedIds.remove(closedIds.size() - 1);
    int level = open.size() - 1;
    if (level > 0 && level < closedBelow) {
      try {
        reopen(left, level);
      } catch (IOException | RuntimeException e) {
        left.close();
        throw e;
      }
    }
    return left;
  }

  private void reopen(HostDirectory from, int level) throws IOException {
    long[] id = closedIds.get(level);
    HostDirectory parent = from.openParent();
    HostStat st;
    try {
      st = parent.stat();
    } catch (IOException | RuntimeException e) {
      parent.close();
      throw e;
    }
    if (st.dev() != id[0] || st.ino() != id[1]) {
      parent.close();
      throw new FileSystemException(
          from.path().toString(), null, "its directory was moved during the run; stopped");
    }
    open.set(level, parent);
    closedIds.set(level, null);
    closedBelow = level;
  }

  @Override
  public void close() throws IOException {
    IOException first = null;
    for (int i = open.size() - 1; i > 0; i--) {
      HostDirectory h = open.get(i);
      if (h != null) {
        try {
          h.close();
        } catch (IOException e) {
          first = first == null ? e : first;
        }
      }
    }
    open.subList(1, open.size()).clear();
    closedIds.subList(1, closedIds.size()).clear();
    closedBelow = 1;
    if (first != null) {
      throw first;
    }
  }
}
