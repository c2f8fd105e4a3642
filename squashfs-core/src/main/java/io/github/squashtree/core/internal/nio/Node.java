package io.github.squashtree.core.internal.nio;

import io.github.squashtree.core.tree.EntryType;

/** One object of a file system's tree, as its {@link Store} knows it; hard links share one. */
interface Node {
  EntryType type();

  default boolean isDirectory() {
    return type() == EntryType.DIRECTORY;
  }

  default boolean isSymlink() {
    return type() == EntryType.SYMLINK;
  }
}
