package io.github.squashtree.core.internal.host;

import io.github.squashtree.core.tree.EntryType;
import io.github.squashtree.core.tree.Names;
import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;

/**
 * Linux file-system operations that {@code java.nio.file} cannot do: every extended attribute
 * namespace, device nodes and fifos, owners and nanosecond times of symlinks.
 *
 * <p>{@link #get()} returns an implementation that calls libc through JNA when JNA is on the class
 * path (Linux on x86_64 or aarch64), and otherwise one built on NIO alone, which says through
 * {@link #limitation()} what it cannot do. No operation follows a symlink in the last component of
 * its path. Failures are {@link FileSystemException}s naming the path and the system's error text;
 * {@link UnsupportedHostOperationException} when this host cannot do the operation at all.
 *
 * <p>Instances are stateless and safe for use by several threads at once.
 */
public abstract sealed class HostFileSystem permits LibcHostFileSystem, NioHostFileSystem {

  /** The largest attribute value and name list Linux allows ({@code XATTR_SIZE_MAX}). */
  static final int XATTR_MAX = 65536;

  HostFileSystem() {}

  /** The implementation for this JVM, chosen once: libc through JNA if possible, else NIO. */
  public static HostFileSystem get() {
    return Holder.INSTANCE;
  }

  private static final class Holder {
    static final HostFileSystem INSTANCE = create();
  }

  static HostFileSystem create() {
    String os = System.getProperty("os.name", "");
    String arch = System.getProperty("os.arch", "");
    if (!os.equals("Linux")) {
      return new NioHostFileSystem("not Linux (" + os + ")");
    }
    if (!(arch.equals("amd64") || arch.equals("x86_64") || arch.equals("aarch64"))) {
      return new NioHostFileSystem("architecture " + arch + " not supported through JNA");
    }
    try {
      Class.forName("com.sun.jna.Native", false, HostFileSystem.class.getClassLoader());
    } catch (ClassNotFoundException e) {
      return new NioHostFileSystem("JNA not available");
    }
    try {
      return LibcHostFileSystem.load();
    } catch (LinkageError | RuntimeException e) {
      return new NioHostFileSystem("JNA could not bind libc (" + e + ")");
    }
  }

  /**
   * The extended attributes of {@code p} in the {@code user.}, {@code trusted.} and {@code
   * security.} namespaces, sorted by name; {@code system.*} (ACLs and the like) is left out. Empty
   * when the file system does not support extended attributes. {@code trusted.*} is visible only to
   * privileged processes.
   */
  public abstract SortedMap<String, byte[]> getXattrs(Path p) throws IOException;

  /** Sets one extended attribute of {@code p} itself (not of a symlink's target). */
  public abstract void setXattr(Path p, String name, byte[] value) throws IOException;

  /** Removes one extended attribute of {@code p} itself. */
  public abstract void removeXattr(Path p, String name) throws IOException;

  /**
   * Whether attributes named like {@code name} can be set on {@code p} (a file this process may
   * change): asks by removing {@code name}, which must not exist, so nothing changes either way. A
   * file system that refuses the name outright (overlayfs before Linux 6.7 for its own {@code
   * trusted.overlay.*}) answers "not supported", one that allows it "no such attribute".
   */
  public boolean canSetXattr(Path p, String name) {
    return false;
  }

  /**
   * Creates a special file: a block or character device, a fifo or a socket (major and minor are
   * ignored for the last two). {@code permissions} ({@code 07777}) are applied exactly, whatever
   * the umask. Device nodes need privileges, and Linux takes majors below 4096 and minors below
   * 2^20 (larger ones fail with "Invalid argument").
   *
   * @throws IllegalArgumentException for files, directories and symlinks
   */
  public abstract void mknod(Path p, EntryType type, int permissions, int major, int minor)
      throws IOException;

  /**
   * Creates the symlink {@code link} whose target is the bytes {@code target} stands for ({@link
   * Names}: bytes that are not UTF-8 included, and a doubled or trailing '/', which a {@link Path}
   * would drop). Returns whether the link holds them exactly; without libc a target Java cannot
   * make is created as the nearest path it can (U+FFFD for other bytes, slashes normalized) and
   * this returns false.
   *
   * @throws IllegalArgumentException for an empty target or one holding NUL, which Linux refuses
   */
  public abstract boolean symlink(Path link, String target) throws IOException;

  /**
   * The target of the symlink {@code p} as the bytes it holds ({@link Names}).
   *
   * @throws UnsupportedHostOperationException without libc, for a target Java reads as another path
   *     (bytes that are not in the JVM's file-name charset, a doubled or trailing '/')
   */
  public abstract String readSymlink(Path p) throws IOException;

  /**
   * Sets the permission bits ({@code 07777}) of {@code p}, which must not be a symlink, by path:
   * the JDK's own no-follow chmod opens the node first, which blocks forever on a fifo.
   */
  public abstract void chmod(Path p, int permissions) throws IOException;

