package io.github.squashtree.core.internal.read;

import io.github.squashtree.core.SquashfsFormatException;
import java.io.IOException;

/** Maps inode numbers to inode references (inode n at index n - 1), for NFS export. */
final class ExportTable {
  private final LookupTable table;

  private ExportTable(LookupTable table) {
    this.table = table;
  }

  static ExportTable open(BlockReader blocks, long start, long inodeCount) throws IOException {
    return new ExportTable(LookupTable.open(blocks, "export table", start, inodeCount, 8));
  }

  long inodeRef(long inodeNumber) throws IOException {
    if (inodeNumber < 1 || inodeNumber > table.count()) {
      throw new SquashfsFormatException(
          "inode number " + inodeNumber + " outside 1.." + table.count());
    }
    return table.entry(inodeNumber - 1).getLong();
  }
}
