package io.github.squashtree.core.internal.nio;

import io.github.squashtree.core.tree.EntryType;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.UserPrincipal;
import java.util.EnumSet;
import java.util.Set;

/**
 * The attributes of one node at the moment they were read, with the values the kernel's squashfs
 * gives {@code stat}: a single time (mtime, which is also atime, ctime and creation time), the
 * directory size the image stores, the image's inode number.
 *
 * @param type the kind of object
 * @param permissionBits {@code 07777} bits
 * @param size file length, symlink target length, the stored size of a directory listing
 * @param mtime whole seconds since the epoch (an image stores no finer time)
 * @param rdev {@code st_rdev} as glibc encodes a device number
 */
record NodeAttributes(
    EntryType type,
    int permissionBits,
    long uid,
    long gid,
    long mtime,
    long size,
    long dev,
    long ino,
    long nlink,
    long rdev)
    implements PosixFileAttributes {

  private static final PosixFilePermission[] BITS = {
    PosixFilePermission.OTHERS_EXECUTE,
    PosixFilePermission.OTHERS_WRITE,
    PosixFilePermission.OTHERS_READ,
    PosixFilePermission.GROUP_EXECUTE,
    PosixFilePermission.GROUP_WRITE,
    PosixFilePermission.GROUP_READ,
    PosixFilePermission.OWNER_EXECUTE,
    PosixFilePermission.OWNER_WRITE,
    PosixFilePermission.OWNER_READ
  };

  /** {@code st_rdev} of a device: glibc's {@code makedev}, so values match the default provider. */
  static long makedev(long major, long minor) {
    return ((major & 0xFFFFF000L) << 32)
        | ((major & 0xFFFL) << 8)
        | ((minor & 0xFFFFFF00L) << 12)
        | (minor & 0xFFL);
  }

  /** {@code st_mode}: type and permission bits. */
  int mode() {
    return type.modeBits() | permissionBits;
  }

  FileTime time() {
    return FileTime.fromMillis(mtime * 1000);
  }

  static Set<PosixFilePermission> permissionSet(int bits) {
    Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
    for (int i = 0; i < BITS.length; i++) {
      if ((bits & (1 << i)) != 0) {
        set.add(BITS[i]);
      }
    }
    return set;
  }

  static int permissionBits(Set<PosixFilePermission> set) {
    int bits = 0;
    for (int i = 0; i < BITS.length; i++) {
      if (set.contains(BITS[i])) {
        bits |= 1 << i;
      }
    }
    return bits;
  }

  @Override
  public FileTime lastModifiedTime() {
    return time();
  }

  @Override
  public FileTime lastAccessTime() {
    return time();
  }

  @Override
  public FileTime creationTime() {
    return time();
  }

  @Override
  public boolean isRegularFile() {
    return type == EntryType.FILE;
  }

  @Override
  public boolean isDirectory() {
    return type == EntryType.DIRECTORY;
  }

  @Override
  public boolean isSymbolicLink() {
    return type == EntryType.SYMLINK;
  }

  @Override
  public boolean isOther() {
    return !isRegularFile() && !isDirectory() && !isSymbolicLink();
  }

  @Override
  public Object fileKey() {
    return new FileKey(dev, ino);
  }

  @Override
  public UserPrincipal owner() {
    return Principals.user(uid);
  }

  @Override
  public GroupPrincipal group() {
    return Principals.group(gid);
  }

  @Override
  public Set<PosixFilePermission> permissions() {
    return permissionSet(permissionBits);
  }
}
