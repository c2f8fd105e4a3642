package io.github.squashtree.core.internal.format;

import io.github.squashtree.core.tree.EntryType;
import java.nio.ByteBuffer;

/**
 * A basic (type 2) or extended (type 9) regular file inode.
 *
 * @param blocksStart absolute offset of the first data block
 * @param fileSize uncompressed size in bytes
 * @param sparse bytes saved by sparse blocks (extended only)
 * @param fragmentIndex the fragment holding the tail, or {@link Inode#NONE}
 * @param fragmentOffset offset of the tail inside the uncompressed fragment block
 * @param blockSizes the size word of each full data block (see {@link DataBlock})
 */
public record FileInode(
    InodeHeader header,
    long blocksStart,
    long fileSize,
    long sparse,
    long nlink,
    long fragmentIndex,
    int fragmentOffset,
    long xattrIndex,
    int[] blockSizes)
    implements Inode {

  public static final int BASIC_SIZE = 16;
  public static final int EXTENDED_SIZE = 40;

  public static FileInode decodeBasic(InodeHeader h, ByteBuffer b) {
    long start = Integer.toUnsignedLong(b.getInt());
    long fragment = Integer.toUnsignedLong(b.getInt());
    int offset = b.getInt();
    long size = Integer.toUnsignedLong(b.getInt());
    return new FileInode(h, start, size, 0, 1, fragment, offset, NONE, new int[0]);
  }

  public static FileInode decodeExtended(InodeHeader h, ByteBuffer b) {
    long start = b.getLong();
    long size = b.getLong();
    long sparse = b.getLong();
    long nlink = Integer.toUnsignedLong(b.getInt());
    long fragment = Integer.toUnsignedLong(b.getInt());
    int offset = b.getInt();
    long xattr = Integer.toUnsignedLong(b.getInt());
    return new FileInode(h, start, size, sparse, nlink, fragment, offset, xattr, new int[0]);
  }

  public FileInode withBlockSizes(int[] sizes) {
    return new FileInode(
        header,
        blocksStart,
        fileSize,
        sparse,
        nlink,
        fragmentIndex,
        fragmentOffset,
        xattrIndex,
        sizes);
  }

  public boolean hasFragment() {
    return fragmentIndex != NONE;
  }

  /**
   * The number of full data blocks: the tail goes to a fragment when there is one, otherwise into a
   * last, short block. May exceed int range on a hostile image; callers bound it first.
   */
  public long blockCount(int blockSize) {
    long full = Long.divideUnsigned(fileSize, blockSize);
    boolean tail = Long.remainderUnsigned(fileSize, blockSize) != 0;
    return hasFragment() || !tail ? full : full + 1;
  }

  /** Bytes of the file kept in its fragment. */
  public int tailSize(int blockSize) {
    return hasFragment() ? (int) Long.remainderUnsigned(fileSize, blockSize) : 0;
  }

  @Override
  public EntryType entryType() {
    return EntryType.FILE;
  }

  public void encodeTo(ByteBuffer b) {
    header.encodeTo(b);
    if (extended()) {
      b.putLong(blocksStart);
      b.putLong(fileSize);
      b.putLong(sparse);
      b.putInt((int) nlink);
      b.putInt((int) fragmentIndex);
      b.putInt(fragmentOffset);
      b.putInt((int) xattrIndex);
    } else {
      b.putInt((int) blocksStart);
      b.putInt((int) fragmentIndex);
      b.putInt(fragmentOffset);
      b.putInt((int) fileSize);
    }
    for (int size : blockSizes) {
      b.putInt(size);
    }
  }
}
