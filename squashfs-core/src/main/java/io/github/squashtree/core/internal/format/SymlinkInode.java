package io.github.squashtree.core.internal.format;

import io.github.squashtree.core.tree.EntryType;
import java.nio.ByteBuffer;

/** A basic (type 3) or extended (type 10) symbolic link; the target follows the fixed part. */
public record SymlinkInode(InodeHeader header, long nlink, byte[] target, long xattrIndex)
    implements Inode {

  public static final int FIXED_SIZE = 8;

  /** The longest target accepted; Linux limits symlink targets to PATH_MAX - 1. */
  public static final int MAX_TARGET = 4095;

  /** Reads nlink and returns the target length field of the fixed part. */
  public static long targetSize(ByteBuffer fixed) {
    return Integer.toUnsignedLong(fixed.getInt(fixed.position() + 4));
  }

  public static SymlinkInode decode(InodeHeader h, ByteBuffer fixed, byte[] target, long xattr) {
    long nlink = Integer.toUnsignedLong(fixed.getInt());
    return new SymlinkInode(h, nlink, target, xattr);
  }

  @Override
  public EntryType entryType() {
    return EntryType.SYMLINK;
  }

  public void encodeTo(ByteBuffer b) {
    header.encodeTo(b);
    b.putInt((int) nlink);
    b.putInt(target.length);
    b.put(target);
    if (extended()) {
      b.putInt((int) xattrIndex);
    }
  }
}
