package io.github.squashtree.core.internal.nio;

import io.github.squashtree.core.SquashfsFormatException;
import io.github.squashtree.core.internal.format.DeviceInode;
import io.github.squashtree.core.internal.format.DirectoryInode;
import io.github.squashtree.core.internal.format.FileInode;
import io.github.squashtree.core.internal.format.Inode;
import io.github.squashtree.core.internal.format.SymlinkInode;
import io.github.squashtree.core.internal.read.ImageReader;
import io.github.squashtree.core.internal.read.ListingEntry;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * The tree of an existing image as create mode starts from it when it updates the image: every
 * entry with its metadata and xattrs, files pointing at their stored blocks (read only if written
 * or copied), hard links as one node. Directories are visited breadth first with a queue, and a
 * directory inode reached twice is corruption, so a hostile image can make neither a deep recursion
 * nor a loop.
 */
final class ImageSeed {
  private ImageSeed() {}

  static MemNode tree(ImageReader reader, TreeStore store) throws IOException {
    Map<Long, MemNode> byRef = new HashMap<>();
    MemNode top = copyOf(store, reader, reader.root(), byRef, reader.superblock().rootInodeRef());
    // Breadth first with an explicit queue: no recursion as deep as the image.
    Deque<Object[]> todo = new ArrayDeque<>();
    todo.add(new Object[] {reader.root(), top});
    while (!todo.isEmpty()) {
      Object[] next = todo.poll();
      DirectoryInode dir = (DirectoryInode) next[0];
      MemNode node = (MemNode) next[1];
      for (ListingEntry e : reader.list(dir)) {
        Inode inode = reader.inode(e);
        MemNode child = byRef.get(e.inodeRef());
        if (child == null) {
          child = copyOf(store, reader, inode, byRef, e.inodeRef());
          if (inode instanceof DirectoryInode sub) {
            todo.add(new Object[] {sub, child});
          }
        } else if (child.isDirectory()) {
          throw new SquashfsFormatException(
              "directory inode " + inode.inodeNumber() + " is reached from two places");
        }
        child.links++;
        node.children.put(e.rawName(), child);
      }
    }
    return top;
  }

  private static MemNode copyOf(
      TreeStore store, ImageReader reader, Inode inode, Map<Long, MemNode> byRef, long ref)
      throws IOException {
    byte[] target = inode instanceof SymlinkInode s ? s.target() : null;
    MemNode n = store.bareNode(inode.entryType(), target);
    n.setPermissions(inode.header().permissions());
    n.setUid(reader.uid(inode));
    n.setGid(reader.gid(inode));
    n.setMtime(inode.header().mtime());
    n.setXattrs(reader.xattrs(inode));
    if (inode instanceof FileInode f) {
      n.stored = reader.layout(f);
    }
    if (inode instanceof DeviceInode d) {
      n.major = d.major();
      n.minor = d.minor();
    }
    byRef.put(ref, n);
    return n;
  }
}
