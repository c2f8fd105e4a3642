package io.github.squashtree.core.tree;

import java.util.Objects;

/**
 * One named object of a tree.
 *
 * @param path absolute path inside the tree: "/" for the root, "/etc/passwd" below it
 * @param metadata what the tree knows about the object
 */
public record Entry(String path, Metadata metadata) {
  public Entry {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(metadata, "metadata");
    if (!path.startsWith("/")) {
      throw new IllegalArgumentException("path must be absolute: " + path);
    }
  }

  /** The last path component; empty for the root. */
  public String name() {
    return path.substring(path.lastIndexOf('/') + 1);
  }

  public EntryType type() {
    return metadata.type();
  }

  public boolean isDirectory() {
    return metadata.type() == EntryType.DIRECTORY;
  }

  /** The path of a child called {@code name} of this entry. */
  public String childPath(String name) {
    return path.equals("/") ? "/" + name : path + "/" + name;
  }
}
