package io.github.squashtree.core.write;

import io.github.squashtree.core.internal.format.Inode;

/**
 * Where a file's content went: its blocks (filled in as the pipeline writes them) and its tail in a
 * fragment. Shared by duplicates of the same content; a file that shares only another's blocks (its
 * tail differs) has data of its own that points at them ({@link #blocksOf}).
 */
final class FileData {
  final long size;
  final int[] words;
  long blocksStart;
  long fragmentIndex = Inode.NONE;
  int fragmentOffset;
  long sparseBytes;

  /** The data whose blocks these are, when another file's were found equal; else null. */
  FileData blocksOf;

  FileData(long size, int blockCount) {
    this.size = size;
    this.words = new int[blockCount];
  }

  /** Data of {@code size} bytes whose blocks are those of {@code owner}. */
  static FileData sharingBlocks(long size, FileData owner, long sparseBytes) {
    FileData d = new FileData(size, 0);
    d.blocksOf = owner;
    d.sparseBytes = sparseBytes;
    return d;
  }

  /** Where the blocks begin, once written: this file's or those it shares. */
  long blocksStart() {
    return blocksOf != null ? blocksOf.blocksStart : blocksStart;
  }

  /** The size words of the blocks: this file's or those it shares. */
  int[] blockWords() {
    return blocksOf != null ? blocksOf.words : words;
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
