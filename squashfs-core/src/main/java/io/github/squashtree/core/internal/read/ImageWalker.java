package io.github.squashtree.core.internal.read;

import io.github.squashtree.core.SquashfsFormatException;
import io.github.squashtree.core.internal.format.DirectoryInode;
import io.github.squashtree.core.internal.format.Inode;
import io.github.squashtree.core.tree.Names;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Walks an image depth-first in listing order (the order {@code unsquashfs -ls} prints), straight
 * over the inode and directory tables: no per-entry metadata objects beyond the decoded inode.
 *
 * <p>Each directory inode may be reached by one path only; a second path to it (a loop or a
 * hard-linked directory) is reported as a {@link SquashfsFormatException}. The walk keeps its own
 * stack, so deeply nested images cannot overflow the thread's stack.
 */
public final class ImageWalker {

  /** Sees each entry of a walk. */
  @FunctionalInterface
  public interface Visitor {
    /**
     * Called once for each entry, parents before children.
     *
     * @param path the absolute path as raw name bytes joined by '/' ("/" for the root)
     * @param inode the entry's inode
     * @param inodeRef the inode's reference into the inode table
     * @param depth 0 for the starting entry, 1 for its children, ...
     * @return for a directory, whether to walk its children; ignored for other entries
     */
    boolean visit(byte[] path, Inode inode, long inodeRef, int depth) throws IOException;
  }

  private final ImageReader image;

  public ImageWalker(ImageReader image) {
    this.image = image;
  }

  /** Walks the whole image from its root. */
  public void walk(Visitor visitor) throws IOException {
    walk(image.root(), image.superblock().rootInodeRef(), new byte[] {'/'}, visitor);
  }

  /**
   * Walks from the entry at an absolute path ("/" is the root), without following symlinks.
   *
   * @return false if there is no such entry
   */
  public boolean walk(String path, Visitor visitor) throws IOException {
    Inode current = image.root();
    long ref = image.superblock().rootInodeRef();
    StringBuilder at = new StringBuilder();
    for (String part : path.split("/")) {
      if (part.isEmpty() || part.equals(".")) {
        continue;
      }
      if (!(current instanceof DirectoryInode dir)) {
        return false;
      }
      var next = image.find(dir, part);
      if (next.isEmpty()) {
        return false;
      }
      current = image.inode(next.get());
      ref = next.get().inodeRef();
      at.append('/').append(part);
    }
    byte[] start = at.length() == 0 ? new byte[] {'/'} : bytes(at.toString());
    walk(current, ref, start, visitor);
    return true;
  }

  private void walk(Inode start, long startRef, byte[] startPath, Visitor visitor)
      throws IOException {
    Map<Long, byte[]> directories = new HashMap<>();
    ArrayDeque<Pending> stack = new ArrayDeque<>();
    stack.push(new Pending(startPath, start, startRef, 0));
    while (!stack.isEmpty()) {
      Pending p = stack.pop();
      boolean descend = visitor.visit(p.path, p.inode, p.ref, p.depth);
      if (!(p.inode instanceof DirectoryInode dir) || !descend) {
        continue;
      }
      // A directory reached by a second path would be walked again, possibly forever.
      byte[] previous = directories.putIfAbsent(p.ref, p.path);
      if (previous != null) {
        throw new SquashfsFormatException(
            "directory inode "
                + dir.inodeNumber()
                + " reached twice, as "
                + text(previous)
                + " and as "
                + text(p.path)
                + " (a directory loop or a hard-linked directory)");
      }
      try {
        List<ListingEntry> children = image.list(dir);
        for (int i = children.size() - 1; i >= 0; i--) {
          ListingEntry e = children.get(i);
          stack.push(new Pending(child(p.path, e.rawName()), null, e.inodeRef(), p.depth + 1, e));
        }
        resolve(stack, children.size());
      } catch (SquashfsFormatException e) {
        throw new SquashfsFormatException(text(p.path) + ": " + e.getMessage(), e);
      }
    }
  }

  /** Decodes the inodes of the children just pushed, in listing order (inode table order). */
  private void resolve(ArrayDeque<Pending> stack, int count) throws IOException {
    var it = stack.iterator();
    for (int i = 0; i < count; i++) {
      Pending p = it.next();
      p.inode = image.inode(p.entry);
    }
  }

  private static byte[] child(byte[] parent, byte[] name) {
    boolean root = parent.length == 1;
    byte[] out = new byte[(root ? 1 : parent.length + 1) + name.length];
    int at = 0;
    if (!root) {
      System.arraycopy(parent, 0, out, 0, parent.length);
      at = parent.length;
    }
    out[at++] = '/';
    System.arraycopy(name, 0, out, at, name.length);
    return out;
  }

  /** A walked path as the string {@link Names} makes of its bytes. */
  public static String text(byte[] path) {
    return Names.decode(path);
  }

  private static byte[] bytes(String s) {
    return Names.encode(s);
  }

  private static final class Pending {
    final byte[] path;
    Inode inode;
    final long ref;
    final int depth;
    final ListingEntry entry;

    Pending(byte[] path, Inode inode, long ref, int depth) {
      this(path, inode, ref, depth, null);
    }

    Pending(byte[] path, Inode inode, long ref, int depth, ListingEntry entry) {
      this.path = path;
      this.inode = inode;
      this.ref = ref;
      this.depth = depth;
      this.entry = entry;
    }
  }
}
