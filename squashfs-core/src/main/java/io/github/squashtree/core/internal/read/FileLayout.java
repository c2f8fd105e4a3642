package io.github.squashtree.core.internal.read;

import io.github.squashtree.core.internal.format.DataBlock;
import io.github.squashtree.core.internal.format.FileInode;

/**
 * Where each piece of a regular file lies: its full blocks, then an optional tail in a fragment.
 * Positions are computed from the block list without decoding anything, so any block can be read
 * directly.
 */
public final class FileLayout {
  private final FileInode inode;
  private final int blockSize;
  private final long[] positions;

  FileLayout(FileInode inode, int blockSize, long[] positions) {
    this.inode = inode;
    this.blockSize = blockSize;
    this.positions = positions;
  }

  public FileInode inode() {
    return inode;
  }

  public long fileSize() {
    return inode.fileSize();
  }

  public int blockSize() {
    return blockSize;
  }

  /** The number of data blocks (the fragment tail not included). */
  public int blockCount() {
    return positions.length;
  }

  /** The absolute position of block {@code i} in the image. */
  public long position(int i) {
    return positions[i];
  }

  public int sizeWord(int i) {
    return inode.blockSizes()[i];
  }

  /** Whether block {@code i} is a hole (all zeros, nothing stored). */
  public boolean isSparse(int i) {
    return DataBlock.isSparse(inode.blockSizes()[i]);
  }

  /** The file offset where block {@code i} starts. */
  public long offset(int i) {
    return (long) i * blockSize;
  }

  /** The uncompressed length of block {@code i}: the block size except for a short last block. */
  public int length(int i) {
    return (int) Math.min(blockSize, inode.fileSize() - offset(i));
  }

  /** Bytes of the file kept in a fragment (0 if none). */
  public int tailSize() {
    return inode.tailSize(blockSize);
  }

  public long tailOffset() {
    return (long) positions.length * blockSize;
  }
}
