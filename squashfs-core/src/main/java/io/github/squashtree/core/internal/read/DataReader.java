package io.github.squashtree.core.internal.read;

import io.github.squashtree.core.SquashfsFormatException;
import io.github.squashtree.core.internal.format.DataBlock;
import io.github.squashtree.core.internal.format.FileInode;
import java.io.IOException;

/** Reads file content: data blocks by position, tails out of fragment blocks. */
final class DataReader {
  private final BlockReader blocks;
  private final FragmentTable fragments;
  // Positional reads come in runs on one file; its layout is kept rather than summed again.
  private final LruCache<FileInode, FileLayout> layouts = new LruCache<>(16);

  DataReader(BlockReader blocks, FragmentTable fragments) {
    this.blocks = blocks;
    this.fragments = fragments;
  }

  /** The layout of a file, from a small cache of recently read files. */
  FileLayout cachedLayout(FileInode inode) throws SquashfsFormatException {
    FileLayout layout = layouts.get(inode);
    if (layout == null) {
      layout = layout(inode);
      layouts.put(inode, layout);
    }
    return layout;
  }

  int blockSize() {
    return blocks.blockSize();
  }

  FileLayout layout(FileInode inode) throws SquashfsFormatException {
    int[] words = inode.blockSizes();
    long[] positions = new long[words.length];
    long at = inode.blocksStart();
    long end = blocks.imageEnd();
    for (int i = 0; i < words.length; i++) {
      positions[i] = at;
      int stored = DataBlock.storedSize(words[i]);
      if (stored > end - at) {
        throw new SquashfsFormatException(
            "inode "
                + inode.inodeNumber()
                + ": block "
                + i
                + " at "
                + at
                + " ("
                + stored
                + " bytes) runs past the end of the image at "
                + end);
      }
      at += stored;
    }
    return new FileLayout(inode, blocks.blockSize(), positions);
  }

  /** Decodes block {@code i} into {@code dst[0, layout.length(i))}. */
  void readBlock(FileLayout layout, int i, byte[] dst, byte[] scratch) throws IOException {
    blocks.ensureOpen(); // a sparse block reads nothing, yet a closed image must not serve it
    blocks.dataBlock(
        layout.position(i),
        layout.sizeWord(i),
        dst,
        layout.length(i),
        scratch,
        "inode " + layout.inode().inodeNumber() + " block " + i);
  }

  /**
   * Reads {@code len} bytes from {@code from} within block {@code i}, which must be stored
   * uncompressed: only those bytes are read, not the whole block.
   */
  void readStoredPart(FileLayout layout, int i, int from, byte[] dst, int off, int len)
      throws IOException {
    int word = layout.sizeWord(i);
    String what = "inode " + layout.inode().inodeNumber() + " block " + i;
    if (DataBlock.hasUnknownBits(word)
        || DataBlock.isSparse(word)
        || DataBlock.isCompressed(word)) {
      throw new IllegalArgumentException(what + " is not stored uncompressed");
    }
    int stored = DataBlock.storedSize(word);
    if (stored != layout.length(i)) {
      throw new SquashfsFormatException(
          what
              + ": uncompressed block at "
              + layout.position(i)
              + " holds "
              + stored
              + " bytes, expected "
              + layout.length(i));
    }
    if (from < 0 || len < 0 || from > stored - len) {
      throw new IndexOutOfBoundsException(from + "+" + len + " outside a block of " + stored);
    }
    blocks.readRaw(layout.position(i) + from, dst, off, len, what);
  }

  /**
   * The decoded fragment block holding the file's tail (shared, read-only) after checking that the
   * tail lies inside it; the tail starts at the inode's fragment offset.
   */
  byte[] tailBlock(FileLayout layout) throws IOException {
    blocks.ensureOpen(); // the fragment may come from the cache
    FileInode inode = layout.inode();
    DecodedFragment fragment = fragments.block(inode.fragmentIndex());
    if ((long) inode.fragmentOffset() + layout.tailSize() > fragment.length()) {
      throw new SquashfsFormatException(
          "inode "
              + inode.inodeNumber()
              + ": tail of "
              + layout.tailSize()
              + " bytes at "
              + inode.fragmentOffset()
              + " outside fragment "
              + inode.fragmentIndex()
              + " of "
              + fragment.length()
              + " bytes");
    }
    return fragment.data();
  }

  /** Reads up to {@code len} bytes at {@code pos}; -1 at or past the end. */
  int read(FileLayout layout, long pos, byte[] dst, int off, int len) throws IOException {
    long size = layout.fileSize();
    if (pos >= size) {
      return -1;
    }
    int n = (int) Math.min(len, size - pos);
    int done = 0;
    byte[] block = null;
    byte[] scratch = null;
    while (done < n) {
      long at = pos + done;
      long blockIndex = at / blockSize();
      int within = (int) (at % blockSize());
      int chunk;
      if (blockIndex < layout.blockCount()) {
        int i = (int) blockIndex;
        chunk = Math.min(n - done, layout.length(i) - within);
        if (layout.isSparse(i)) {
          java.util.Arrays.fill(dst, off + done, off + done + chunk, (byte) 0);
        } else {
          if (block == null) {
            block = new byte[blockSize()];
            scratch = new byte[blockSize()];
          }
          readBlock(layout, i, block, scratch);
          System.arraycopy(block, within, dst, off + done, chunk);
        }
      } else {
        byte[] tail = tailBlock(layout);
        chunk = n - done;
        System.arraycopy(tail, layout.inode().fragmentOffset() + within, dst, off + done, chunk);
      }
      done += chunk;
    }
    return n;
  }
}
