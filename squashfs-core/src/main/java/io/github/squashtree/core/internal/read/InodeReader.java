package io.github.squashtree.core.internal.read;

import io.github.squashtree.core.SquashfsFormatException;
import io.github.squashtree.core.internal.format.DeviceInode;
import io.github.squashtree.core.internal.format.DirectoryIndex;
import io.github.squashtree.core.internal.format.DirectoryInode;
import io.github.squashtree.core.internal.format.FileInode;
import io.github.squashtree.core.internal.format.Inode;
import io.github.squashtree.core.internal.format.InodeHeader;
import io.github.squashtree.core.internal.format.InodeType;
import io.github.squashtree.core.internal.format.IpcInode;
import io.github.squashtree.core.internal.format.MetadataRef;
import io.github.squashtree.core.internal.format.SymlinkInode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Decodes inodes from the inode table by reference, validating each field before use. */
final class InodeReader {
  private static final int BLOCK_LIST_CHUNK = 2048;

  private final BlockReader blocks;
  private final long tableStart;
  private final long tableEnd;
  private final long inodeCount;

  InodeReader(BlockReader blocks, long tableStart, long tableEnd, long inodeCount) {
    this.blocks = blocks;
    this.tableStart = tableStart;
    this.tableEnd = tableEnd;
    this.inodeCount = inodeCount;
  }

  Inode read(long ref) throws IOException {
    long block = MetadataRef.block(ref);
    if (block >= tableEnd - tableStart) {
      throw new SquashfsFormatException(
          "inode reference " + MetadataRef.toString(ref) + " outside the inode table");
    }
    MetadataCursor in =
        new MetadataCursor(
            blocks, tableStart + block, MetadataRef.offset(ref), tableEnd, "inode table");
    try {
      return decode(in);
    } catch (SquashfsFormatException e) {
      throw new SquashfsFormatException(
          "inode " + MetadataRef.toString(ref) + ": " + e.getMessage(), e);
    }
  }

  private Inode decode(MetadataCursor in) throws IOException {
    InodeHeader h = InodeHeader.decode(in.read(InodeHeader.SIZE));
    if (h.inodeNumber() < 1 || h.inodeNumber() > inodeCount) {
      throw new SquashfsFormatException(
          "inode number " + h.inodeNumber() + " outside 1.." + inodeCount);
    }
    int type = h.type();
    boolean ext = InodeType.isExtended(type);
    return switch (InodeType.basic(type)) {
      case InodeType.DIRECTORY -> ext ? extendedDirectory(h, in) : basicDirectory(h, in);
      case InodeType.FILE -> file(h, in, ext);
      case InodeType.SYMLINK -> symlink(h, in, ext);
      case InodeType.BLOCK_DEVICE, InodeType.CHAR_DEVICE ->
          DeviceInode.decode(h, in.read(ext ? DeviceInode.EXTENDED_SIZE : DeviceInode.BASIC_SIZE));
      default -> IpcInode.decode(h, in.read(ext ? IpcInode.EXTENDED_SIZE : IpcInode.BASIC_SIZE));
    };
  }

  private static DirectoryInode basicDirectory(InodeHeader h, MetadataCursor in)
      throws IOException {
    return checkDirectory(DirectoryInode.decodeBasic(h, in.read(DirectoryInode.BASIC_SIZE)));
  }

  private static DirectoryInode extendedDirectory(InodeHeader h, MetadataCursor in)
      throws IOException {
    ByteBuffer fixed = in.read(DirectoryInode.EXTENDED_SIZE);
    int indexCount = DirectoryInode.indexCount(fixed);
    DirectoryInode dir = checkDirectory(DirectoryInode.decodeExtended(h, fixed));
    if (indexCount == 0) {
      return dir;
    }
    // Each index entry takes at least 13 bytes; the cursor stops at the table's end anyway.
    List<DirectoryIndex> index = new ArrayList<>(Math.min(indexCount, 256));
    long previous = -1;
    for (int i = 0; i < indexCount; i++) {
      ByteBuffer f = in.read(DirectoryIndex.FIXED_SIZE);
      int nameSize = DirectoryIndex.nameSize(f);
      DirectoryIndex entry = DirectoryIndex.decode(f, in.readBytes(nameSize));
      if (entry.index() <= previous || entry.index() >= dir.listingSize()) {
        throw new SquashfsFormatException(
            "directory index entry "
                + i
                + " points at "
                + entry.index()
                + ", not increasing inside the listing of "
                + dir.listingSize()
                + " bytes");
      }
      previous = entry.index();
      index.add(entry);
    }
    return dir.withIndex(index);
  }

