package io.github.squashtree.core.internal.host;

import static io.github.squashtree.core.internal.host.LibcHostFileSystem.AT_SYMLINK_NOFOLLOW;
import static io.github.squashtree.core.internal.host.LibcHostFileSystem.EPERM;
import static io.github.squashtree.core.internal.host.LibcHostFileSystem.cPath;
import static io.github.squashtree.core.internal.host.LibcHostFileSystem.cString;

import com.sun.jna.Function;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import io.github.squashtree.core.tree.EntryType;
import io.github.squashtree.core.tree.Names;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link HostDirectory} through libc: each operation one {@code *at} call relative to the
 * directory's descriptor, with {@code O_NOFOLLOW}; metadata set on the object's own descriptor
 * ({@code fchown}, {@code fchmod}, {@code fsetxattr}, {@code futimens}). The calls are bound with
 * JNA's direct mapping, as {@link LibcHostFileSystem.PerFile} is: a tree of 100,000 files makes
 * several calls per file.
 */
final class LibcDirectories {
  private LibcDirectories() {}

  private static final boolean ARM = "aarch64".equals(System.getProperty("os.arch"));
  private static final int O_WRONLY = 01;
  private static final int O_CREAT = 0100;
  private static final int O_EXCL = 0200;
  private static final int O_CLOEXEC = 02000000;
  private static final int O_PATH = 010000000;
  private static final int O_NOFOLLOW = ARM ? 0100000 : 0400000;
  private static final int O_DIRECTORY = ARM ? 040000 : 0200000;
  private static final int AT_FDCWD = -100;
  private static final int AT_REMOVEDIR = 0x200;
  private static final int AT_EMPTY_PATH = 0x1000;
  private static final int EISDIR = 21;

  private static final byte[] EMPTY = {0};
  private static final byte[] DOTDOT = {'.', '.', 0};

  /** The calls, bound directly; all are in every glibc that has statx (2.28). */
  static final class Calls {
    static native int openat(int dirfd, byte[] path, int flags, int mode);

    static native int mkdirat(int dirfd, byte[] path, int mode);

    static native int symlinkat(byte[] target, int dirfd, byte[] path);

    static native int linkat(int olddirfd, byte[] oldpath, int newdirfd, byte[] newpath, int flags);

    static native int unlinkat(int dirfd, byte[] path, int flags);

    static native int renameat(int olddirfd, byte[] oldpath, int newdirfd, byte[] newpath);

    static native int close(int fd);

    static native int fchown(int fd, int uid, int gid);

    static native int fchownat(int dirfd, byte[] path, int uid, int gid, int flags);

    static native int fchmod(int fd, int mode);

    static native int chmod(byte[] path, int mode);

    static native int futimens(int fd, long[] times);

    static native int utimensat(int dirfd, byte[] path, long[] times, int flags);

    static native int fsetxattr(int fd, byte[] name, byte[] value, long size, int flags);

    static native int fremovexattr(int fd, byte[] name);

    static native int setxattr(byte[] path, byte[] name, byte[] value, long size, int flags);

    static native int removexattr(byte[] path, byte[] name);

    static native long pwrite(int fd, Pointer buf, long count, long offset);

    static native int statx(int dirfd, byte[] path, int flags, int mask, byte[] statx);
  }

  /** {@code mknodat}, exported by glibc only since 2.33. */
  static final class Mknodat {
    static native int mknodat(int dirfd, byte[] path, int mode, long dev);
  }

  private static final boolean BOUND;
  private static final boolean MKNODAT;
  private static final Function XMKNODAT;

  static {
    NativeLibrary libc = NativeLibrary.getInstance("c");
    boolean bound;
    try {
      Native.register(Calls.class, libc);
      bound = true;
    } catch (UnsatisfiedLinkError | IllegalArgumentException e) {
      bound = false;
    }
    BOUND = bound;
    boolean plain;
    try {
      Native.register(Mknodat.class, libc);
      plain = true;
    } catch (UnsatisfiedLinkError | IllegalArgumentException e) {
      plain = false;
    }
    MKNODAT = plain;
    Function x = null;
    if (!plain) {
      try {
        x = libc.getFunction("__xmknodat");
      } catch (UnsatisfiedLinkError e) {
        x = null;
      }
    }
    XMKNODAT = x;
  }

  /** Whether the calls could be bound. */
  static boolean available() {
    return BOUND && (MKNODAT || XMKNODAT != null);
  }

  /** Opens the directory {@code dir}, following symlinks except in its last component. */
  static HostDirectory open(LibcHostFileSystem host, Path dir) throws IOException {
    int fd = Calls.openat(AT_FDCWD, cPath(dir), O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC, 0);
    if (fd < 0) {
      throw host.error(dir, "open directory", Native.getLastError());
    }
    return new Directory(host, fd, dir);
  }

