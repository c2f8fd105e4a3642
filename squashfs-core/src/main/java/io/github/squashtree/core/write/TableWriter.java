package io.github.squashtree.core.write;

import io.github.squashtree.core.internal.codec.Compressor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * Writes the tables after the data: metadata tables as they are, and lookup tables (ids, fragments,
 * exports, xattr ids) as metadata blocks followed by the array of their positions.
 */
final class TableWriter {
  private final ImageOutput out;
  private final Compressor compressor;

  TableWriter(ImageOutput out, Compressor compressor) {
    this.out = out;
    this.compressor = compressor;
  }

  /** Writes a finished metadata table; returns where it starts. */
  long writeMetadata(byte[] table) throws IOException {
    long start = out.position();
    out.write(table, 0, table.length);
    return start;
  }

  /**
   * Writes {@code items} as records of {@code size} bytes in metadata blocks, then the location
   * array; returns the array's position, which the superblock points at.
   */
  <T> long writeLookup(List<T> items, int size, BiConsumer<T, ByteBuffer> encoder)
      throws IOException {
    MetadataWriter blocks = new MetadataWriter(compressor);
    for (T item : items) {
      ByteBuffer b = blocks.scratch(size);
      encoder.accept(item, b);
      blocks.add(b);
    }
    byte[] table = blocks.finish();
    long start = writeMetadata(table);
    return writeLocations(start, blocks.blockStarts(), null);
  }

  /**
   * Writes the location array (optionally after a header); returns where the header or array is.
   */
  long writeLocations(long tableStart, List<Long> blockStarts, byte[] header) throws IOException {
    long at = out.position();
    int headerSize = header == null ? 0 : header.length;
    ByteBuffer b =
        ByteBuffer.allocate(headerSize + 8 * blockStarts.size()).order(ByteOrder.LITTLE_ENDIAN);
    if (header != null) {
      b.put(header);
    }
    for (long s : blockStarts) {
      b.putLong(tableStart + s);
    }
    out.write(b.array(), 0, b.position());
    return at;
  }
}
