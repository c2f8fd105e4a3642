package io.github.squashtree.core.internal.nio;

import java.io.IOException;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.UserPrincipal;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The {@link FileAttribute}s a create call may pass ({@code Files.createFile(p, attrs)}): the
 * permissions the JDK's own attribute gives ({@code PosixFilePermissions.asFileAttribute}), and as
 * names of the attribute views, {@code unix:mode}, owners, the time and xattrs.
 */
final class InitialAttributes {
  private InitialAttributes() {}

  /** Gives a new node the initial attributes a create call passed. */
  static void apply(MemNode n, FileAttribute<?>... attrs) {
    for (FileAttribute<?> a : attrs) {
      Object v = a.value();
      switch (a.name()) {
        case "posix:permissions", "unix:permissions" -> {
          @SuppressWarnings("unchecked")
          Set<PosixFilePermission> perms = (Set<PosixFilePermission>) v;
          n.setPermissions(NodeAttributes.permissionBits(perms));
        }
        case "unix:mode" -> n.setPermissions((Integer) v);
        case "posix:owner", "owner:owner" -> n.setUid(uid((UserPrincipal) v));
        case "posix:group" -> n.setGid(gid((GroupPrincipal) v));
        case "unix:uid" -> n.setUid(Integer.toUnsignedLong((Integer) v));
        case "unix:gid" -> n.setGid(Integer.toUnsignedLong((Integer) v));
        case "basic:lastModifiedTime" -> n.setMtime((FileTime) v);
        case "squashfs:xattrs" -> {
          SortedMap<String, byte[]> x = new TreeMap<>();
          ((Map<?, ?>) v).forEach((k, b) -> x.put((String) k, (byte[]) b));
          n.setXattrs(x);
        }
        default -> {
          if (a.name().startsWith("user:")) {
            n.setXattr(UserView.PREFIX + a.name().substring(5), (byte[]) v);
          } else {
            throw new UnsupportedOperationException(
                "'" + a.name() + "' not supported as initial attribute");
          }
        }
      }
    }
  }

  private static long uid(UserPrincipal p) {
    try {
      return Principals.uidOf(p);
    } catch (IOException e) {
      throw new IllegalArgumentException("not a numeric owner: " + p, e);
    }
  }

  private static long gid(GroupPrincipal p) {
    try {
      return Principals.gidOf(p);
    } catch (IOException e) {
      throw new IllegalArgumentException("not a numeric group: " + p, e);
    }
  }
}