  /** Per-thread native memory that {@code pwrite} writes from. */
  private static final ThreadLocal<Memory[]> WRITE_BUFFERS =
      ThreadLocal.withInitial(() -> new Memory[1]);

  /** An open descriptor and the calls that act on the object itself. */
  private abstract static class Node implements HostNode {
    final LibcHostFileSystem host;
    int fd;

    /** The path it was opened by, or null: then {@link #parent} and {@link #name} tell it. */
    private Path path;

    final Directory parent;
    final String name;

    Node(LibcHostFileSystem host, int fd, Path path) {
      this.host = host;
      this.fd = fd;
      this.path = path;
      this.parent = null;
      this.name = null;
    }

    Node(LibcHostFileSystem host, int fd, Directory parent, String name) {
      this.host = host;
      this.fd = fd;
      this.parent = parent;
      this.name = name;
    }

    /**
     * The path, made only when a message needs it: in a deep tree making one for each handle would
     * cost time in proportion to the depth, for every directory.
     */
    @Override
    public Path path() {
      if (path == null) {
        List<String> names = new ArrayList<>();
        Node at = this;
        while (at.path == null) {
          names.add(at.name);
          at = at.parent;
        }
        Path p = at.path;
        for (int i = names.size() - 1; i >= 0; i--) {
          p = Names.hostPath(p, names.get(i));
        }
        path = p;
      }
      return path;
    }

    int fd() throws IOException {
      if (fd < 0) {
        throw new FileSystemException(path().toString(), null, "already closed");
      }
      return fd;
    }

    IOException fail(String operation) {
      return host.error(path(), operation, Native.getLastError());
    }

    /** This descriptor as a path the kernel resolves to the object itself. */
    byte[] procPath() throws IOException {
      return cString(
          ("/proc/self/fd/" + fd()).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }

    @Override
    public HostStat stat() throws IOException {
      byte[] buf = new byte[LibcHostFileSystem.STATX_SIZE];
      if (Calls.statx(
              fd(),
              EMPTY,
              AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW,
              LibcHostFileSystem.STATX_WANTED,
              buf)
          != 0) {
        throw fail("statx");
      }
      HostStat st = LibcHostFileSystem.decodeStatx(buf);
      if (st == null) {
        throw new UnsupportedHostOperationException(path().toString(), "statx lacks fields");
      }
      return st;
    }

    @Override
    public void setOwner(long uid, long gid) throws IOException {
      HostFileSystem.checkId("uid", uid);
      HostFileSystem.checkId("gid", gid);
      if (Calls.fchown(fd(), (int) uid, (int) gid) != 0) {
        throw fail("fchown");
      }
    }

    @Override
    public void setPermissions(int permissions) throws IOException {
      HostFileSystem.checkPermissions(permissions);
      if (Calls.fchmod(fd(), permissions) != 0) {
        throw fail("fchmod");
      }
    }

    @Override
    public void setXattr(String name, byte[] value) throws IOException {
      HostFileSystem.checkXattr(name, value);
      byte[] v = value.length == 0 ? new byte[1] : value; // JNA passes NULL for no bytes
      if (Calls.fsetxattr(fd(), cString(Names.encode(name)), v, value.length, 0) != 0) {
        throw fail("fsetxattr " + name);
      }
    }

    @Override
    public void removeXattr(String name) throws IOException {
      HostFileSystem.checkXattr(name, null);
      if (Calls.fremovexattr(fd(), cString(Names.encode(name))) != 0) {
        throw fail("fremovexattr " + name);
      }
    }

    @Override
    public void setTimes(Instant mtime) throws IOException {
      if (Calls.futimens(fd(), times(mtime)) != 0) {
        throw fail("futimens");
      }
    }

    @Override
    public void close() throws IOException {
      if (fd >= 0) {
        int was = fd;
        fd = -1;
        if (Calls.close(was) != 0) {
          throw fail("close");
        }
      }
    }
  }

  static long[] times(Instant mtime) {
    long sec = mtime.getEpochSecond();
    long nsec = mtime.getNano();
    return new long[] {sec, nsec, sec, nsec}; // struct timespec[2]: atime, mtime
  }

  /** A symlink or special file held through {@code O_PATH}: no I/O on it, only its metadata. */
  private static final class PathNode extends Node {
    PathNode(LibcHostFileSystem host, int fd, Directory parent, String name) {
      super(host, fd, parent, name);
    }

