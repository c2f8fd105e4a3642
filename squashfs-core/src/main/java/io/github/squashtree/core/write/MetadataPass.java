package io.github.squashtree.core.write;

import io.github.squashtree.core.tree.Names;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;

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
   * before its contents, a hard-linked object at its first name, the root last. Its own stack, as
   * every walk of the tree: no recursion as deep as the tree.
   */
  private void number(Node root) {
    Deque<Iterator<Node>> stack = new ArrayDeque<>();
    stack.push(root.children.iterator());
    while (!stack.isEmpty()) {
      Iterator<Node> rest = stack.peek();
      if (!rest.hasNext()) {
        stack.pop();
        continue;
      }
      Node child = rest.next();
      if (child.linkOf == null) {
        child.inodeNumber = ++count;
      }
      if (child.isDirectory()) {
        stack.push(child.children.iterator());
      }
    }
    root.inodeNumber = ++count;
  }

  /** A directory whose children are being written, with its path and its parent's number. */
  private static final class Frame {
    final Node dir;
    final String path;
    final long parentNumber;
    int next;

    Frame(Node dir, String path, long parentNumber) {
      this.dir = dir;
      this.path = path;
      this.parentNumber = parentNumber;
    }
  }

  /**
   * Writes the inodes below {@code root} children first, each directory's listing and inode once
   * all its children's are written; returns the root's reference.
   */
  private long writeDirectory(Node root, String rootPath, long rootParent) throws IOException {
    Deque<Frame> stack = new ArrayDeque<>();
    stack.push(new Frame(root, rootPath, rootParent));
    long ref = -1;
    while (!stack.isEmpty()) {
      Frame f = stack.peek();
      if (f.next < f.dir.children.size()) {
        Node child = f.dir.children.get(f.next++);
        String childPath = f.path.equals("/") ? "/" + name(child) : f.path + "/" + name(child);
        if (child.isDirectory()) {
          stack.push(new Frame(child, childPath, f.dir.inodeNumber));
        } else if (child.linkOf == null) {
          exportRefs[(int) child.inodeNumber - 1] = inodes.write(child, childPath);
        }
        continue;
      }
      stack.pop();
      DirectoryListing listing = directories.write(f.dir.children);
      ref = inodes.writeDirectory(f.dir, f.path, listing, f.parentNumber);
      exportRefs[(int) f.dir.inodeNumber - 1] = ref;
    }
    return ref; // the root's, written last
  }

  private static String name(Node node) {
    return Names.decode(node.name);
  }
}