  private static DirectoryInode checkDirectory(DirectoryInode dir) throws SquashfsFormatException {
    if (dir.blockOffset() >= 8192) {
      throw new SquashfsFormatException("directory block offset " + dir.blockOffset() + " >= 8192");
    }
    if (dir.fileSize() < DirectoryInode.SIZE_BIAS) {
      throw new SquashfsFormatException("directory size " + dir.fileSize() + " below 3");
    }
    return dir;
  }

  private FileInode file(InodeHeader h, MetadataCursor in, boolean ext) throws IOException {
    FileInode file =
        ext
            ? FileInode.decodeExtended(h, in.read(FileInode.EXTENDED_SIZE))
            : FileInode.decodeBasic(h, in.read(FileInode.BASIC_SIZE));
    int blockSize = blocks.blockSize();
    if (file.fileSize() < 0) {
      throw new SquashfsFormatException(
          "file size " + Long.toUnsignedString(file.fileSize()) + " exceeds 2^63");
    }
    if (file.hasFragment() && (file.fragmentOffset() < 0 || file.fragmentOffset() >= blockSize)) {
      throw new SquashfsFormatException(
          "fragment offset "
              + Integer.toUnsignedString(file.fragmentOffset())
              + " outside a block of "
              + blockSize);
    }
    if (file.blocksStart() < 0 || file.blocksStart() > blocks.imageEnd()) {
      throw new SquashfsFormatException(
          "data starts at " + Long.toUnsignedString(file.blocksStart()) + ", outside the image");
    }
    long count = file.blockCount(blockSize);
    return file.withBlockSizes(readBlockList(in, count));
  }

  /**
   * Reads the block list in chunks, so memory grows only with bytes really decoded: an inode that
   * claims a 2^60-byte file fails at the end of the inode table, not in an allocation.
   */
  private static int[] readBlockList(MetadataCursor in, long count) throws IOException {
    if (count > Integer.MAX_VALUE - 8 || count * 4 > in.remainingBound()) {
      throw new SquashfsFormatException(
          "block list of " + count + " entries is longer than the inode table");
    }
    int n = (int) count;
    int[] sizes = new int[Math.min(n, BLOCK_LIST_CHUNK)];
    int done = 0;
    while (done < n) {
      int chunk = Math.min(n - done, BLOCK_LIST_CHUNK);
      if (sizes.length < done + chunk) {
        sizes = Arrays.copyOf(sizes, Math.min(n, Math.max(done + chunk, sizes.length * 2)));
      }
      ByteBuffer b = in.read(chunk * 4);
      for (int i = 0; i < chunk; i++) {
        sizes[done + i] = b.getInt();
      }
      done += chunk;
    }
    return sizes;
  }

  private static SymlinkInode symlink(InodeHeader h, MetadataCursor in, boolean ext)
      throws IOException {
    ByteBuffer fixed = in.read(SymlinkInode.FIXED_SIZE);
    long size = SymlinkInode.targetSize(fixed);
    if (size < 1 || size > SymlinkInode.MAX_TARGET) {
      throw new SquashfsFormatException(
          "symlink target of " + size + " bytes (1 to " + SymlinkInode.MAX_TARGET + ")");
    }
    byte[] target = in.readBytes((int) size);
    for (byte b : target) {
      if (b == 0) {
        throw new SquashfsFormatException("symlink target holds a NUL byte");
      }
    }
    long xattr = ext ? Integer.toUnsignedLong(in.read(4).getInt()) : Inode.NONE;
    return SymlinkInode.decode(h, fixed, target, xattr);
  }
}
