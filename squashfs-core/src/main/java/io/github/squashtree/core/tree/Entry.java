package io.github.squashtree.core.tree;

import java.util.Objects;

/**
 * One named object of a tree.
 *
 * @param path absolute path inside the tree: "/" for the root, "/etc/passwd" below it
 * @param metadata what the tree knows about the object
 */
public record Entry(String path, Metadata metadata) {
  /**
   * Checks that the path is absolute and nothing is null.
   *
   * @param path absolute path inside the tree: "/" for the root, "/etc/passwd" below it
   * @param metadata what the tree knows about the object
   */
  public Entry {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(metadata, "metadata");
    if (!path.startsWith("/")) {
      throw new IllegalArgumentException("path must be absolute: " + path);
    }
  }

  /**
   * The last path component.
   *
   * @return the name; empty for the root
   */
  public String name() {
    return path.substring(path.lastIndexOf('/') + 1);
  }

  /**
   * The kind of object.
   *
   * @return the metadata's type
   */
  public EntryType type() {
    return metadata.type();
  }

  /**
   * Whether this is a directory.
   *
   * @return true for a directory
   */
  public boolean isDirectory() {
    return metadata.type() == EntryType.DIRECTORY;
  }

  /**
   * The path of a child of this entry.
   *
   * @param name the child's name
   * @return its absolute path
   */
  public String childPath(String name) {
    return path.equals("/") ? "/" + name : path + "/" + name;
  }
}
