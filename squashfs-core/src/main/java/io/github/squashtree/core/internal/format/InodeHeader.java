package io.github.squashtree.core.internal.format;

import io.github.squashtree.core.SquashfsFormatException;
import java.nio.ByteBuffer;

/** The 16 bytes that start every inode. */
public record InodeHeader(
    int type, int permissions, int uidIndex, int gidIndex, long mtime, long inodeNumber) {

  public static final int SIZE = 16;

  public static InodeHeader decode(ByteBuffer b) throws SquashfsFormatException {
    int type = Short.toUnsignedInt(b.getShort());
    if (!InodeType.isValid(type)) {
      throw new SquashfsFormatException("unknown inode type " + type);
    }
    return new InodeHeader(
        type,
        Short.toUnsignedInt(b.getShort()) & 07777,
        Short.toUnsignedInt(b.getShort()),
        Short.toUnsignedInt(b.getShort()),
        Integer.toUnsignedLong(b.getInt()),
        Integer.toUnsignedLong(b.getInt()));
  }

  public void encodeTo(ByteBuffer b) {
    b.putShort((short) type);
    b.putShort((short) permissions);
    b.putShort((short) uidIndex);
    b.putShort((short) gidIndex);
    b.putInt((int) mtime);
    b.putInt((int) inodeNumber);
  }
}
