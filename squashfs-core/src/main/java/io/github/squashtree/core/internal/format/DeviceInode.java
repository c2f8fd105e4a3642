package io.github.squashtree.core.internal.format;

import io.github.squashtree.core.SquashfsFormatException;
import io.github.squashtree.core.tree.EntryType;
import java.nio.ByteBuffer;

/**
 * A block or character device, basic (4, 5) or extended (11, 12).
 *
 * @param device the device number in the kernel's "new" 32-bit encoding
 */
public record DeviceInode(InodeHeader header, long nlink, int device, long xattrIndex)
    implements Inode {

  public static final int BASIC_SIZE = 8;
  public static final int EXTENDED_SIZE = 12;

  public static DeviceInode decode(InodeHeader h, ByteBuffer b) {
    long nlink = Integer.toUnsignedLong(b.getInt());
    int device = b.getInt();
    long xattr = InodeType.isExtended(h.type()) ? Integer.toUnsignedLong(b.getInt()) : NONE;
    return new DeviceInode(h, nlink, device, xattr);
  }

  public int major() {
    return (device & 0xFFF00) >>> 8;
  }

  public int minor() {
    return (device & 0xFF) | ((device >>> 12) & 0xFFF00);
  }

  /** Encodes a major/minor pair the way the kernel's {@code new_encode_dev} does. */
  public static int encodeDevice(int major, int minor) {
    return (minor & 0xFF) | ((major & 0xFFF) << 8) | ((minor & ~0xFF) << 12);
  }

  @Override
  public EntryType entryType() {
    try {
      return InodeType.entryType(header.type());
    } catch (SquashfsFormatException e) {
      throw new IllegalStateException(e);
    }
  }

  public void encodeTo(ByteBuffer b) {
    header.encodeTo(b);
    b.putInt((int) nlink);
    b.putInt(device);
    if (extended()) {
      b.putInt((int) xattrIndex);
    }
  }
}
