package io.github.squashtree.core.write;

import io.github.squashtree.core.tree.Names;
import java.io.IOException;

/**
 * The metadata pass: numbers the inodes, then writes them children first, each directory's listing
 * just before its own inode, so every reference a listing needs is already known.
 */
final class MetadataPass {
  private final InodeWriter inodes;
  private final DirectoryTableWriter directories;
  private long count;
  private long[] exportRefs;

  MetadataPass(InodeWriter inodes, DirectoryTableWriter directories) {
    this.inodes = inodes;
    this.directories = directories;
  }

  /** Writes the whole tree; returns the root's reference. */
  long write(Node root) throws IOException {
    number(root);
    exportRefs = new long[Math.toIntExact(count)];
    // mksquashfs gives the root's parent the number one past the last inode.
    return writeDirectory(root, "/", count + 1);
  }

  long inodeCount() {
    return count;
  }

  /** Inode references by inode number - 1, for the export table. */
  long[] exportRefs() {
    return exportRefs;
  }

  /**
   * Numbers as mksquashfs does: each entry when the walk (in name order) meets it, a directory
   * before its contents, a hard-linked object at its first name, the root last.
   */
  private void number(Node root) {
    numberChildren(root);
    root.inodeNumber = ++count;
  }

  private void numberChildren(Node dir) {
    for (Node child : dir.children) {
      if (child.linkOf == null) {
        child.inodeNumber = ++count;
      }
      if (child.isDirectory()) {
        numberChildren(child);
      }
    }
  }

  private long writeDirectory(Node dir, String path, long parentNumber) throws IOException {
    for (Node child : dir.children) {
      String childPath = path.equals("/") ? "/" + name(child) : path + "/" + name(child);
      if (child.isDirectory()) {
        writeDirectory(child, childPath, dir.inodeNumber);
      } else if (child.linkOf == null) {
        exportRefs[(int) child.inodeNumber - 1] = inodes.write(child, childPath);
      }
    }
    DirectoryListing listing = directories.write(dir.children);
    long ref = inodes.writeDirectory(dir, path, listing, parentNumber);
    exportRefs[(int) dir.inodeNumber - 1] = ref;
    return ref;
  }

  private static String name(Node node) {
    return Names.decode(node.name);
  }
}
