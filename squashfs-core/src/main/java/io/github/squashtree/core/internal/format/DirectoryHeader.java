package io.github.squashtree.core.internal.format;

import io.github.squashtree.core.SquashfsFormatException;
import java.nio.ByteBuffer;

/**
 * Starts a run of directory entries whose inodes share one inode-table metadata block.
 *
 * @param count entries that follow (1 to 256; stored minus one)
 * @param start the inodes' metadata block, relative to the inode table
 * @param inodeNumber the base the entries' inode numbers are relative to
 */
public record DirectoryHeader(int count, long start, long inodeNumber) {
  public static final int SIZE = 12;
  public static final int MAX_ENTRIES = 256;

  public static DirectoryHeader decode(ByteBuffer b) throws SquashfsFormatException {
    long count = Integer.toUnsignedLong(b.getInt()) + 1;
    if (count > MAX_ENTRIES) {
      throw new SquashfsFormatException(
          "directory header claims " + count + " entries (max " + MAX_ENTRIES + ")");
    }
    return new DirectoryHeader(
        (int) count, Integer.toUnsignedLong(b.getInt()), Integer.toUnsignedLong(b.getInt()));
  }

  public void encodeTo(ByteBuffer b) {
    b.putInt(count - 1);
    b.putInt((int) start);
    b.putInt((int) inodeNumber);
  }
}
