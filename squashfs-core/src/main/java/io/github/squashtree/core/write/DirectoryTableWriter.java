package io.github.squashtree.core.write;

import io.github.squashtree.core.internal.format.DirectoryEntry;
import io.github.squashtree.core.internal.format.DirectoryHeader;
import io.github.squashtree.core.internal.format.DirectoryIndex;
import io.github.squashtree.core.internal.format.InodeType;
import io.github.squashtree.core.internal.format.MetadataBlock;
import io.github.squashtree.core.internal.format.MetadataRef;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes directory listings: runs of at most 256 entries under a header, a new header whenever the
 * inodes change metadata block, the inode numbers drift beyond 16 bits, or the listing enters a new
 * directory-table block (which then gets an index entry, so lookups can jump there).
 */
final class DirectoryTableWriter {
  private final MetadataWriter table;

  DirectoryTableWriter(MetadataWriter table) {
    this.table = table;
  }

  DirectoryListing write(List<Node> children) throws IOException {
    long startRef = table.reference();
    long start = table.uncompressedPosition();
    List<DirectoryIndex> index = new ArrayList<>();
    // Like mksquashfs, only listings longer than a metadata block get an index and start a new
    // header at each block boundary; shorter ones may cross a boundary under one header.
    boolean indexed = estimatedSize(children) > MetadataBlock.MAX_SIZE;
    int i = 0;
    while (i < children.size()) {
      Node first = children.get(i).owner();
      long inodeBlock = MetadataRef.block(first.inodeRef);
      long base = first.inodeNumber;
      long headerAt = table.uncompressedPosition();
      long blockStart = table.currentBlockStart();
      int run = runLength(children, i, inodeBlock, base, indexed ? headerAt : -1);
      long lastIndexed =
          index.isEmpty() ? MetadataRef.block(startRef) : index.get(index.size() - 1).start();
      if (indexed && i > 0 && lastIndexed != blockStart) {
        index.add(new DirectoryIndex(headerAt - start, blockStart, children.get(i).name));
      }
      ByteBuffer h = table.scratch(DirectoryHeader.SIZE);
      new DirectoryHeader(run, inodeBlock, base).encodeTo(h);
      table.add(h);
      for (int k = i; k < i + run; k++) {
        Node child = children.get(k);
        Node owner = child.owner();
        ByteBuffer e = table.scratch(DirectoryEntry.FIXED_SIZE + child.name.length);
        new DirectoryEntry(
                MetadataRef.offset(owner.inodeRef),
                (int) (owner.inodeNumber - base),
                InodeType.of(owner.metadata.type(), false),
                child.name)
            .encodeTo(e);
        table.add(e);
      }
      i += run;
    }
    return new DirectoryListing(
        MetadataRef.block(startRef),
        MetadataRef.offset(startRef),
        table.uncompressedPosition() - start,
        index);
  }

  private static long estimatedSize(List<Node> children) {
    long size = DirectoryHeader.SIZE;
    for (Node c : children) {
      size += DirectoryEntry.FIXED_SIZE + c.name.length;
    }
    return size;
  }

  /**
   * How many entries from {@code from} share one header; with {@code headerAt} >= 0 the run also
   * ends where the listing enters the next metadata block.
   */
  private static int runLength(
      List<Node> children, int from, long inodeBlock, long base, long headerAt) {
    long position =
        headerAt < 0 ? Long.MIN_VALUE : headerAt % MetadataBlock.MAX_SIZE + DirectoryHeader.SIZE;
    int n = 0;
    while (from + n < children.size() && n < DirectoryHeader.MAX_ENTRIES) {
      Node owner = children.get(from + n).owner();
      long delta = owner.inodeNumber - base;
      if (MetadataRef.block(owner.inodeRef) != inodeBlock
          || delta < Short.MIN_VALUE
          || delta > Short.MAX_VALUE
          || (n > 0 && position >= MetadataBlock.MAX_SIZE)) {
        break;
      }
      position += DirectoryEntry.FIXED_SIZE + children.get(from + n).name.length;
      n++;
    }
    return n;
  }
}
