package io.github.squashtree.core.internal.extract;

import io.github.squashtree.core.internal.host.HostDirectory;
import io.github.squashtree.core.internal.host.HostFileSystem;
import io.github.squashtree.core.internal.host.TreeRemoval;
import io.github.squashtree.core.tree.EntryType;
import io.github.squashtree.core.tree.Names;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * The directory an extraction writes into, held open for the whole run: an empty one that exists,
 * or one made for the run (whose parent is held too, to remove it again on failure). Everything of
 * the image is written relative to this handle, so renaming or swapping the path meanwhile cannot
 * steer a write elsewhere.
 */
final class Destination implements Closeable {
  private final HostDirectory parent;
  private final String name;
  private final HostDirectory root;

  private Destination(HostDirectory parent, String name, HostDirectory root) {
    this.parent = parent;
    this.name = name;
    this.root = root;
  }

  /** Opens {@code dir} (absolute, normalized) if it is an empty directory, or makes it. */
  static Destination prepare(HostFileSystem host, Path dir) throws IOException {
    boolean exists;
    try {
      EntryType type = host.lstat(dir).type();
      if (type != EntryType.DIRECTORY) {
        throw new FileAlreadyExistsException(
            dir.toString(), null, "exists and is not a directory (" + type.label() + ")");
      }
      exists = true;
    } catch (NoSuchFileException e) {
      exists = false;
    }
    if (exists) {
      HostDirectory root = host.openDirectory(dir);
      try {
        if (!root.list().isEmpty()) {
          throw new FileAlreadyExistsException(dir.toString(), null, "destination is not empty");
        }
      } catch (IOException | RuntimeException e) {
        root.close();
        throw e;
      }
      return new Destination(null, null, root);
    }
    Path parentPath = dir.getParent();
    if (parentPath == null) {
      throw new FileAlreadyExistsException(dir.toString());
    }
    // The parent is the caller's choice: symlinks above the destination are followed.
    HostDirectory parent = host.openDirectory(parentPath.toRealPath());
    String name = Names.hostName(dir);
    try {
      return new Destination(parent, name, parent.makeDirectory(name, 0777));
    } catch (IOException | RuntimeException e) {
      parent.close();
      throw e;
    }
  }

  HostDirectory root() {
    return root;
  }

  /** Removes what the run wrote, and the directory itself if the run made it. */
  void removeOutput() throws IOException {
    TreeRemoval.clear(root, true);
    if (parent != null) {
      parent.removeDirectory(name);
    }
  }

  @Override
  public void close() throws IOException {
    try {
      root.close();
    } finally {
      if (parent != null) {
        parent.close();
      }
    }
  }
}
