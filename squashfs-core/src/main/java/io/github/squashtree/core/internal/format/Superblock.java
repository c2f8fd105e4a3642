package io.github.squashtree.core.internal.format;

import io.github.squashtree.core.SquashfsFormatException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The 96-byte SquashFS 4.0 superblock at offset 0 of every image.
 *
 * <p>The compact constructor checks what needs no context: magic, version, the block size and its
 * logarithm. The reader checks the table offsets against the image ({@link #validateLayout}).
 */
public record Superblock(
    long inodeCount,
    long modificationTime,
    int blockSize,
    long fragmentCount,
    int compressionId,
    int blockLog,
    int flags,
    int idCount,
    long rootInodeRef,
    long bytesUsed,
    long idTableStart,
    long xattrIdTableStart,
    long inodeTableStart,
    long directoryTableStart,
    long fragmentTableStart,
    long exportTableStart) {

  public static final int SIZE = 96;
  public static final int MAGIC = 0x73717368;
  public static final int MIN_BLOCK_SIZE = 4096;
  public static final int MAX_BLOCK_SIZE = 1 << 20;

  /** The value of an optional table's offset when the table is absent. */
  public static final long NO_TABLE = -1L;

  public static final int FLAG_UNCOMPRESSED_INODES = 0x0001;
  public static final int FLAG_UNCOMPRESSED_DATA = 0x0002;
  public static final int FLAG_UNCOMPRESSED_FRAGMENTS = 0x0008;
  public static final int FLAG_NO_FRAGMENTS = 0x0010;
  public static final int FLAG_ALWAYS_FRAGMENTS = 0x0020;
  public static final int FLAG_DUPLICATES = 0x0040;
  public static final int FLAG_EXPORTABLE = 0x0080;
  public static final int FLAG_UNCOMPRESSED_XATTRS = 0x0100;
  public static final int FLAG_NO_XATTRS = 0x0200;
  public static final int FLAG_COMPRESSOR_OPTIONS = 0x0400;
  public static final int FLAG_UNCOMPRESSED_IDS = 0x0800;

  public Superblock {
    if (blockSize < MIN_BLOCK_SIZE
        || blockSize > MAX_BLOCK_SIZE
        || Integer.bitCount(blockSize) != 1) {
      throw new IllegalArgumentException("block size must be a power of two from 4 KiB to 1 MiB");
    }
    if (1 << blockLog != blockSize) {
      throw new IllegalArgumentException("block_log does not match block size");
    }
  }

  /** Decodes and checks the context-free fields of a superblock. */
  public static Superblock decode(ByteBuffer buffer) throws SquashfsFormatException {
    ByteBuffer b = buffer.slice().order(ByteOrder.LITTLE_ENDIAN);
    if (b.remaining() < SIZE) {
      throw new SquashfsFormatException(
          "image too small for a superblock: " + b.remaining() + " bytes");
    }
    int magic = b.getInt(0);
    if (magic != MAGIC) {
      throw new SquashfsFormatException(
          String.format("not a SquashFS image: magic 0x%08x at offset 0", magic));
    }
    int major = Short.toUnsignedInt(b.getShort(28));
    int minor = Short.toUnsignedInt(b.getShort(30));
    if (major != 4 || minor != 0) {
      throw new SquashfsFormatException(
          "unsupported SquashFS version " + major + "." + minor + " (only 4.0 is supported)");
    }
    int blockSize = b.getInt(12);
    int blockLog = Short.toUnsignedInt(b.getShort(22));
    if (blockSize < MIN_BLOCK_SIZE
        || blockSize > MAX_BLOCK_SIZE
        || Integer.bitCount(blockSize) != 1) {
      throw new SquashfsFormatException(
          "superblock: block size "
              + Integer.toUnsignedString(blockSize)
              + " is not a power of two"
              + " from 4096 to 1048576");
    }
    if (blockLog > 20 || 1 << blockLog != blockSize) {
      throw new SquashfsFormatException(
          "superblock: block_log " + blockLog + " does not match block size " + blockSize);
    }
    return new Superblock(
        Integer.toUnsignedLong(b.getInt(4)),
        Integer.toUnsignedLong(b.getInt(8)),
        blockSize,
        Integer.toUnsignedLong(b.getInt(16)),
        Short.toUnsignedInt(b.getShort(20)),
        blockLog,
        Short.toUnsignedInt(b.getShort(24)),
        Short.toUnsignedInt(b.getShort(26)),
        b.getLong(32),
        b.getLong(40),
        b.getLong(48),
        b.getLong(56),
        b.getLong(64),
        b.getLong(72),
        b.getLong(80),
        b.getLong(88));
  }

  /** Writes the 96 bytes of this superblock at the buffer's position. */
  public void encodeTo(ByteBuffer buffer) {
    ByteBuffer b = buffer.order(ByteOrder.LITTLE_ENDIAN);
    b.putInt(MAGIC);
    b.putInt((int) inodeCount);
    b.putInt((int) modificationTime);
    b.putInt(blockSize);
    b.putInt((int) fragmentCount);
    b.putShort((short) compressionId);
    b.putShort((short) blockLog);
    b.putShort((short) flags);
    b.putShort((short) idCount);
    b.putShort((short) 4);
    b.putShort((short) 0);
    b.putLong(rootInodeRef);
    b.putLong(bytesUsed);
    b.putLong(idTableStart);
    b.putLong(xattrIdTableStart);
    b.putLong(inodeTableStart);
    b.putLong(directoryTableStart);
    b.putLong(fragmentTableStart);
    b.putLong(exportTableStart);
  }

  public boolean hasFlag(int flag) {
    return (flags & flag) != 0;
  }

  public boolean hasFragmentTable() {
    return fragmentCount > 0 && fragmentTableStart != NO_TABLE;
  }

  public boolean hasExportTable() {
    return exportTableStart != NO_TABLE;
  }

  public boolean hasXattrTable() {
    return xattrIdTableStart != NO_TABLE;
  }

  /**
   * Checks every table offset against the image: each must lie inside {@code bytes_used}, which
   * must fit in the {@code available} bytes of the source, and the inode and directory tables must
   * come in their fixed order.
   */
  public void validateLayout(long available) throws SquashfsFormatException {
    if (bytesUsed < SIZE || bytesUsed > available) {
      throw new SquashfsFormatException(
          "superblock: bytes_used "
              + Long.toUnsignedString(bytesUsed)
              + " outside the image of "
              + available
              + " bytes (truncated image?)");
    }
    requireInside("inode table", inodeTableStart);
    requireInside("directory table", directoryTableStart);
    requireInside("id table", idTableStart);
    if (hasFragmentTable()) {
      requireInside("fragment table", fragmentTableStart);
    }
    if (hasExportTable()) {
      requireInside("export table", exportTableStart);
    }
    if (hasXattrTable()) {
      requireInside("xattr id table", xattrIdTableStart);
    }
    if (inodeTableStart >= directoryTableStart) {
      throw new SquashfsFormatException(
          "superblock: inode table at "
              + inodeTableStart
              + " does not precede the directory table at "
              + directoryTableStart);
    }
    if (idCount == 0) {
      throw new SquashfsFormatException("superblock: id table is empty");
    }
    if (inodeCount == 0) {
      throw new SquashfsFormatException("superblock: inode count is 0");
    }
    long rootBlock = MetadataRef.block(rootInodeRef);
    if (rootBlock >= directoryTableStart - inodeTableStart
        || MetadataRef.offset(rootInodeRef) >= MetadataBlock.MAX_SIZE) {
      throw new SquashfsFormatException(
          "superblock: root inode reference 0x"
              + Long.toHexString(rootInodeRef)
              + " outside the inode table");
    }
  }

  private void requireInside(String table, long start) throws SquashfsFormatException {
    if (start < SIZE || Long.compareUnsigned(start, bytesUsed) >= 0) {
      throw new SquashfsFormatException(
          "superblock: "
              + table
              + " offset "
              + Long.toUnsignedString(start)
              + " outside the image (bytes_used "
              + bytesUsed
              + ")");
    }
  }
}
