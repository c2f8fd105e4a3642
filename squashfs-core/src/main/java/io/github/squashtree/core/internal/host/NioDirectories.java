package io.github.squashtree.core.internal.host;

import io.github.squashtree.core.tree.EntryType;
import io.github.squashtree.core.tree.Names;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * {@link HostDirectory} by path, for hosts without libc through JNA. Every step refuses a symlink
 * in the last component ({@code NOFOLLOW_LINKS}, {@code CREATE_NEW}), but the directories above it
 * are resolved again at each call: one swapped for a symlink between two calls is followed. That is
 * the limitation {@link HostFileSystem#raceFree()} reports.
 */
final class NioDirectories {
  private NioDirectories() {}

  static HostDirectory open(HostFileSystem host, Path dir) throws IOException {
    if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
      throw Files.exists(dir, LinkOption.NOFOLLOW_LINKS)
          ? new NotDirectoryException(dir.toString())
          : new java.nio.file.NoSuchFileException(dir.toString());
    }
    return new Directory(host, dir);
  }

  /** An object named by its path. */
  private static class Node implements HostNode {
    final HostFileSystem host;
    final Path path;
    final boolean symlink;

    Node(HostFileSystem host, Path path, boolean symlink) {
      this.host = host;
      this.path = path;
      this.symlink = symlink;
    }

    @Override
    public Path path() {
      return path;
    }

    @Override
    public HostStat stat() throws IOException {
      return host.lstat(path);
    }

    @Override
    public void setOwner(long uid, long gid) throws IOException {
      host.lchown(path, uid, gid);
    }

    @Override
    public void setPermissions(int permissions) throws IOException {
      if (symlink) {
        throw new IllegalArgumentException("symlinks have no permission bits of their own");
      }
      host.chmod(path, permissions);
    }

    @Override
    public void setXattr(String name, byte[] value) throws IOException {
      host.setXattr(path, name, value);
    }

    @Override
    public void removeXattr(String name) throws IOException {
      host.removeXattr(path, name);
    }

    @Override
    public void setTimes(Instant mtime) throws IOException {
      host.setTimes(path, mtime);
    }

    @Override
    public void close() throws IOException {}
  }

  private static final class File extends Node implements HostFile {
    private final FileChannel channel;

    File(HostFileSystem host, Path path, FileChannel channel) {
      super(host, path, false);
      this.channel = channel;
    }

    @Override
    public void write(long position, byte[] bytes, int offset, int length) throws IOException {
      ByteBuffer b = ByteBuffer.wrap(bytes, offset, length);
      long at = position;
      while (b.hasRemaining()) {
        at += channel.write(b, at);
      }
    }

    @Override
    public void close() throws IOException {
      channel.close();
    }
  }

  private static final class Directory extends Node implements HostDirectory {
    Directory(HostFileSystem host, Path path) {
      super(host, path, false);
    }

    private Path child(String name) {
      if (name.isEmpty() || name.equals(".") || name.equals("..") || name.indexOf('/') >= 0) {
        throw new IllegalArgumentException("not a single name: " + Names.forHost(name));
      }
      return Names.hostPath(path, name);
    }

    @Override
    public HostDirectory openDirectory(String name) throws IOException {
      return open(host, child(name));
    }

    @Override
    public HostDirectory openParent() throws IOException {
      Path parent = path.getParent();
      return open(host, parent == null ? path : parent);
    }

    @Override
    public HostDirectory makeDirectory(String name, int permissions) throws IOException {
      Path p = child(name);
      Files.createDirectory(p, attribute(permissions));
      return new Directory(host, p);
    }

    @Override
    public HostFile createFile(String name, int permissions) throws IOException {
      Path p = child(name);
      FileChannel channel =
          FileChannel.open(
              p,
              Set.of(
                  StandardOpenOption.CREATE_NEW,
                  StandardOpenOption.WRITE,
                  LinkOption.NOFOLLOW_LINKS),
              attribute(permissions));
      return new File(host, p, channel);
    }

    @Override
    public boolean symlink(String name, String target) throws IOException {
      return host.symlink(child(name), target);
    }

    @Override
    public void mknod(String name, EntryType type, int permissions, int major, int minor)
        throws IOException {
      host.mknod(child(name), type, permissions, major, minor);
    }

    @Override
    public HostNode openNode(String name, ExpectedNode expected) throws IOException {
      Path p = child(name);
      String mismatch = expected.mismatch(host.lstat(p));
      if (mismatch != null) {
        throw ExpectedNode.changed(p, mismatch);
      }
      return new Node(host, p, expected.type() == EntryType.SYMLINK);
    }

    @Override
    public void link(String name, HostDirectory from, String fromName) throws IOException {
      Files.createLink(child(name), ((Directory) from).child(fromName));
    }

    @Override
    public void rename(String name, HostDirectory to, String toName) throws IOException {
      Files.move(
          child(name),
          ((Directory) to).child(toName),
          StandardCopyOption.ATOMIC_MOVE,
          StandardCopyOption.REPLACE_EXISTING);
    }

    @Override
    public void unlink(String name) throws IOException {
      Path p = child(name);
      if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
        throw new FileSystemException(p.toString(), null, "is a directory");
      }
      Files.delete(p);
    }

    @Override
    public void removeDirectory(String name) throws IOException {
      Path p = child(name);
      if (!Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
        throw new NotDirectoryException(p.toString());
      }
      Files.delete(p);
    }

    @Override
    public HostStat stat(String name) throws IOException {
      return host.lstat(child(name));
    }

    @Override
    public List<String> list() throws IOException {
      List<String> names = new ArrayList<>();
      try (DirectoryStream<Path> s = Files.newDirectoryStream(path)) {
        for (Path p : s) {
          names.add(Names.hostName(p));
        }
      }
      return names;
    }
  }

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

  /** {@code permissions & 0777} as a creation attribute (the umask applies, as with open(2)). */
  private static FileAttribute<Set<PosixFilePermission>> attribute(int permissions) {
    HostFileSystem.checkPermissions(permissions);
    Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
    for (int i = 0; i < BITS.length; i++) {
      if ((permissions & (1 << i)) != 0) {
        set.add(BITS[i]);
      }
    }
    return PosixFilePermissions.asFileAttribute(set);
  }
}
