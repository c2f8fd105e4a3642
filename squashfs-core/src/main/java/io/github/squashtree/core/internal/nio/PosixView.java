package io.github.squashtree.core.internal.nio;

import java.io.IOException;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileAttributeView;
import java.nio.file.attribute.FileOwnerAttributeView;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.nio.file.attribute.UserPrincipal;
import java.util.Set;

/**
 * The basic, owner and posix views of one path: reads look the path up each time (a view may
 * outlive its file); changes work in create mode only. The image keeps one time, the modification
 * time: {@link #setTimes} changes it and ignores the others.
 */
final class PosixView implements PosixFileAttributeView {
  private final SquashfsFileSystem fs;
  private final SquashfsPath path;
  private final boolean follow;
  private final String name;

  private PosixView(SquashfsFileSystem fs, SquashfsPath path, boolean follow, String name) {
    this.fs = fs;
    this.path = path;
    this.follow = follow;
    this.name = name;
  }

  /** The view of {@code type} for a path, or null if there is none of that type. */
  static <V extends FileAttributeView> V of(
      SquashfsFileSystem fs, SquashfsPath path, Class<V> type, boolean follow) {
    FileAttributeView view;
    if (type == BasicFileAttributeView.class) {
      view = new PosixView(fs, path, follow, "basic");
    } else if (type == PosixFileAttributeView.class) {
      view = new PosixView(fs, path, follow, "posix");
    } else if (type == FileOwnerAttributeView.class) {
      view = new PosixView(fs, path, follow, "owner");
    } else if (type == UserDefinedFileAttributeView.class) {
      view = new UserView(fs, path, follow);
    } else {
      return null;
    }
    return type.cast(view);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public PosixFileAttributes readAttributes() throws IOException {
    return Operations.attributes(fs, path, follow);
  }

  @Override
  public void setTimes(FileTime lastModifiedTime, FileTime lastAccessTime, FileTime createTime)
      throws IOException {
    Operations.change(
        fs,
        path,
        follow,
        n -> {
          if (lastModifiedTime != null) {
            n.setMtime(lastModifiedTime);
          }
        });
  }

  @Override
  public UserPrincipal getOwner() throws IOException {
    return readAttributes().owner();
  }

  @Override
  public void setOwner(UserPrincipal owner) throws IOException {
    long uid = Principals.uidOf(owner);
    Operations.change(fs, path, follow, n -> n.setUid(uid));
  }

  @Override
  public void setPermissions(Set<PosixFilePermission> perms) throws IOException {
    int bits = NodeAttributes.permissionBits(perms);
    Operations.change(fs, path, follow, n -> n.setPermissions(bits));
  }

  @Override
  public void setGroup(GroupPrincipal group) throws IOException {
    long gid = Principals.gidOf(group);
    Operations.change(fs, path, follow, n -> n.setGid(gid));
  }
}
