package io.github.squashtree.core.internal.host;

import io.github.squashtree.core.tree.EntryType;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.function.Consumer;

/**
 * Removes a tree below an open directory, never following a symlink (one found where a directory
 * was is removed itself, not what it points to), at any depth with a stack of its own.
 */
public final class TreeRemoval {
  private TreeRemoval() {}

  /**
   * Removes the entry {@code name} of {@code dir} and, for a directory, everything in it. With
   * {@code makeWritable} each directory is first made {@code 0700}, for one restored read-only.
   */
  public static void remove(HostDirectory dir, String name, boolean makeWritable)
      throws IOException {
    remove(dir, name, makeWritable, st -> {});
  }

  /**
   * As {@link #remove(HostDirectory, String, boolean)}, telling {@code unlinked} the status each
   * non-directory had just before its name was removed (so a caller can tell whose link counts its
   * removal lowered).
   */
  public static void remove(
      HostDirectory dir, String name, boolean makeWritable, Consumer<HostStat> unlinked)
      throws IOException {
    HostStat st = dir.stat(name);
    if (st.type() != EntryType.DIRECTORY) {
      dir.unlink(name);
      unlinked.accept(st);
      return;
    }
    try (HostDirectory top = dir.openDirectory(name)) {
      if (makeWritable) {
        top.setPermissions(0700);
      }
      clear(top, makeWritable, unlinked);
    }
    dir.removeDirectory(name);
  }

  /** Removes everything in {@code dir}, which stays as it is. */
  public static void clear(HostDirectory dir, boolean makeWritable) throws IOException {
    clear(dir, makeWritable, st -> {});
  }

  private static void clear(HostDirectory dir, boolean makeWritable, Consumer<HostStat> unlinked)
      throws IOException {
    Deque<Iterator<String>> pending = new ArrayDeque<>();
    List<String> names = new ArrayList<>();
    try (HandleStack stack = new HandleStack(dir)) {
      pending.push(dir.list().iterator());
      while (!pending.isEmpty()) {
        Iterator<String> next = pending.peek();
        if (!next.hasNext()) {
          pending.pop();
          if (stack.depth() > 0) {
            stack.pop().close();
            stack.top().removeDirectory(names.remove(names.size() - 1));
          }
          continue;
        }
        String name = next.next();
        HostDirectory at = stack.top();
        HostStat st;
        try {
          st = at.stat(name);
        } catch (NoSuchFileException gone) {
          continue;
        }
        if (st.type() != EntryType.DIRECTORY) {
          at.unlink(name);
          unlinked.accept(st);
          continue;
        }
        HostDirectory child = at.openDirectory(name);
        try {
          if (makeWritable) {
            child.setPermissions(0700);
          }
          stack.push(child);
        } catch (IOException | RuntimeException e) {
          child.close();
          throw e;
        }
        names.add(name);
        pending.push(child.list().iterator());
      }
    }
  }
}
