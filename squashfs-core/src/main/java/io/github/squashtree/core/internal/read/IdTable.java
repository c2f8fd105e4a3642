package io.github.squashtree.core.internal.read;

import io.github.squashtree.core.SquashfsFormatException;
import java.io.IOException;

/** The uid/gid values inodes refer to by 16-bit index; at most 65536, loaded at open. */
final class IdTable {
  private final long[] ids;

  private IdTable(long[] ids) {
    this.ids = ids;
  }

  static IdTable load(BlockReader blocks, long start, int count) throws IOException {
    LookupTable table = LookupTable.open(blocks, "id table", start, count, 4);
    long[] ids = new long[count];
    for (int i = 0; i < count; i++) {
      ids[i] = Integer.toUnsignedLong(table.entry(i).getInt());
    }
    return new IdTable(ids);
  }

  long get(int index, long inodeNumber, String which) throws SquashfsFormatException {
    if (index >= ids.length) {
      throw new SquashfsFormatException(
          "inode "
              + inodeNumber
              + ": "
              + which
              + " index "
              + index
              + " outside the id table of "
              + ids.length);
    }
    return ids[index];
  }

  int size() {
    return ids.length;
  }
}
