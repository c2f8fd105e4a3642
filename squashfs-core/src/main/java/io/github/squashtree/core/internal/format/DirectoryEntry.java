package io.github.squashtree.core.internal.format;

import io.github.squashtree.core.SquashfsFormatException;
import java.nio.ByteBuffer;

/**
 * One name in a directory listing; the name follows the fixed 8 bytes.
 *
 * @param offset the inode's offset inside the header's metadata block
 * @param inodeDelta the inode number minus the header's base (signed 16 bits)
 * @param type the basic inode type
 */
public record DirectoryEntry(int offset, int inodeDelta, int type, byte[] name) {
  public static final int FIXED_SIZE = 8;

  /** The longest name the format can encode; the kernel allows 256 bytes here. */
  public static final int MAX_NAME = 256;

  /** The name length stored in a fixed part. */
  public static int nameSize(ByteBuffer fixed) throws SquashfsFormatException {
    int size = Short.toUnsignedInt(fixed.getShort(fixed.position() + 6)) + 1;
    if (size > MAX_NAME) {
      throw new SquashfsFormatException("directory entry name of " + size + " bytes (max 256)");
    }
    return size;
  }

  public static DirectoryEntry decode(ByteBuffer fixed, byte[] name) {
    int offset = Short.toUnsignedInt(fixed.getShort());
    int delta = fixed.getShort();
    int type = Short.toUnsignedInt(fixed.getShort());
    fixed.getShort();
    return new DirectoryEntry(offset, delta, type, name);
  }

  public void encodeTo(ByteBuffer b) {
    b.putShort((short) offset);
    b.putShort((short) inodeDelta);
    b.putShort((short) type);
    b.putShort((short) (name.length - 1));
    b.put(name);
  }
}
