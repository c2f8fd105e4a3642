package io.github.squashtree.core.tree;

import java.time.Instant;
import java.util.Arrays;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What a tree knows about one entry, independent of where it came from.
 *
 * @param type the kind of object
 * @param permissions permission bits including setuid, setgid and sticky ({@code 07777})
 * @param uid numeric owner
 * @param gid numeric group
 * @param mtime modification time, at the precision of the tree that produced it
 * @param size content length for files, target length for symlinks, 0 otherwise
 * @param symlinkTarget the link target for symlinks, otherwise {@code null}
 * @param rdevMajor device major number for block and character devices, otherwise 0
 * @param rdevMinor device minor number for block and character devices, otherwise 0
 * @param xattrs extended attributes by full name ("user.x", "security.capability"), sorted
 * @param nlink link count as the source reports it
 * @param linkKey identifies the underlying object within its tree: entries with the same key are
 *     hard links of each other (an inode number, or a device and inode pair folded into a long)
 */
public record Metadata(
    EntryType type,
    int permissions,
    long uid,
    long gid,
    Instant mtime,
    long size,
    String symlinkTarget,
    int rdevMajor,
    int rdevMinor,
    SortedMap<String, byte[]> xattrs,
    long nlink,
    long linkKey) {

  /**
   * Checks the type's invariants and keeps an unmodifiable copy of the xattrs.
   *
   * @param type the kind of object
   * @param permissions permission bits including setuid, setgid and sticky ({@code 07777})
   * @param uid numeric owner
   * @param gid numeric group
   * @param mtime modification time, at the precision of the tree that produced it
   * @param size content length for files, target length for symlinks, 0 otherwise
   * @param symlinkTarget the link target for symlinks, otherwise {@code null}
   * @param rdevMajor device major number for block and character devices, otherwise 0
   * @param rdevMinor device minor number for block and character devices, otherwise 0
   * @param xattrs extended attributes by full name ("user.x", "security.capability"), sorted
   * @param nlink link count as the source reports it
   * @param linkKey identifies the underlying object within its tree: entries with the same key are
   *     hard links of each other (an inode number, or a device and inode pair folded into a long)
   */
  public Metadata {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(mtime, "mtime");
    if ((permissions & ~07777) != 0) {
      throw new IllegalArgumentException(
          "permission bits out of range: " + Integer.toOctalString(permissions));
    }
    if ((type == EntryType.SYMLINK) != (symlinkTarget != null)) {
      throw new IllegalArgumentException("symlinkTarget must be set exactly for symlinks");
    }
    if (xattrs == null || xattrs.isEmpty()) {
      xattrs = NO_XATTRS; // most entries have none: one shared empty map, not one each
    } else {
      TreeMap<String, byte[]> copy = new TreeMap<>();
      xattrs.forEach((k, v) -> copy.put(k, v.clone()));
      xattrs = Collections.unmodifiableSortedMap(copy);
    }
  }

  private static final SortedMap<String, byte[]> NO_XATTRS =
      Collections.unmodifiableSortedMap(new TreeMap<>());

  /**
   * The same metadata with other extended attributes.
   *
   * @param other the extended attributes
   * @return the new metadata
   */
  public Metadata withXattrs(SortedMap<String, byte[]> other) {
    return new Metadata(
        type,
        permissions,
        uid,
        gid,
        mtime,
        size,
        symlinkTarget,
        rdevMajor,
        rdevMinor,
        other,
        nlink,
        linkKey);
  }

  /**
   * The same metadata with another link count (e.g. the names a source gives an inode).
   *
   * @param links the link count
   * @return the new metadata
   */
  public Metadata withNlink(long links) {
    return new Metadata(
        type,
        permissions,
        uid,
        gid,
        mtime,
        size,
        symlinkTarget,
        rdevMajor,
        rdevMinor,
        xattrs,
        links,
        linkKey);
  }

  /**
   * The same metadata with another link key (e.g. one that tells layers apart).
   *
   * @param key the link key
   * @return the new metadata
   */
  public Metadata withLinkKey(long key) {
    return new Metadata(
        type,
        permissions,
        uid,
        gid,
        mtime,
        size,
        symlinkTarget,
        rdevMajor,
        rdevMinor,
        xattrs,
        nlink,
        key);
  }

  /**
   * {@code st_mode}: type bits and permission bits.
   *
   * @return {@code st_mode}
   */
  public int mode() {
    return type.modeBits() | permissions;
  }

  /** Equality by value, xattr contents included (records compare arrays by identity). */
  @Override
  public boolean equals(Object o) {
    return o instanceof Metadata m
        && type == m.type
        && permissions == m.permissions
        && uid == m.uid
        && gid == m.gid
        && mtime.equals(m.mtime)
        && size == m.size
        && Objects.equals(symlinkTarget, m.symlinkTarget)
        && rdevMajor == m.rdevMajor
        && rdevMinor == m.rdevMinor
        && nlink == m.nlink
        && linkKey == m.linkKey
        && sameXattrs(m);
  }

  @Override
  public int hashCode() {
    return Objects.hash(type, permissions, uid, gid, mtime, size, symlinkTarget, linkKey);
  }

  /**
   * Whether both hold the same extended attributes with the same values.
   *
   * @param other the other metadata
   * @return whether the xattrs are equal
   */
  public boolean sameXattrs(Metadata other) {
    if (!xattrs.keySet().equals(other.xattrs.keySet())) {
      return false;
    }
    for (Map.Entry<String, byte[]> e : xattrs.entrySet()) {
      if (!Arrays.equals(e.getValue(), other.xattrs.get(e.getKey()))) {
        return false;
      }
    }
    return true;
  }
}
