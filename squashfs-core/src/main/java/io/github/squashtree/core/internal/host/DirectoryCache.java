package io.github.squashtree.core.internal.host;

import java.io.Closeable;
import java.io.IOException;

/**
 * Opens the parent directory of a tree path ("/a/b/c" gives "/a/b") below a root handle, one
 * component at a time without following symlinks, and keeps the directories down to the last one
 * open (a {@link HandleStack}): the next path opens only the names it does not share with the last,
 * so writing a tree N levels deep opens N directories, not N * N / 2. Closing it leaves the root
 * open; whoever removes a directory closes it, so that no removed directory is written into.
 */
public final class DirectoryCache implements Closeable {
  private final HostDirectory root;
  private final HandleStack stack;

  /** The tree path of the stack's top ("/": the root). */
  private String openPath = "/";

  public DirectoryCache(HostDirectory root) {
    this.root = root;
    this.stack = new HandleStack(root);
  }

  /** The open parent directory of the entry at {@code path} ("/a/b/c" gives "/a/b"). */
  public HostDirectory parentOf(String path) throws IOException {
    int slash = path.lastIndexOf('/');
    return directory(slash <= 0 ? "/" : path.substring(0, slash));
  }

  /** The open directory at the tree path {@code dir} ("/" is the root). */
  public HostDirectory directory(String dir) throws IOException {
    if (dir.equals("/")) {
      return root;
    }
    if (dir.equals(openPath)) {
      return stack.top();
    }
    int shared = sharedLevels(openPath, dir);
    try {
      while (stack.depth() > shared) {
        stack.pop().close();
      }
      openPath = "/"; // until the names below are open
      int at = 0; // the '/' before the next name to open
      for (int level = 0; level < shared; level++) {
        at = dir.indexOf('/', at + 1);
      }
      while (at >= 0) {
        int end = dir.indexOf('/', at + 1);
        String name = dir.substring(at + 1, end < 0 ? dir.length() : end);
        stack.push(stack.top().openDirectory(name));
        at = end;
      }
    } catch (IOException | RuntimeException e) {
      close();
      throw e;
    }
    openPath = dir;
    return stack.top();
  }

  /** How many names below the root the tree paths {@code a} and {@code b} share. */
  static int sharedLevels(String a, String b) {
    if (a.equals("/") || b.equals("/")) {
      return 0;
    }
    int n = Math.min(a.length(), b.length());
    int levels = 0;
    for (int i = 1; i < n; i++) {
      char c = a.charAt(i);
      if (c != b.charAt(i)) {
        return levels;
      }
      if (c == '/') {
        levels++;
      }
    }
    boolean aNameEnds = a.length() == n || a.charAt(n) == '/';
    boolean bNameEnds = b.length() == n || b.charAt(n) == '/';
    return aNameEnds && bNameEnds ? levels + 1 : levels;
  }

  @Override
  public void close() throws IOException {
    openPath = "/";
    stack.close();
  }
}
