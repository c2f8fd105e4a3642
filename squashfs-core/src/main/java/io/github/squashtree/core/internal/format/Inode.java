package io.github.squashtree.core.internal.format;

import io.github.squashtree.core.tree.EntryType;

/** An inode of any type, as decoded from the inode table. */
public sealed interface Inode
    permits DirectoryInode, FileInode, SymlinkInode, DeviceInode, IpcInode {

  /** The value of an xattr index or fragment index that refers to nothing. */
  long NONE = 0xFFFFFFFFL;

  InodeHeader header();

  /** The hard-link count as stored (for directories, 2 + subdirectories as mksquashfs writes). */
  long nlink();

  /** The index into the xattr id table, or {@link #NONE}. */
  long xattrIndex();

  default boolean extended() {
    return InodeType.isExtended(header().type());
  }

  default long inodeNumber() {
    return header().inodeNumber();
  }

  default boolean hasXattrs() {
    return xattrIndex() != NONE;
  }

  EntryType entryType();
}