    @Override
    public void setOwner(long uid, long gid) throws IOException {
      HostFileSystem.checkId("uid", uid);
      HostFileSystem.checkId("gid", gid);
      if (Calls.fchownat(fd(), EMPTY, (int) uid, (int) gid, AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW)
          != 0) {
        throw fail("fchownat");
      }
    }

    @Override
    public void setPermissions(int permissions) throws IOException {
      HostFileSystem.checkPermissions(permissions);
      // fchmod refuses O_PATH descriptors; /proc/self/fd/N resolves to this very inode (what glibc
      // does for fchmodat with AT_SYMLINK_NOFOLLOW), and chmod opens nothing, so a fifo is safe.
      if (Calls.chmod(procPath(), permissions) != 0) {
        throw fail("chmod");
      }
    }

    @Override
    public void setXattr(String name, byte[] value) throws IOException {
      HostFileSystem.checkXattr(name, value);
      byte[] v = value.length == 0 ? new byte[1] : value;
      // Through /proc/self/fd/N the kernel lands on the held inode, a symlink included.
      if (Calls.setxattr(procPath(), cString(Names.encode(name)), v, value.length, 0) != 0) {
        throw fail("setxattr " + name);
      }
    }

    @Override
    public void removeXattr(String name) throws IOException {
      HostFileSystem.checkXattr(name, null);
      if (Calls.removexattr(procPath(), cString(Names.encode(name))) != 0) {
        throw fail("removexattr " + name);
      }
    }

    @Override
    public void setTimes(Instant mtime) throws IOException {
      if (Calls.utimensat(fd(), EMPTY, times(mtime), AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW) != 0) {
        throw fail("utimensat");
      }
    }
  }

  /** A regular file this process created, open for writing. */
  private static final class File extends Node implements HostFile {
    File(LibcHostFileSystem host, int fd, Directory parent, String name) {
      super(host, fd, parent, name);
    }

    @Override
    public void write(long position, byte[] bytes, int offset, int length) throws IOException {
      Memory[] holder = WRITE_BUFFERS.get();
      Memory m = holder[0];
      if (m == null || m.size() < length) {
        m = new Memory(Math.max(length, 64 * 1024));
        holder[0] = m;
      }
      m.write(0, bytes, offset, length);
      long done = 0;
      while (done < length) {
        long n = Calls.pwrite(fd(), m.share(done), length - done, position + done);
        if (n < 0) {
          throw fail("pwrite");
        }
        if (n == 0) {
          throw new FileSystemException(path().toString(), null, "pwrite wrote nothing");
        }
        done += n;
      }
    }
  }

  /** An open directory ({@code O_DIRECTORY|O_NOFOLLOW}). */
  private static final class Directory extends Node implements HostDirectory {
    Directory(LibcHostFileSystem host, int fd, Path path) {
      super(host, fd, path);
    }

    Directory(LibcHostFileSystem host, int fd, Directory parent, String name) {
      super(host, fd, parent, name);
    }

    private Path child(String name) {
      return Names.hostPath(path(), name);
    }

    private IOException fail(String name, String operation) {
      return host.error(child(name), operation, Native.getLastError());
    }

    private static byte[] c(String name) {
      if (name.isEmpty()
          || name.equals(".")
          || name.equals("..")
          || name.indexOf('/') >= 0
          || name.indexOf('\0') >= 0) {
        throw new IllegalArgumentException("not a single name: " + Names.forHost(name));
      }
      return cString(Names.encode(name));
    }

    @Override
    public HostDirectory openDirectory(String name) throws IOException {
      int child = Calls.openat(fd(), c(name), O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC, 0);
      if (child < 0) {
        throw fail(name, "open directory");
      }
      return new Directory(host, child, this, name);
    }

    @Override
    public HostDirectory openParent() throws IOException {
      int parent = Calls.openat(fd(), DOTDOT, O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC, 0);
      if (parent < 0) {
        throw fail("open ..");
      }
      Directory above = ((Node) this).parent;
      if (above == null) {
        Path p = path().getParent();
        return new Directory(host, parent, p == null ? path() : p);
      }
      // Named as the directory it is expected to be (the caller checks): no path made.
      return above.parent == null
          ? new Directory(host, parent, above.path())
          : new Directory(host, parent, above.parent, above.name);
    }

    @Override
    public HostDirectory makeDirectory(String name, int permissions) throws IOException {
      HostFileSystem.checkPermissions(permissions);
      byte[] n = c(name);
      if (Calls.mkdirat(fd(), n, permissions) != 0) {
        throw fail(name, "mkdir");
      }
      // Another user who can write here may have put a symlink in its place meanwhile: the open
      // fails then. (A directory of theirs would be opened: it is inside this one all the same.)
      int child = Calls.openat(fd(), n, O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC, 0);
      if (child < 0) {
        throw fail(name, "open directory");
      }
      return new Directory(host, child, this, name);
    }

