package io.github.squashtree.core.internal.format;

import io.github.squashtree.core.tree.EntryType;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * A basic (type 1) or extended (type 8) directory inode.
 *
 * @param blockIndex start of the listing's metadata block, relative to the directory table
 * @param fileSize size of the listing plus 3 (the kernel's "." and ".." slots)
 * @param blockOffset offset of the listing inside its uncompressed metadata block
 * @param parentInode inode number of the parent directory
 * @param index the directory index of an extended directory (empty for basic ones)
 */
public record DirectoryInode(
    InodeHeader header,
    long blockIndex,
    long nlink,
    long fileSize,
    int blockOffset,
    long parentInode,
    long xattrIndex,
    List<DirectoryIndex> index)
    implements Inode {

  public static final int BASIC_SIZE = 16;
  public static final int EXTENDED_SIZE = 24;

  /** The bytes the kernel counts beyond the real listing. */
  public static final int SIZE_BIAS = 3;

  public DirectoryInode {
    index = List.copyOf(index);
  }

  public static DirectoryInode decodeBasic(InodeHeader h, ByteBuffer b) {
    long block = Integer.toUnsignedLong(b.getInt());
    long nlink = Integer.toUnsignedLong(b.getInt());
    int size = Short.toUnsignedInt(b.getShort());
    int offset = Short.toUnsignedInt(b.getShort());
    long parent = Integer.toUnsignedLong(b.getInt());
    return new DirectoryInode(h, block, nlink, size, offset, parent, NONE, List.of());
  }

  /** Decodes the fixed part of an extended directory; the index count is returned separately. */
  public static DirectoryInode decodeExtended(InodeHeader h, ByteBuffer b) {
    long nlink = Integer.toUnsignedLong(b.getInt());
    long size = Integer.toUnsignedLong(b.getInt());
    long block = Integer.toUnsignedLong(b.getInt());
    long parent = Integer.toUnsignedLong(b.getInt());
    b.getShort(); // index count: see indexCount()
    int offset = Short.toUnsignedInt(b.getShort());
    long xattr = Integer.toUnsignedLong(b.getInt());
    return new DirectoryInode(h, block, nlink, size, offset, parent, xattr, List.of());
  }

  /** The index count field of an extended directory's fixed part. */
  public static int indexCount(ByteBuffer fixed) {
    return Short.toUnsignedInt(fixed.getShort(fixed.position() + 16));
  }

  public DirectoryInode withIndex(List<DirectoryIndex> entries) {
    return new DirectoryInode(
        header, blockIndex, nlink, fileSize, blockOffset, parentInode, xattrIndex, entries);
  }

  /** The length of the listing in the directory table; 0 for an empty directory. */
  public long listingSize() {
    return Math.max(0, fileSize - SIZE_BIAS);
  }

  @Override
  public EntryType entryType() {
    return EntryType.DIRECTORY;
  }

  public void encodeTo(ByteBuffer b) {
    header.encodeTo(b);
    if (extended()) {
      b.putInt((int) nlink);
      b.putInt((int) fileSize);
      b.putInt((int) blockIndex);
      b.putInt((int) parentInode);
      b.putShort((short) index.size());
      b.putShort((short) blockOffset);
      b.putInt((int) xattrIndex);
      for (DirectoryIndex i : index) {
        i.encodeTo(b);
      }
    } else {
      b.putInt((int) blockIndex);
      b.putInt((int) nlink);
      b.putShort((short) fileSize);
      b.putShort((short) blockOffset);
      b.putInt((int) parentInode);
    }
  }
}
