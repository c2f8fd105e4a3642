package io.github.squashtree.core.internal.nio;

/**
 * What {@code BasicFileAttributes.fileKey()} returns: the file system's device number and the inode
 * number, equal exactly for the names of one object (hard links), as the default provider's key is.
 */
record FileKey(long dev, long ino) {
  @Override
  public String toString() {
    return "(dev=" + Long.toHexString(dev) + ",ino=" + ino + ")";
  }
}
