package io.github.squashtree.core.write;

import io.github.squashtree.core.tree.Metadata;
import io.github.squashtree.core.tree.Names;
import java.util.List;

/** One entry of the tree being written, with what the passes learn about it. */
final class Node {
  final byte[] name;
  final Metadata metadata;
  final List<Node> children;
  FileData data;

  /** For a second or later name of a hard-linked object: the node that owns the inode. */
  Node linkOf;

  /** How many names the object has in the tree (counted on the owning node). */
  int names = 1;

  long inodeNumber;
  long inodeRef = -1;

  Node(String name, Metadata metadata, List<Node> children) {
    this.name = Names.encode(name);
    this.metadata = metadata;
    this.children = children;
  }

  boolean isDirectory() {
    return children != null;
  }

  /** The node holding the inode: itself, or the first name of its hard-link group. */
  Node owner() {
    return linkOf != null ? linkOf : this;
  }
}
