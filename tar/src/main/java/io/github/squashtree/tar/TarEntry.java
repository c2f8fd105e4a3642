package io.github.squashtree.tar;

import java.util.SortedMap;

/**
 * One member of a tar archive as the archive describes it, every field decoded and in range; its
 * name is not yet checked as a path ({@link ArchivePaths} does that).
 *
 * @param name the member's name, raw bytes
 * @param kind what the member is
 * @param permissions mode bits {@code 07777}
 * @param uid owner, 0..2^32-1
 * @param gid group, 0..2^32-1
 * @param mtimeSeconds modification time, seconds since the epoch (may be negative)
 * @param mtimeNanos its nanoseconds, 0..999,999,999
 * @param size a regular file's length (a sparse file's whole length); 0 for the rest
 * @param link a symlink's target or a hard link's target member name (raw bytes), else null
 * @param devMajor a device's major number
 * @param devMinor a device's minor number
 * @param xattrs extended attributes by name ({@link io.github.squashtree.core.tree.Names} form)
 * @param offset where the member's first header starts in the (uncompressed) archive
 */
record TarEntry(
    byte[] name,
    Kind kind,
    int permissions,
    long uid,
    long gid,
    long mtimeSeconds,
    int mtimeNanos,
    long size,
    byte[] link,
    int devMajor,
    int devMinor,
    SortedMap<String, byte[]> xattrs,
    long offset) {

  /** The kinds of members a tree can hold. */
  enum Kind {
    FILE,
    DIRECTORY,
    SYMLINK,
    HARD_LINK,
    CHAR_DEVICE,
    BLOCK_DEVICE,
    FIFO
  }

  /** The name for messages: printable, other bytes as \xHH. */
  String printableName() {
    return TarNumbers.printable(name, 0, name.length);
  }
}
