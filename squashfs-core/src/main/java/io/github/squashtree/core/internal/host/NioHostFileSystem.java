package io.github.squashtree.core.internal.host;

import io.github.squashtree.core.tree.EntryType;
import io.github.squashtree.core.tree.Names;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.time.Instant;
import java.util.Collections;
import java.util.Locale;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * {@link HostFileSystem} on NIO alone, for when JNA is missing: {@code user.*} attributes of files
 * and directories, sockets by binding one, owners and symlink times through the JDK's {@code unix}
 * view (times of symlinks at microseconds, as {@code lutimes} keeps them).
 */
final class NioHostFileSystem extends HostFileSystem {
  private static final String USER = "user.";

  private final String limitation;
  private final boolean privileged;

  NioHostFileSystem(String reason) {
    this.limitation =
        reason
            + ": only user.* attributes (UTF-8 names) of files and directories, no fifos or"
            + " device nodes, symlink times at microseconds, symlink targets only as Java makes"
            + " paths; writes go by path, so a directory another user swaps for a symlink during"
            + " a run can be followed";
    this.privileged = euidIsRoot();
  }

  private static boolean euidIsRoot() {
    try {
      // /proc/self belongs to the effective uid of the process.
      return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  @Override
  public SortedMap<String, byte[]> getXattrs(Path p) throws IOException {
    // Opening a fifo or device to read attributes could block or act on the device; Linux allows
    // user.* attributes only on files and directories anyway.
    EntryType type = lstat(p).type();
    if (type != EntryType.FILE && type != EntryType.DIRECTORY) {
      return Collections.emptySortedMap();
    }
    UserDefinedFileAttributeView view = view(p);
    TreeMap<String, byte[]> result = new TreeMap<>();
    try {
      for (String name : view.list()) {
        ByteBuffer buf = ByteBuffer.allocate(Math.min(view.size(name), XATTR_MAX));
        view.read(name, buf);
        byte[] value = new byte[buf.flip().remaining()];
        buf.get(value);
        result.put(USER + name, value);
      }
    } catch (FileSystemException e) {
      if (notSupported(e)) {
        return Collections.emptySortedMap();
      }
      throw e;
    }
    return Collections.unmodifiableSortedMap(result);
  }

  @Override
  public void setXattr(Path p, String name, byte[] value) throws IOException {
    checkXattr(name, value);
    view(p).write(userName(p, name), ByteBuffer.wrap(value));
  }

  @Override
  public void removeXattr(Path p, String name) throws IOException {
    checkXattr(name, null);
    view(p).delete(userName(p, name));
  }

  @Override
  public void mknod(Path p, EntryType type, int permissions, int major, int minor)
      throws IOException {
    checkSpecial(type);
    checkPermissions(permissions);
    if (type != EntryType.SOCKET) {
      throw new UnsupportedHostOperationException(
          p.toString(), "cannot create a " + type.label() + ": " + limitation);
    }
    bindSocket(p);
    // With NOFOLLOW_LINKS the JDK opens the node to fchmod it, which sockets refuse (ENXIO);
    // the path names the socket we have just bound.
    Files.setAttribute(p, "unix:mode", permissions);
  }

  @Override
  public boolean symlink(Path link, String target) throws IOException {
    checkSymlinkTarget(target);
    Path nearest = link.getFileSystem().getPath(Names.forHost(target));
    Files.createSymbolicLink(link, nearest);
    // An escaped byte became U+FFFD and a normalized slash went missing: either way they differ.
    return nearest.toString().equals(target);
  }

  @Override
  public String readSymlink(Path p) throws IOException {
    Path target = Files.readSymbolicLink(p);
    String s = target.toString();
    // A Path made from the string again has the bytes the link holds only if none were lost.
    if (!p.getFileSystem().getPath(s).equals(target)) {
      throw new UnsupportedHostOperationException(
          p.toString(), "symlink target " + s + " cannot be read exactly: " + limitation);
    }
    return s;
  }

  @Override
  public void chmod(Path p, int permissions) throws IOException {
    checkPermissions(permissions);
    // Following links makes the JDK call chmod(2) on the path instead of opening the node.
    Files.setAttribute(p, "unix:mode", permissions);
  }

  /** Creates a socket node by binding a listening socket there and closing it again. */
  static void bindSocket(Path p) throws IOException {
    try (ServerSocketChannel channel = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      channel.bind(UnixDomainSocketAddress.of(p));
    } catch (FileSystemException e) {
      throw e;
    } catch (IOException e) {
      // Binding fails for paths over 107 bytes (sun_path) and reports it as a SocketException.
      FileSystemException wrapped =
          new FileSystemException(p.toString(), null, "cannot bind socket: " + e.getMessage());
      wrapped.initCause(e);
      throw wrapped;
    }
  }

  @Override
  public void lchown(Path p, long uid, long gid) throws IOException {
    checkId("uid", uid);
    checkId("gid", gid);
    // The JDK's unix view sets owners with lchown(2) when told not to follow links.
    Files.setAttribute(p, "unix:uid", (int) uid, LinkOption.NOFOLLOW_LINKS);
    Files.setAttribute(p, "unix:gid", (int) gid, LinkOption.NOFOLLOW_LINKS);
  }

  @Override
  public void setTimes(Path p, Instant mtime) throws IOException {
    FileTime time = FileTime.from(mtime);
    Files.getFileAttributeView(p, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
        .setTimes(time, time, null);
  }

  @Override
  public HostDirectory openDirectory(Path dir) throws IOException {
    return NioDirectories.open(this, dir);
  }

  @Override
  public boolean raceFree() {
    return false;
  }

  @Override
  public boolean isPrivileged() {
    return privileged;
  }

  @Override
  public Optional<String> limitation() {
    return Optional.of(limitation);
  }

  private static UserDefinedFileAttributeView view(Path p) throws IOException {
    UserDefinedFileAttributeView view =
        Files.getFileAttributeView(
            p, UserDefinedFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
    if (view == null) {
      throw new UnsupportedHostOperationException(p.toString(), "no user attribute view");
    }
    return view;
  }

  private String userName(Path p, String name) throws IOException {
    // The JDK turns bytes that are not UTF-8 into '?': that would be another attribute.
    if (!name.startsWith(USER) || name.length() == USER.length() || Names.hasEscapes(name)) {
      throw new UnsupportedHostOperationException(
          p.toString(), "cannot set attribute " + Names.forHost(name) + ": " + limitation);
    }
    return name.substring(USER.length());
  }

  private static boolean notSupported(FileSystemException e) {
    String reason = e.getReason();
    return reason != null && reason.toLowerCase(Locale.ROOT).contains("not supported");
  }
}
