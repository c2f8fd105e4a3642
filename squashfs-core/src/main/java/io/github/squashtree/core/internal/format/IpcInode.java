package io.github.squashtree.core.internal.format;

import io.github.squashtree.core.tree.EntryType;
import java.nio.ByteBuffer;

/** A fifo or socket, basic (6, 7) or extended (13, 14). */
public record IpcInode(InodeHeader header, long nlink, long xattrIndex) implements Inode {

  public static final int BASIC_SIZE = 4;
  public static final int EXTENDED_SIZE = 8;

  public static IpcInode decode(InodeHeader h, ByteBuffer b) {
    long nlink = Integer.toUnsignedLong(b.getInt());
    long xattr = InodeType.isExtended(h.type()) ? Integer.toUnsignedLong(b.getInt()) : NONE;
    return new IpcInode(h, nlink, xattr);
  }

  @Override
  public EntryType entryType() {
    return InodeType.basic(header.type()) == InodeType.FIFO ? EntryType.FIFO : EntryType.SOCKET;
  }

  public void encodeTo(ByteBuffer b) {
    header.encodeTo(b);
    b.putInt((int) nlink);
    if (extended()) {
      b.putInt((int) xattrIndex);
    }
  }
}
