package io.github.squashtree.core.write;

import io.github.squashtree.core.internal.format.Inode;

/**
 * Where a file's content went: its blocks (filled in as the pipeline writes them) and its tail in a
 * fragment. Shared by duplicates of the same content.
 */
final class FileData {
  final long size;
  final int[] words;
  long blocksStart;
  long fragmentIndex = Inode.NONE;
  int fragmentOffset;
  long sparseBytes;

  FileData(long size, int blockCount) {
    this.size = size;
    this.words = new int[blockCount];
  }

  /** The placement callback of block {@code i}. */
  BlockPipeline.Placement block(int i) {
    return (position, word) -> {
      if (i == 0) {
        blocksStart = position;
      }
      words[i] = word;
    };
  }
}