    @Override
    public HostFile createFile(String name, int permissions) throws IOException {
      HostFileSystem.checkPermissions(permissions);
      int flags = O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC;
      int file = Calls.openat(fd(), c(name), flags, permissions);
      if (file < 0) {
        throw fail(name, "create");
      }
      return new File(host, file, this, name);
    }

    @Override
    public boolean symlink(String name, String target) throws IOException {
      HostFileSystem.checkSymlinkTarget(target);
      if (Calls.symlinkat(cString(Names.encode(target)), fd(), c(name)) != 0) {
        throw fail(name, "symlink");
      }
      return true;
    }

    @Override
    public void mknod(String name, EntryType type, int permissions, int major, int minor)
        throws IOException {
      HostFileSystem.checkSpecial(type);
      HostFileSystem.checkPermissions(permissions);
      byte[] n = c(name);
      long dev = type.isDevice() ? HostFileSystem.makedev(major, minor) : 0L;
      int mode = type.modeBits() | permissions;
      int rc =
          MKNODAT
              ? Mknodat.mknodat(fd(), n, mode, dev)
              : XMKNODAT.invokeInt(
                  new Object[] {LibcHostFileSystem.MKNOD_VER, fd(), n, mode, new long[] {dev}});
      if (rc == 0) {
        return;
      }
      int errno = Native.getLastError();
      if (type == EntryType.SOCKET && errno == EPERM) {
        // Some kernels and sandboxes refuse mknod for sockets; binding one makes the same node,
        // and /proc/self/fd/N/name names it in this very directory.
        NioHostFileSystem.bindSocket(Path.of("/proc/self/fd/" + fd()).resolve(Names.forHost(name)));
        return;
      }
      throw host.error(child(name), "mknod", errno);
    }

    @Override
    public HostNode openNode(String name, ExpectedNode expected) throws IOException {
      int node = Calls.openat(fd(), c(name), O_PATH | O_NOFOLLOW | O_CLOEXEC, 0);
      if (node < 0) {
        throw fail(name, "open");
      }
      PathNode held = new PathNode(host, node, this, name);
      try {
        String mismatch = expected.mismatch(held.stat());
        if (mismatch != null) {
          throw ExpectedNode.changed(child(name), mismatch);
        }
        return held;
      } catch (IOException | RuntimeException e) {
        held.close();
        throw e;
      }
    }

    @Override
    public void link(String name, HostDirectory from, String fromName) throws IOException {
      int fromFd = ((Directory) from).fd();
      if (Calls.linkat(fromFd, c(fromName), fd(), c(name), 0) != 0) {
        throw fail(name, "link");
      }
    }

    @Override
    public void rename(String name, HostDirectory to, String toName) throws IOException {
      int toFd = ((Directory) to).fd();
      if (Calls.renameat(fd(), c(name), toFd, c(toName)) != 0) {
        throw fail(name, "rename");
      }
    }

    @Override
    public void unlink(String name) throws IOException {
      if (Calls.unlinkat(fd(), c(name), 0) != 0) {
        int errno = Native.getLastError();
        throw host.error(child(name), errno == EISDIR ? "unlink (a directory)" : "unlink", errno);
      }
    }

    @Override
    public void removeDirectory(String name) throws IOException {
      if (Calls.unlinkat(fd(), c(name), AT_REMOVEDIR) != 0) {
        throw fail(name, "rmdir");
      }
    }

    @Override
    public HostStat stat(String name) throws IOException {
      byte[] buf = new byte[LibcHostFileSystem.STATX_SIZE];
      if (Calls.statx(fd(), c(name), AT_SYMLINK_NOFOLLOW, LibcHostFileSystem.STATX_WANTED, buf)
          != 0) {
        throw fail(name, "statx");
      }
      HostStat st = LibcHostFileSystem.decodeStatx(buf);
      if (st == null) {
        throw new UnsupportedHostOperationException(child(name).toString(), "statx lacks fields");
      }
      return st;
    }

    @Override
    public List<String> list() throws IOException {
      // The kernel resolves /proc/self/fd/N to this directory itself, whatever its path now.
      List<String> names = new ArrayList<>();
      try (DirectoryStream<Path> s = Files.newDirectoryStream(Path.of("/proc/self/fd/" + fd()))) {
        for (Path p : s) {
          names.add(Names.hostName(p));
        }
      }
      return names;
    }
  }
}
