package io.github.squashtree.core.internal.host;

import io.github.squashtree.core.tree.EntryType;
import java.time.Instant;
import java.util.Objects;

/**
 * The fields of {@code struct stat} that trees need, as {@code lstat(2)} reports them.
 *
 * @param dev the device holding the object ({@code st_dev})
 * @param ino the inode number ({@code st_ino})
 * @param mode type and permission bits ({@code st_mode})
 * @param nlink the link count
 * @param uid numeric owner, unsigned
 * @param gid numeric group, unsigned
 * @param rdev the device a block or character device node stands for, otherwise 0
 * @param size length in bytes (for a symlink: the length of its target)
 * @param mtime modification time with nanoseconds
 * @param ctime status change time with nanoseconds: any write, chmod, chown, rename or utimes of
 *     the object moves it, so a file whose ctime is the same was not changed in between
 */
public record HostStat(
    long dev,
    long ino,
    int mode,
    long nlink,
    long uid,
    long gid,
    long rdev,
    long size,
    Instant mtime,
    Instant ctime) {

  public HostStat {
    Objects.requireNonNull(mtime, "mtime");
    Objects.requireNonNull(ctime, "ctime");
  }

  /** The kind of object, from the {@code S_IFMT} bits of {@link #mode()}. */
  public EntryType type() {
    int format = mode & 0170000;
    for (EntryType t : EntryType.values()) {
      if (t.modeBits() == format) {
        return t;
      }
    }
    // Linux knows no other file types; a value here means the caller built a bad record.
    throw new IllegalStateException("unknown file type in mode " + Integer.toOctalString(mode));
  }

  /** Permission bits including setuid, setgid and sticky ({@code mode & 07777}). */
  public int permissions() {
    return mode & 07777;
  }

  /** The major number of {@link #rdev()}. */
  public int rdevMajor() {
    return HostFileSystem.major(rdev);
  }

  /** The minor number of {@link #rdev()}. */
  public int rdevMinor() {
    return HostFileSystem.minor(rdev);
  }
}
