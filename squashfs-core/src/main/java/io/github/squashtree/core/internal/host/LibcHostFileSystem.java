package io.github.squashtree.core.internal.host;

import com.sun.jna.Function;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import io.github.squashtree.core.tree.EntryType;
import io.github.squashtree.core.tree.Names;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.Charset;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collections;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * {@link HostFileSystem} through libc, called with JNA. The only class that touches JNA; it is
 * loaded only after {@link HostFileSystem#create()} has found JNA on the class path.
 *
 * <p>Arguments follow the LP64 ABI of Linux on x86_64 and aarch64: {@code size_t}, {@code ssize_t},
 * {@code dev_t} and {@code time_t} are 64 bits; {@code mode_t}, {@code uid_t} and {@code gid_t} 32
 * bits; errno values are the generic ones both share. Paths are passed as the bytes of their string
 * in the JVM's file-name charset ({@code sun.jnu.encoding}), as NIO does; attribute names as UTF-8.
 */
final class LibcHostFileSystem extends HostFileSystem {
  static final int EPERM = 1;
  static final int ENOENT = 2;
  static final int EACCES = 13;
  static final int EEXIST = 17;
  static final int ENOTDIR = 20;
  static final int ELOOP = 40;
  private static final int ERANGE = 34;
  static final int ENOSYS = 38;
  private static final int ENODATA = 61;
  static final int EOPNOTSUPP = 95;

  private static final int AT_FDCWD = -100;
  static final int AT_SYMLINK_NOFOLLOW = 0x100;

  /** glibc's {@code _MKNOD_VER} for {@code __xmknod} on x86_64 and aarch64. */
  static final int MKNOD_VER = 0;

  /** Linux's {@code PATH_MAX}: a symlink target is at most this many bytes less the NUL. */
  private static final int PATH_MAX = 4096;

  /** Attempts at reading an attribute list or value that keeps growing under us. */
  private static final int MAX_ATTEMPTS = 8;

  static final Charset PATH_CHARSET = pathCharset();

  private final Function llistxattr;
  private final Function lgetxattr;
  private final Function lsetxattr;
  private final Function lremovexattr;
  private final Function mknod;
  private final Function xmknod;
  private final Function symlink;
  private final Function readlink;
  private final Function chmod;
  private final Function lchown;
  private final Function utimensat;
  private final Function strerror;
  private final boolean privileged;

  /** Whether {@link PerFile} is bound (statx needs glibc 2.28); bound once per class loader. */
  private static final boolean PER_FILE = bindPerFile(NativeLibrary.getInstance("c"));

  /**
   * The calls made for every entry of a walked tree, bound directly. Through {@link Function} each
   * call converted its arguments by reflection, and NIO's lstat parses an attribute list and builds
   * a map per call: on the 22,255 files of the benchmark tree's share/ (2 busy cores), lstat took
   * 10.3 microseconds a file that way and 8.3 through statx, the attribute list 9.7 and 7.5.
   */
  static final class PerFile {
    static native int statx(int dirfd, byte[] path, int flags, int mask, byte[] statx);

    static native long llistxattr(byte[] path, byte[] list, long size);
  }

  /** {@code struct statx} (the same on every architecture): size and field offsets. */
  static final int STATX_SIZE = 256;

  private static final int STATX_MASK_AT = 0;
  private static final int STATX_NLINK_AT = 16;
  private static final int STATX_UID_AT = 20;
  private static final int STATX_GID_AT = 24;
  private static final int STATX_MODE_AT = 28;
  private static final int STATX_INO_AT = 32;
  private static final int STATX_SIZE_AT = 40;
  private static final int STATX_CTIME_AT = 96;
  private static final int STATX_MTIME_AT = 112;
  private static final int STATX_RDEV_AT = 128;
  private static final int STATX_DEV_AT = 136;

  /** STATX_TYPE, MODE, NLINK, UID, GID, MTIME, CTIME, INO and SIZE: what {@link HostStat} holds. */
  static final int STATX_WANTED = 0x1 | 0x2 | 0x4 | 0x8 | 0x10 | 0x40 | 0x80 | 0x100 | 0x200;

  private LibcHostFileSystem(NativeLibrary libc) {
    llistxattr = libc.getFunction("llistxattr");
    lgetxattr = libc.getFunction("lgetxattr");
    lsetxattr = libc.getFunction("lsetxattr");
    lremovexattr = libc.getFunction("lremovexattr");
    // glibc exports mknod only since 2.33; older ones have __xmknod(version, path, mode, &dev).
    Function plain = optional(libc, "mknod");
    mknod = plain;
    xmknod = plain == null ? libc.getFunction("__xmknod") : null;
    symlink = libc.getFunction("symlink");
    readlink = libc.getFunction("readlink");
    chmod = libc.getFunction("chmod");
    lchown = libc.getFunction("lchown");
    utimensat = libc.getFunction("utimensat");
    strerror = libc.getFunction("strerror");
    privileged = libc.getFunction("geteuid").invokeInt(new Object[0]) == 0;
  }

  private static boolean bindPerFile(NativeLibrary libc) {
    try {
      Native.register(PerFile.class, libc);
      return true;
    } catch (UnsatisfiedLinkError | IllegalArgumentException e) {
      return false; // an older libc: the slower calls still work
    }
  }

  @Override
  public HostStat lstat(Path p) throws IOException {
    if (!PER_FILE) {
      return super.lstat(p);
    }
    byte[] buf = new byte[STATX_SIZE];
    if (PerFile.statx(AT_FDCWD, cPath(p), AT_SYMLINK_NOFOLLOW, STATX_WANTED, buf) != 0) {
      int errno = Native.getLastError();
      if (errno == ENOSYS) {
        return super.lstat(p); // a kernel before 4.11
      }
      throw error(p, "statx", errno);
    }
    HostStat st = decodeStatx(buf);
    return st != null ? st : super.lstat(p); // null: a file system that cannot tell some field
  }

  /**
   * The status a {@code statx} call filled in, or null if it lacks a field {@link HostStat} has.
   */
  static HostStat decodeStatx(byte[] buf) {
    ByteBuffer b = ByteBuffer.wrap(buf).order(ByteOrder.nativeOrder());
    if ((b.getInt(STATX_MASK_AT) & STATX_WANTED) != STATX_WANTED) {
      return null;
    }
    return new HostStat(
        makedev(b.getInt(STATX_DEV_AT), b.getInt(STATX_DEV_AT + 4)),
        b.getLong(STATX_INO_AT),
        Short.toUnsignedInt(b.getShort(STATX_MODE_AT)),
        Integer.toUnsignedLong(b.getInt(STATX_NLINK_AT)),
        Integer.toUnsignedLong(b.getInt(STATX_UID_AT)),
        Integer.toUnsignedLong(b.getInt(STATX_GID_AT)),
        makedev(b.getInt(STATX_RDEV_AT), b.getInt(STATX_RDEV_AT + 4)),
        b.getLong(STATX_SIZE_AT),
        time(b, STATX_MTIME_AT),
        time(b, STATX_CTIME_AT));
  }

  /** A {@code struct statx_timestamp}: seconds, then nanoseconds. */
  private static Instant time(ByteBuffer b, int at) {
    return Instant.ofEpochSecond(b.getLong(at), Integer.toUnsignedLong(b.getInt(at + 8)));
  }

  private long listXattrs(byte[] path, byte[] list, long size) {
    return PER_FILE
        ? PerFile.llistxattr(path, list, size)
        : llistxattr.invokeLong(new Object[] {path, list, size});
  }

  static LibcHostFileSystem load() {
    return new LibcHostFileSystem(NativeLibrary.getInstance("c"));
  }

  private static Function optional(NativeLibrary libc, String name) {
    try {
      return libc.getFunction(name);
    } catch (UnsatisfiedLinkError e) {
      return null;
    }
  }

  private static Charset pathCharset() {
    String name = System.getProperty("sun.jnu.encoding");
    try {
      return name == null ? Charset.defaultCharset() : Charset.forName(name);
    } catch (IllegalArgumentException e) {
      return Charset.defaultCharset();
    }
  }

  @Override
  public SortedMap<String, byte[]> getXattrs(Path p) throws IOException {
    byte[] path = cPath(p);
    byte[] list = readList(p, path);
    TreeMap<String, byte[]> result = new TreeMap<>();
    int start = 0;
    for (int i = 0; i < list.length; i++) {
      if (list[i] != 0) {
        continue;
      }
      String name = Names.decode(Arrays.copyOfRange(list, start, i));
      byte[] cName = Arrays.copyOfRange(list, start, i + 1);
      start = i + 1;
      if (!isReported(name)) {
        continue;
      }
      byte[] value = readValue(p, path, name, cName);
      if (value != null) {
        result.put(name, value);
      }
    }
    return Collections.unmodifiableSortedMap(result);
  }

  /** The NUL-separated attribute names of {@code p}, or none if it has no support for them. */
  private byte[] readList(Path p, byte[] path) throws IOException {
    for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      long size = listXattrs(path, null, 0L);
      if (size < 0) {
        int errno = Native.getLastError();
        if (errno == EOPNOTSUPP) {
          return new byte[0];
        }
        throw error(p, "llistxattr", errno);
      }
      if (size == 0) {
        return new byte[0];
      }
      // The kernel caps lists at XATTR_LIST_MAX; more would mean a broken libc or kernel.
      if (size > XATTR_MAX) {
        throw new FileSystemException(
            p.toString(), null, "attribute list of " + size + " bytes exceeds " + XATTR_MAX);
      }
      byte[] buf = new byte[(int) size];
      long got = listXattrs(path, buf, size);
      if (got >= 0) {
        return Arrays.copyOf(buf, (int) got);
      }
      int errno = Native.getLastError();
      if (errno != ERANGE) {
        throw error(p, "llistxattr", errno);
      }
      // ERANGE: an attribute was added between the two calls; measure again.
    }
    throw new FileSystemException(
        p.toString(), null, "attribute list kept changing size (" + MAX_ATTEMPTS + " attempts)");
  }

  /** One attribute value, or null if it vanished between listing and reading. */
  private byte[] readValue(Path p, byte[] path, String name, byte[] cName) throws IOException {
    for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      long size = lgetxattr.invokeLong(new Object[] {path, cName, null, 0L});
      if (size < 0) {
        int errno = Native.getLastError();
        if (errno == ENODATA || errno == EOPNOTSUPP) {
          return null;
        }
        throw error(p, "lgetxattr " + name, errno);
      }
      // XATTR_SIZE_MAX bounds every value the kernel hands out.
      if (size > XATTR_MAX) {
        throw new FileSystemException(
            p.toString(),
            null,
            "attribute " + name + " of " + size + " bytes exceeds " + XATTR_MAX);
      }
      byte[] buf = new byte[(int) size];
      long got = size == 0 ? 0 : lgetxattr.invokeLong(new Object[] {path, cName, buf, size});
      if (got >= 0) {
        return Arrays.copyOf(buf, (int) got);
      }
      int errno = Native.getLastError();
      if (errno == ENODATA) {
        return null;
      }
      if (errno != ERANGE) {
        throw error(p, "lgetxattr " + name, errno);
      }
    }
    throw new FileSystemException(
        p.toString(), null, "attribute " + name + " kept changing size (" + MAX_ATTEMPTS + ")");
  }

  @Override
  public void setXattr(Path p, String name, byte[] value) throws IOException {
    checkXattr(name, value);
    byte[] v = value.length == 0 ? new byte[1] : value; // JNA passes NULL for no bytes
    Object[] args = {cPath(p), cString(Names.encode(name)), v, (long) value.length, 0};
    if (lsetxattr.invokeInt(args) != 0) {
      throw error(p, "lsetxattr " + name, Native.getLastError());
    }
  }

  @Override
  public void removeXattr(Path p, String name) throws IOException {
    checkXattr(name, null);
    Object[] args = {cPath(p), cString(Names.encode(name))};
    if (lremovexattr.invokeInt(args) != 0) {
      throw error(p, "lremovexattr " + name, Native.getLastError());
    }
  }

  @Override
  public boolean canSetXattr(Path p, String name) {
    checkXattr(name, null);
    Object[] args = {cPath(p), cString(Names.encode(name))};
    return lremovexattr.invokeInt(args) == 0 || Native.getLastError() == ENODATA;
  }

  @Override
  public void mknod(Path p, EntryType type, int permissions, int major, int minor)
      throws IOException {
    checkSpecial(type);
    checkPermissions(permissions);
    byte[] path = cPath(p);
    long dev = type.isDevice() ? makedev(major, minor) : 0L;
    int mode = type.modeBits() | permissions;
    int rc =
        mknod != null
            ? mknod.invokeInt(new Object[] {path, mode, dev})
            : xmknod.invokeInt(new Object[] {MKNOD_VER, path, mode, new long[] {dev}});
    if (rc != 0) {
      int errno = Native.getLastError();
      if (type == EntryType.SOCKET && errno == EPERM) {
        // Some kernels and sandboxes refuse mknod for sockets; binding one makes the same node.
        NioHostFileSystem.bindSocket(p);
      } else {
        throw error(p, "mknod", errno);
      }
    }
    // mknod applies the umask and drops setuid/setgid/sticky; set the bits we were given.
    if (chmod.invokeInt(new Object[] {path, permissions}) != 0) {
      throw error(p, "chmod", Native.getLastError());
    }
  }

  @Override
  public boolean symlink(Path link, String target) throws IOException {
    checkSymlinkTarget(target);
    if (symlink.invokeInt(new Object[] {cString(Names.encode(target)), cPath(link)}) != 0) {
      throw error(link, "symlink", Native.getLastError());
    }
    return true;
  }

  @Override
  public String readSymlink(Path p) throws IOException {
    byte[] buf = new byte[PATH_MAX];
    long n = readlink.invokeLong(new Object[] {cPath(p), buf, (long) buf.length});
    if (n < 0) {
      throw error(p, "readlink", Native.getLastError());
    }
    if (n >= buf.length) {
      // Linux keeps targets under PATH_MAX; a full buffer may have been cut short.
      throw new FileSystemException(p.toString(), null, "symlink target of " + n + "+ bytes");
    }
    return Names.decode(Arrays.copyOf(buf, (int) n));
  }

  @Override
  public void chmod(Path p, int permissions) throws IOException {
    checkPermissions(permissions);
    if (chmod.invokeInt(new Object[] {cPath(p), permissions}) != 0) {
      throw error(p, "chmod", Native.getLastError());
    }
  }

  @Override
  public void lchown(Path p, long uid, long gid) throws IOException {
    checkId("uid", uid);
    checkId("gid", gid);
    Object[] args = {cPath(p), (int) uid, (int) gid};
    if (lchown.invokeInt(args) != 0) {
      throw error(p, "lchown", Native.getLastError());
    }
  }

  @Override
  public void setTimes(Path p, Instant mtime) throws IOException {
    long sec = mtime.getEpochSecond();
    long nsec = mtime.getNano();
    long[] times = {sec, nsec, sec, nsec}; // struct timespec[2]: atime, mtime
    Object[] args = {AT_FDCWD, cPath(p), times, AT_SYMLINK_NOFOLLOW};
    if (utimensat.invokeInt(args) != 0) {
      throw error(p, "utimensat", Native.getLastError());
    }
  }

  @Override
  public HostDirectory openDirectory(Path dir) throws IOException {
    return raceFree() ? LibcDirectories.open(this, dir) : NioDirectories.open(this, dir);
  }

  @Override
  public boolean raceFree() {
    return PER_FILE && LibcDirectories.available();
  }

  @Override
  public boolean isPrivileged() {
    return privileged;
  }

  @Override
  public Optional<String> limitation() {
    if (!raceFree()) {
      return Optional.of(
          "libc lacks statx or the *at calls: writes go by path, and a directory another user"
              + " swaps for a symlink during a run can be followed");
    }
    return privileged
        ? Optional.empty()
        : Optional.of(
            "not running as root: device nodes, trusted.* attributes and other owners need"
                + " privileges");
  }

  IOException error(Path p, String operation, int errno) {
    String reason = operation + ": " + strerror(errno) + " (errno " + errno + ")";
    if (errno == ELOOP || errno == ENOTDIR) {
      // O_NOFOLLOW refuses a symlink with ELOOP, and with ENOTDIR where O_DIRECTORY is asked too.
      reason += "; a symlink there is not followed";
    }
    String file = p.toString();
    return switch (errno) {
      case ENOENT -> new NoSuchFileException(file, null, reason);
      case EEXIST -> new FileAlreadyExistsException(file, null, reason);
      case EPERM, EACCES -> new AccessDeniedException(file, null, reason);
      case EOPNOTSUPP -> new UnsupportedHostOperationException(file, reason);
      default -> new FileSystemException(file, null, reason);
    };
  }

  private String strerror(int errno) {
    String text = strerror.invokeString(new Object[] {errno}, false);
    return text == null ? "error " + errno : text;
  }

  /** The path as the C string a system call takes, with every byte of its name ({@link Names}). */
  static byte[] cPath(Path p) {
    return cString(Names.hostBytes(p, PATH_CHARSET));
  }

  /** {@code bytes} with the NUL that ends a C string. */
  static byte[] cString(byte[] bytes) {
    return Arrays.copyOf(bytes, bytes.length + 1);
  }
}
