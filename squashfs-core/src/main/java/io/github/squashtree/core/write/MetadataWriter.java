package io.github.squashtree.core.write;

import io.github.squashtree.core.internal.codec.Compressor;
import io.github.squashtree.core.internal.format.MetadataBlock;
import io.github.squashtree.core.internal.format.MetadataRef;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Packs a metadata table into 8 KiB blocks, each compressed when that makes it smaller, and hands
 * out references (block start relative to the table, offset in the block) as bytes are added.
 */
final class MetadataWriter {
  private final Compressor compressor;
  private final ByteArrayOutputStream table = new ByteArrayOutputStream();
  private final byte[] block = new byte[MetadataBlock.MAX_SIZE];
  private final byte[] packed = new byte[MetadataBlock.MAX_SIZE];
  private final ByteBuffer scratch = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
  private final java.util.List<Long> blockStarts = new java.util.ArrayList<>();
  private int fill;
  private long uncompressed;

  MetadataWriter(Compressor compressor) {
    this.compressor = compressor;
  }

  /** The reference the next byte will have. */
  long reference() {
    return MetadataRef.of(table.size(), fill);
  }

  /** Where the block holding the next byte starts, relative to the table. */
  long currentBlockStart() {
    return table.size();
  }

  /** Bytes added so far, as if all blocks were laid end to end uncompressed. */
  long uncompressedPosition() {
    return uncompressed;
  }

  /** A cleared little-endian buffer to encode a record into before {@link #add(ByteBuffer)}. */
  ByteBuffer scratch(int capacity) {
    ByteBuffer b =
        capacity <= scratch.capacity()
            ? scratch.clear()
            : ByteBuffer.allocate(capacity).order(ByteOrder.LITTLE_ENDIAN);
    return b;
  }

  /** Appends the bytes from 0 to the buffer's position. */
  void add(ByteBuffer encoded) throws IOException {
    add(encoded.array(), encoded.arrayOffset(), encoded.position());
  }

  void add(byte[] bytes, int off, int len) throws IOException {
    int done = 0;
    while (done < len) {
      int n = Math.min(len - done, block.length - fill);
      System.arraycopy(bytes, off + done, block, fill, n);
      fill += n;
      done += n;
      uncompressed += n;
      if (fill == block.length) {
        flushBlock();
      }
    }
  }

  private void flushBlock() throws IOException {
    if (fill == 0) {
      return;
    }
    blockStarts.add((long) table.size());
    int n = compressor.compress(block, 0, fill, packed, 0, fill - 1);
    boolean compressed = n > 0;
    int header = MetadataBlock.header(compressed ? n : fill, compressed);
    table.write(header & 0xFF);
    table.write(header >>> 8);
    table.write(compressed ? packed : block, 0, compressed ? n : fill);
    fill = 0;
  }

  /** Where each block starts, relative to the table (complete after {@link #finish()}). */
  java.util.List<Long> blockStarts() {
    return blockStarts;
  }

  /** Flushes the last, partial block and returns the whole table. */
  byte[] finish() throws IOException {
    flushBlock();
    return table.toByteArray();
  }
}
