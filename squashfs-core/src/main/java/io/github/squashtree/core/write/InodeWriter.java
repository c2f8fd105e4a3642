package io.github.squashtree.core.write;

import io.github.squashtree.core.internal.format.DeviceInode;
import io.github.squashtree.core.internal.format.DirectoryIndex;
import io.github.squashtree.core.internal.format.DirectoryInode;
import io.github.squashtree.core.internal.format.FileInode;
import io.github.squashtree.core.internal.format.Inode;
import io.github.squashtree.core.internal.format.InodeHeader;
import io.github.squashtree.core.internal.format.InodeType;
import io.github.squashtree.core.internal.format.IpcInode;
import io.github.squashtree.core.internal.format.SymlinkInode;
import io.github.squashtree.core.tree.Metadata;
import io.github.squashtree.core.tree.Names;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * Encodes inodes into the inode table, choosing the basic or extended form as mksquashfs does:
 * extended only when a field does not fit the basic form (xattrs, hard links, sizes or offsets
 * beyond 32 bits, sparse files, large or indexed directories).
 */
final class InodeWriter {
  private static final long U32 = 0xFFFFFFFFL;

  private final MetadataWriter table;
  private final IdTableBuilder ids;
  private final XattrTableBuilder xattrs;
  private final WriterOptions options;

  InodeWriter(
      MetadataWriter table, IdTableBuilder ids, XattrTableBuilder xattrs, WriterOptions options) {
    this.table = table;
    this.ids = ids;
    this.xattrs = xattrs;
    this.options = options;
  }

  private InodeHeader header(Node node, boolean extended, String path) throws IOException {
    Metadata m = node.metadata;
    long uid = options.allRoot() ? 0 : m.uid();
    long gid = options.allRoot() ? 0 : m.gid();
    long mtime =
        options.allTime().isPresent()
            ? options.allTime().getAsLong()
            : Math.max(
                0,
                Math.min(
                    options.clampTime().orElse(U32), Math.min(U32, m.mtime().getEpochSecond())));
    return new InodeHeader(
        InodeType.of(m.type(), extended),
        m.permissions(),
        ids.indexOf(uid),
        ids.indexOf(gid),
        mtime,
        node.inodeNumber);
  }

  private long xattrIndex(Node node, String path) throws IOException {
    return options.xattrs() ? xattrs.indexOf(path, node.metadata.xattrs()) : Inode.NONE;
  }

  /** Writes the inode of a non-directory; records and returns its reference. */
  long write(Node node, String path) throws IOException {
    long xattr = xattrIndex(node, path);
    boolean hasXattr = xattr != Inode.NONE;
    Metadata m = node.metadata;
    ByteBuffer b;
    switch (m.type()) {
      case FILE -> {
        FileData d = node.data;
        boolean ext =
            hasXattr
                || node.names > 1
                || d.size > U32
                || d.blocksStart() > U32
                || d.sparseBytes > 0;
        int[] words = d.blockWords();
        // A file that is all holes says size - 1 bytes saved, as mksquashfs writes it: a reader
        // counting the file's blocks as ((size - sparse - 1) >> 9) + 1 (older kernels) would
        // underflow on sparse == size.
        long sparse = d.sparseBytes >= d.size && d.sparseBytes > 0 ? d.size - 1 : d.sparseBytes;
        FileInode inode =
            new FileInode(
                header(node, ext, path),
                d.blocksStart(),
                d.size,
                sparse,
                node.names,
                d.fragmentIndex,
                d.fragmentOffset,
                xattr,
                words);
        b = table.scratch(FileInode.EXTENDED_SIZE + 16 + 4 * words.length);
        inode.encodeTo(b);
      }
      case SYMLINK -> {
        byte[] target = Names.encode(m.symlinkTarget());
        b = table.scratch(InodeHeader.SIZE + 12 + target.length);
        new SymlinkInode(header(node, hasXattr, path), node.names, target, xattr).encodeTo(b);
      }
      case BLOCK_DEVICE, CHAR_DEVICE -> {
        b = table.scratch(InodeHeader.SIZE + DeviceInode.EXTENDED_SIZE);
        new DeviceInode(
                header(node, hasXattr, path),
                node.names,
                DeviceInode.encodeDevice(m.rdevMajor(), m.rdevMinor()),
                xattr)
            .encodeTo(b);
      }
      case FIFO, SOCKET -> {
        b = table.scratch(InodeHeader.SIZE + IpcInode.EXTENDED_SIZE);
        new IpcInode(header(node, hasXattr, path), node.names, xattr).encodeTo(b);
      }
      default -> throw new IllegalArgumentException("not a leaf: " + path);
    }
    node.inodeRef = table.reference();
    table.add(b);
    return node.inodeRef;
  }

  /** Writes a directory inode for a listing already in the directory table. */
  long writeDirectory(Node node, String path, DirectoryListing listing, long parentNumber)
      throws IOException {
    long xattr = xattrIndex(node, path);
    long size = listing.size() + DirectoryInode.SIZE_BIAS;
    boolean ext =
        xattr != Inode.NONE || size > 0xFFFF || !listing.index().isEmpty() || listing.block() > U32;
    long subdirectories = node.children.stream().filter(Node::isDirectory).count();
    List<DirectoryIndex> index = ext ? listing.index() : List.of();
    DirectoryInode inode =
        new DirectoryInode(
            header(node, ext, path),
            listing.block(),
            2 + subdirectories,
            size,
            listing.offset(),
            parentNumber,
            xattr,
            index);
    int indexBytes = index.stream().mapToInt(DirectoryIndex::encodedSize).sum();
    ByteBuffer b = table.scratch(InodeHeader.SIZE + DirectoryInode.EXTENDED_SIZE + indexBytes);
    inode.encodeTo(b);
    node.inodeRef = table.reference();
    table.add(b);
    return node.inodeRef;
  }
}
