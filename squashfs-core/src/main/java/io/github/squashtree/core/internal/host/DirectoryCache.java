package io.github.squashtree.core.internal.host;

import java.io.Closeable;
import java.io.IOException;

/**
 * Opens the parent directory of a tree path ("/a/b/c" gives "/a/b") below a root handle, one
 * component at a time without following symlinks, and keeps the last one open: changes to one
 * directory usually come one after another. Closing it leaves the root open.
 */
public final class DirectoryCache implements Closeable {
  private final HostDirectory root;
  private String openPath;
  private HostDirectory open;

  public DirectoryCache(HostDirectory root) {
    this.root = root;
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
      return open;
    }
    close();
    HostDirectory at = root;
    try {
      for (String name : dir.substring(1).split("/")) {
        HostDirectory next = at.openDirectory(name);
        if (at != root) {
          at.close();
        }
        at = next;
      }
    } catch (IOException | RuntimeException e) {
      if (at != root) {
        at.close();
      }
      throw e;
    }
    open = at;
    openPath = dir;
    return open;
  }

  @Override
  public void close() throws IOException {
    if (open != null) {
      HostDirectory was = open;
      open = null;
      openPath = null;
      was.close();
    }
  }
}