  /** Sets the numeric owner and group of {@code p} itself; each is 0 to 2^32 - 2. */
  public abstract void lchown(Path p, long uid, long gid) throws IOException;

  /**
   * Sets the modification time of {@code p} itself, symlinks included, to the nanosecond where the
   * file system allows. The access time is set to the same instant, as unsquashfs and tar do, so an
   * extracted tree does not depend on when it was extracted.
   */
  public abstract void setTimes(Path p, Instant mtime) throws IOException;

  /**
   * Opens the directory {@code dir} to work below it ({@link HostDirectory}); a symlink in its last
   * component is refused, the components above it are the caller's choice and followed.
   */
  public abstract HostDirectory openDirectory(Path dir) throws IOException;

  /**
   * Whether writes below a {@link HostDirectory} are relative to open descriptors, so that no
   * directory swapped for a symlink by another user during a run is ever followed; false for the
   * NIO fallback, which works by path (see {@link #limitation()}).
   */
  public abstract boolean raceFree();

  /** Whether the process runs with effective uid 0. */
  public abstract boolean isPrivileged();

  /** What this implementation cannot do here, if anything, in one sentence for users. */
  public abstract Optional<String> limitation();

  private static final String STAT_ATTRIBUTES =
      "unix:dev,ino,mode,nlink,uid,gid,rdev,size,lastModifiedTime,ctime";

  /**
   * The status of {@code p} itself ({@code lstat(2)}), read through NIO's {@code unix} view, so it
   * needs no JNA; the libc implementation asks {@code statx(2)} directly, a fifth cheaper.
   */
  public HostStat lstat(Path p) throws IOException {
    // Named attributes only: "unix:*" also resolves owner and group names, a user database
    // lookup per file that made walking a tree several times slower.
    Map<String, Object> a = Files.readAttributes(p, STAT_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
    return new HostStat(
        (Long) a.get("dev"),
        (Long) a.get("ino"),
        (Integer) a.get("mode"),
        Integer.toUnsignedLong((Integer) a.get("nlink")),
        Integer.toUnsignedLong((Integer) a.get("uid")),
        Integer.toUnsignedLong((Integer) a.get("gid")),
        (Long) a.get("rdev"),
        (Long) a.get("size"),
        ((FileTime) a.get("lastModifiedTime")).toInstant(),
        ((FileTime) a.get("ctime")).toInstant());
  }

  /** The major number of a Linux {@code dev_t} (glibc's {@code gnu_dev_major}). */
  public static int major(long rdev) {
    return (int) (((rdev >>> 8) & 0xfff) | ((rdev >>> 32) & ~0xfffL));
  }

  /** The minor number of a Linux {@code dev_t} (glibc's {@code gnu_dev_minor}). */
  public static int minor(long rdev) {
    return (int) ((rdev & 0xff) | ((rdev >>> 12) & ~0xffL));
  }

  /** The Linux {@code dev_t} for a major and minor number (glibc's {@code gnu_dev_makedev}). */
  public static long makedev(int major, int minor) {
    long ma = Integer.toUnsignedLong(major);
    long mi = Integer.toUnsignedLong(minor);
    return (mi & 0xff) | ((ma & 0xfff) << 8) | ((mi & ~0xffL) << 12) | ((ma & ~0xfffL) << 32);
  }

  /** Whether an attribute name is in a namespace that trees carry. */
  static boolean isReported(String name) {
    return name.startsWith("user.") || name.startsWith("trusted.") || name.startsWith("security.");
  }

  static void checkSpecial(EntryType type) {
    if (type == EntryType.FILE || type == EntryType.DIRECTORY || type == EntryType.SYMLINK) {
      throw new IllegalArgumentException("mknod makes special files only, not " + type.label());
    }
  }

  static void checkPermissions(int permissions) {
    if ((permissions & ~07777) != 0) {
      throw new IllegalArgumentException(
          "permission bits out of range: " + Integer.toOctalString(permissions));
    }
  }

  static void checkSymlinkTarget(String target) {
    if (target.isEmpty() || target.indexOf('\0') >= 0) {
      throw new IllegalArgumentException("bad symlink target: " + Names.forHost(target));
    }
  }

  static void checkId(String what, long id) {
    // (uid_t) -1 means "leave unchanged" to chown(2); accepting it would hide a caller's bug.
    if (id < 0 || id > 0xFFFF_FFFEL) {
      throw new IllegalArgumentException(what + " out of range: " + id);
    }
  }

  static void checkXattr(String name, byte[] value) {
    if (name.isEmpty() || name.indexOf('\0') >= 0) {
      throw new IllegalArgumentException("bad attribute name: " + name);
    }
    if (value != null && value.length > XATTR_MAX) {
      throw new IllegalArgumentException(
          "attribute value of " + value.length + " bytes exceeds " + XATTR_MAX);
    }
  }
}
