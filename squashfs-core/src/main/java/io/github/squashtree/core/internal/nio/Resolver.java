package io.github.squashtree.core.internal.nio;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Looks a path up the way Linux does ({@code path_resolution(7)}), so that answers and errors match
 * the default provider's over the mounted image: names left to right, a symlink met before the last
 * name always followed (an absolute target starts again at the image's root, which is its own
 * parent), the last one only when asked; ".." goes to the parent of the directory actually reached.
 * Bounded as the kernel bounds it: 40 symlinks per lookup, paths under 4096 bytes.
 */
final class Resolver {
  /** Linux's MAXSYMLINKS. */
  static final int MAX_SYMLINKS = 40;

  /** Linux's PATH_MAX, the terminating NUL included. */
  static final int PATH_MAX = 4096;

  static final String NOT_A_DIRECTORY = "Not a directory";
  static final String TOO_MANY_LINKS =
      "Too many levels of symbolic links or unable to access attributes of symbolic link";
  static final String NAME_TOO_LONG = "File name too long";

  private final Store store;

  Resolver(Store store) {
    this.store = store;
  }

  /** A node and the names that lead to it from the root with no symlink and no "." or "..". */
  record Found(Node node, List<byte[]> names) {}

  /** The node of {@code names}, looked up from the root; errors name {@code path}. */
  Found walk(List<byte[]> names, boolean followLast, String path) throws IOException {
    Deque<byte[]> todo = new ArrayDeque<>(names);
    // The directories from the root to the current one, for "..", and the names between them.
    ArrayList<Node> nodes = new ArrayList<>();
    ArrayList<byte[]> physical = new ArrayList<>();
    nodes.add(store.root());
    int links = 0;
    while (!todo.isEmpty()) {
      byte[] name = todo.pop();
      Node current = nodes.get(nodes.size() - 1);
      if (!current.isDirectory()) {
        throw new FileSystemException(path, null, NOT_A_DIRECTORY);
      }
      if (SquashfsPath.isDot(name)) {
        continue;
      }
      if (SquashfsPath.isDotDot(name)) {
        if (!physical.isEmpty()) {
          physical.remove(physical.size() - 1);
          nodes.remove(nodes.size() - 1);
        }
        continue;
      }
      Node child = store.child(current, name);
      if (child == null) {
        throw new NoSuchFileException(path);
      }
      if (child.isSymlink() && (followLast || !todo.isEmpty())) {
        if (++links > MAX_SYMLINKS) {
          throw new FileSystemException(path, null, TOO_MANY_LINKS);
        }
        byte[] target = store.target(child);
        if (target.length == 0) {
          throw new NoSuchFileException(path); // Linux: an empty target names nothing
        }
        pushTarget(todo, target);
        if (target[0] == '/') {
          nodes.clear();
          physical.clear();
          nodes.add(store.root());
        }
        continue;
      }
      nodes.add(child);
      physical.add(name);
    }
    return new Found(nodes.get(nodes.size() - 1), physical);
  }

  /** Puts a target's names in front of the names still to look up; a trailing '/' wants a dir. */
  private static void pushTarget(Deque<byte[]> todo, byte[] target) {
    List<byte[]> parts = split(target);
    if (target[target.length - 1] == '/') {
      parts.add(new byte[] {'.'}); // "dir/" must be a directory: "." checks it
    }
    for (int i = parts.size() - 1; i >= 0; i--) {
      todo.push(parts.get(i));
    }
  }

  /** The non-empty names of a '/'-separated byte string. */
  static List<byte[]> split(byte[] bytes) {
    List<byte[]> names = new ArrayList<>();
    int start = 0;
    for (int i = 0; i <= bytes.length; i++) {
      if (i == bytes.length || bytes[i] == '/') {
        if (i > start) {
          byte[] n = new byte[i - start];
          System.arraycopy(bytes, start, n, 0, n.length);
          names.add(n);
        }
        start = i + 1;
      }
    }
    return names;
  }
}
