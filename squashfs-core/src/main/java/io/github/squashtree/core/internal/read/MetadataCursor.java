package io.github.squashtree.core.internal.read;

import io.github.squashtree.core.SquashfsFormatException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Reads a metadata table sequentially from a reference, across block boundaries, never past the end
 * of the table.
 */
final class MetadataCursor {
  private final BlockReader blocks;
  private final long tableEnd;
  private final String table;
  private DecodedBlock block;
  private long blockPosition;
  private int offset;

  MetadataCursor(BlockReader blocks, long blockPosition, int offset, long tableEnd, String table)
      throws IOException {
    this.blocks = blocks;
    this.tableEnd = tableEnd;
    this.table = table;
    this.blockPosition = blockPosition;
    this.block = blocks.metadataBlock(blockPosition, tableEnd, table);
    if (offset > block.data().length) {
      throw new SquashfsFormatException(
          table
              + ": offset "
              + offset
              + " beyond the "
              + block.data().length
              + "-byte metadata block at "
              + blockPosition);
    }
    this.offset = offset;
  }

  /**
   * The next {@code n} bytes as a little-endian buffer positioned at 0. Within one block this is a
   * view of the cached block (no copy); callers must not write to it.
   */
  ByteBuffer read(int n) throws IOException {
    byte[] data = block.data();
    if (data.length - offset >= n) {
      ByteBuffer view = ByteBuffer.wrap(data, offset, n).slice().order(ByteOrder.LITTLE_ENDIAN);
      offset += n;
      return view;
    }
    byte[] out = new byte[n];
    readFully(out, 0, n);
    return ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN);
  }

  /** Fills {@code dst[off, off+len)}. */
  void readFully(byte[] dst, int off, int len) throws IOException {
    int done = 0;
    while (done < len) {
      byte[] data = block.data();
      if (offset == data.length) {
        advance();
        continue;
      }
      int n = Math.min(len - done, data.length - offset);
      System.arraycopy(data, offset, dst, off + done, n);
      offset += n;
      done += n;
    }
  }

  byte[] readBytes(int n) throws IOException {
    byte[] out = new byte[n];
    readFully(out, 0, n);
    return out;
  }

  private void advance() throws IOException {
    long next = block.next();
    if (next >= tableEnd) {
      throw new SquashfsFormatException(
          table + ": data runs past the end of the table at offset " + tableEnd);
    }
    blockPosition = next;
    block = blocks.metadataBlock(next, tableEnd, table);
    offset = 0;
  }

  /** The absolute position of the current block. */
  long blockPosition() {
    return blockPosition;
  }

  /** Upper bound of bytes still readable: at most 8 KiB in each block that fits in the table. */
  long remainingBound() {
    return (block.data().length - offset) + Math.max(0, tableEnd - block.next()) / 3 * 8192L;
  }
}
