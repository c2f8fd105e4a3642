package io.github.squashtree.core.internal.nio;

import io.github.squashtree.core.internal.read.FileLayout;
import io.github.squashtree.core.tree.EntryType;
import java.nio.file.attribute.FileTime;
import java.util.Arrays;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One object of a tree in create mode: what the image will hold for it. Hard links are one node
 * under several names. A file's content is a {@link Spool} once written through the file system,
 * or, for a file of the image being updated that nobody wrote, that image's stored blocks. Changed
 * under the file system's write lock only.
 */
final class MemNode implements Node {
  private final EntryType type;
  private final long ino;
  private int permissions;
  private long uid;
  private long gid;
  private long mtime;
  private SortedMap<String, byte[]> xattrs = new TreeMap<>();

  /** Children by name bytes, for directories. */
  final TreeMap<byte[], MemNode> children;

  final byte[] target;
  Spool spool;

  /** Unchanged content of the image being updated, when {@link #spool} is null. */
  FileLayout stored;

  /** Names this node has (a directory has one). */
  int links;

  /** Device numbers, for devices kept from the image being updated. */
  int major;

  int minor;

  MemNode(EntryType type, long ino, byte[] target) {
    this.type = type;
    this.ino = ino;
    this.target = target;
    this.children = type == EntryType.DIRECTORY ? new TreeMap<>(Arrays::compareUnsigned) : null;
  }

  @Override
  public EntryType type() {
    return type;
  }

  long ino() {
    return ino;
  }

  int permissions() {
    return permissions;
  }

  void setPermissions(int bits) {
    this.permissions = bits & 07777;
  }

  long uid() {
    return uid;
  }

  void setUid(long uid) {
    checkId(uid);
    this.uid = uid;
  }

  long gid() {
    return gid;
  }

  void setGid(long gid) {
    checkId(gid);
    this.gid = gid;
  }

  private static void checkId(long id) {
    if (id < 0 || id > 0xFFFFFFFFL) {
      throw new IllegalArgumentException("id out of the 32 bits an image stores: " + id);
    }
  }

  long mtime() {
    return mtime;
  }

  void setMtime(long seconds) {
    // An image stores 32 unsigned bits of seconds: earlier or later times are clamped.
    this.mtime = Math.max(0, Math.min(0xFFFFFFFFL, seconds));
  }

  void setMtime(FileTime time) {
    setMtime(Math.floorDiv(time.toMillis(), 1000));
  }

  SortedMap<String, byte[]> xattrs() {
    return xattrs;
  }

  void setXattr(String name, byte[] value) {
    xattrs.put(name, value.clone());
  }

  boolean removeXattr(String name) {
    return xattrs.remove(name) != null;
  }

  void setXattrs(SortedMap<String, byte[]> all) {
    xattrs = new TreeMap<>();
    all.forEach(this::setXattr);
  }

  /** st_nlink: names for files, 2 + subdirectories for directories. */
  long nlink() {
    if (children == null) {
      return links;
    }
    long n = 2;
    for (MemNode c : children.values()) {
      if (c.isDirectory()) {
        n++;
      }
    }
    return n;
  }

  /** File length, target length, or for a directory what squashfs would store (a guess: 3). */
  long size() {
    return switch (type) {
      case FILE -> spool != null ? spool.size() : stored != null ? stored.fileSize() : 0;
      case SYMLINK -> target.length;
      case DIRECTORY -> 3;
      default -> 0;
    };
  }
}
