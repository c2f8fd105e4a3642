package io.github.squashtree.core.internal.read;

import io.github.squashtree.core.SquashfsFormatException;
import io.github.squashtree.core.internal.format.MetadataBlock;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A table of fixed-size records in metadata blocks, located through an array of 64-bit block
 * positions (the id, fragment, export and xattr id tables).
 *
 * <p>The block positions of small tables are loaded at once; large ones are read on demand, so a
 * hostile entry count never sizes an allocation.
 */
final class LookupTable {
  private static final int EAGER_LIMIT = 8192;

  private final BlockReader blocks;
  private final String name;
  private final long arrayStart;
  private final long count;
  private final int entrySize;
  private final int blockCount;
  private final long[] locations;

  private LookupTable(
      BlockReader blocks, String name, long arrayStart, long count, int entrySize, int blockCount)
      throws IOException {
    this.blocks = blocks;
    this.name = name;
    this.arrayStart = arrayStart;
    this.count = count;
    this.entrySize = entrySize;
    this.blockCount = blockCount;
    this.locations = blockCount <= EAGER_LIMIT ? readLocations(0, blockCount) : null;
  }

  /**
   * Opens a table of {@code count} records of {@code entrySize} bytes whose location array starts
   * at {@code arrayStart}. The metadata blocks must precede the array, as every writer lays them.
   */
  static LookupTable open(
      BlockReader blocks, String name, long arrayStart, long count, int entrySize)
      throws IOException {
    long bytes = Math.multiplyExact(count, (long) entrySize);
    long blockCount = (bytes + MetadataBlock.MAX_SIZE - 1) / MetadataBlock.MAX_SIZE;
    // The array must fit in the image; this also bounds blockCount before anything is sized by it.
    BlockReader.requireRange(
        arrayStart, blockCount * 8, blocks.imageEnd(), name + " location array");
    return new LookupTable(blocks, name, arrayStart, count, entrySize, (int) blockCount);
  }

  long count() {
    return count;
  }

  /** The record at {@code index} as a little-endian buffer of {@code entrySize} bytes. */
  ByteBuffer entry(long index) throws IOException {
    if (index < 0 || index >= count) {
      throw new SquashfsFormatException(
          name + ": index " + index + " out of range (" + count + " entries)");
    }
    long byteOffset = index * entrySize;
    int blockIndex = (int) (byteOffset / MetadataBlock.MAX_SIZE);
    int offset = (int) (byteOffset % MetadataBlock.MAX_SIZE);
    long location = locations != null ? locations[blockIndex] : readLocations(blockIndex, 1)[0];
    DecodedBlock block = blocks.metadataBlock(location, arrayStart, name);
    if (block.data().length < offset + entrySize) {
      throw new SquashfsFormatException(
          name
              + ": metadata block at "
              + location
              + " holds "
              + block.data().length
              + " bytes, too few for entry "
              + index);
    }
    return ByteBuffer.wrap(block.data(), offset, entrySize).slice().order(ByteOrder.LITTLE_ENDIAN);
  }

  private long[] readLocations(int first, int n) throws IOException {
    byte[] raw = new byte[n * 8];
    blocks.readRaw(arrayStart + first * 8L, raw, 0, raw.length, name + " location array");
    ByteBuffer b = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
    long[] out = new long[n];
    for (int i = 0; i < n; i++) {
      out[i] = b.getLong();
      if (out[i] < 0 || out[i] >= arrayStart) {
        throw new SquashfsFormatException(
            name
                + ": metadata block "
                + (first + i)
                + " at "
                + Long.toUnsignedString(out[i])
                + " is not before the table's location array at "
                + arrayStart);
      }
    }
    return out;
  }

  int blockCount() {
    return blockCount;
  }
}
