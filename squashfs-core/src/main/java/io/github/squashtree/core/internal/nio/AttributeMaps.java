package io.github.squashtree.core.internal.nio;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.UserPrincipal;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * {@code Files.readAttributes(path, "view:names")} and {@code Files.setAttribute}: the views
 * "basic", "posix", "owner" and "unix" with the names and value types of the JDK's Linux provider,
 * "user" ({@code user.*} xattrs, name to bytes) and "squashfs" (its one attribute "xattrs": every
 * extended attribute by full name).
 */
final class AttributeMaps {
  static final List<String> BASIC =
      List.of(
          "lastModifiedTime",
          "lastAccessTime",
          "creationTime",
          "size",
          "isRegularFile",
          "isDirectory",
          "isSymbolicLink",
          "isOther",
          "fileKey");
  static final List<String> POSIX = List.of("permissions", "owner", "group");
  static final List<String> UNIX =
      List.of("mode", "ino", "dev", "rdev", "nlink", "uid", "gid", "ctime");

  private AttributeMaps() {}

  /** The view name and the attribute names of "view:a,b" ("basic" when no view is named). */
  static String[] split(String attributes) {
    int colon = attributes.indexOf(':');
    String view = colon < 0 ? "basic" : attributes.substring(0, colon);
    String names = colon < 0 ? attributes : attributes.substring(colon + 1);
    if (view.isEmpty()) {
      throw new IllegalArgumentException(attributes);
    }
    return new String[] {view, names};
  }

  static Map<String, Object> read(
      SquashfsFileSystem fs, SquashfsPath path, String attributes, boolean follow)
      throws IOException {
    String[] s = split(attributes);
    String view = s[0];
    String[] names = s[1].split(",");
    if (!SquashfsFileSystem.VIEWS.contains(view)) {
      throw new UnsupportedOperationException("View '" + view + "' not available");
    }
    return switch (view) {
      case "user" -> user(fs, path, names, follow);
      case "squashfs" -> squashfs(fs, path, names, follow);
      default -> stat(fs, path, view, names, follow);
    };
  }

  private static Map<String, Object> stat(
      SquashfsFileSystem fs, SquashfsPath path, String view, String[] names, boolean follow)
      throws IOException {
    List<String> allowed =
        switch (view) {
          case "basic" -> BASIC;
          case "owner" -> List.of("owner");
          case "posix" -> concat(BASIC, POSIX);
          default -> concat(concat(BASIC, POSIX), UNIX);
        };
    Set<String> wanted = wanted(allowed, names);
    NodeAttributes a = Operations.attributes(fs, path, follow);
    Map<String, Object> map = new HashMap<>();
    for (String name : wanted) {
      map.put(name, value(a, name));
    }
    return Collections.unmodifiableMap(map);
  }

  private static List<String> concat(List<String> a, List<String> b) {
    return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
  }

  /** The names asked for, all of {@code allowed} for "*"; an unknown name is an error. */
  private static Set<String> wanted(List<String> allowed, String[] names) {
    Set<String> wanted = new java.util.LinkedHashSet<>();
    for (String n : names) {
      if (n.equals("*")) {
        wanted.addAll(allowed);
      } else if (allowed.contains(n)) {
        wanted.add(n);
      } else {
        throw new IllegalArgumentException("'" + n + "' not recognized");
      }
    }
    return wanted;
  }

  private static Object value(NodeAttributes a, String name) {
    return switch (name) {
      case "lastModifiedTime", "lastAccessTime", "creationTime", "ctime" -> a.time();
      case "size" -> a.size();
      case "isRegularFile" -> a.isRegularFile();
      case "isDirectory" -> a.isDirectory();
      case "isSymbolicLink" -> a.isSymbolicLink();
      case "isOther" -> a.isOther();
      case "fileKey" -> a.fileKey();
      case "permissions" -> a.permissions();
      case "owner" -> a.owner();
      case "group" -> a.group();
      case "mode" -> a.mode();
      case "ino" -> a.ino();
      case "dev" -> a.dev();
      case "rdev" -> a.rdev();
      case "nlink" -> (int) a.nlink();
      case "uid" -> (int) a.uid();
      case "gid" -> (int) a.gid();
      default -> throw new IllegalArgumentException("'" + name + "' not recognized");
    };
  }

  private static Map<String, Object> user(
      SquashfsFileSystem fs, SquashfsPath path, String[] names, boolean follow) throws IOException {
    SortedMap<String, byte[]> user = UserView.userXattrs(fs, path, follow);
    Map<String, Object> map = new HashMap<>();
    for (String n : names) {
      if (n.equals("*")) {
        user.forEach((k, v) -> map.put(k, v.clone()));
      } else {
        byte[] v = user.get(n);
        if (v == null) {
          throw UserView.noData(path, "Error reading extended attribute '" + n + "'");
        }
        map.put(n, v.clone());
      }
    }
    return map;
  }

  private static Map<String, Object> squashfs(
      SquashfsFileSystem fs, SquashfsPath path, String[] names, boolean follow) throws IOException {
    wanted(List.of("xattrs"), names);
    Map<String, Object> map = new HashMap<>();
    map.put("xattrs", copy(Operations.xattrs(fs, path, follow)));
    return Collections.unmodifiableMap(map);
  }

  /** A map the caller may keep and change: values cloned. */
  static SortedMap<String, byte[]> copy(Map<String, byte[]> xattrs) {
    SortedMap<String, byte[]> copy = new TreeMap<>();
    xattrs.forEach((k, v) -> copy.put(k, v.clone()));
    return copy;
  }

  // ---- setAttribute ----

  static void set(
      SquashfsFileSystem fs, SquashfsPath path, String attribute, Object value, boolean follow)
      throws IOException {
    String[] s = split(attribute);
    String view = s[0];
    String name = s[1];
    if (!SquashfsFileSystem.VIEWS.contains(view)) {
      throw new UnsupportedOperationException("View '" + view + "' not available");
    }
    Operations.Change change =
        switch (view) {
          case "user" -> userChange(name, value);
          case "squashfs" -> {
            if (!name.equals("xattrs")) {
              throw new IllegalArgumentException("'" + name + "' not recognized");
            }
            yield xattrsChange(value);
          }
          default -> statChange(view, name, value);
        };
    Operations.change(fs, path, follow, change);
  }

  private static Operations.Change statChange(String view, String name, Object value) {
    List<String> settable =
        switch (view) {
          case "basic" -> List.of("lastModifiedTime", "lastAccessTime", "creationTime");
          case "owner" -> List.of("owner");
          case "posix" ->
              List.of(
                  "lastModifiedTime",
                  "lastAccessTime",
                  "creationTime",
                  "permissions",
                  "owner",
                  "group");
          default ->
              List.of(
                  "lastModifiedTime",
                  "lastAccessTime",
                  "creationTime",
                  "permissions",
                  "owner",
                  "group",
                  "mode",
                  "uid",
                  "gid");
        };
    if (!settable.contains(name)) {
      throw new IllegalArgumentException("'" + name + "' not recognized");
    }
    return switch (name) {
      case "lastModifiedTime" -> n -> n.setMtime((FileTime) value);
      case "lastAccessTime", "creationTime" ->
          n -> {
            // An image stores one time: access and creation times are not kept.
            FileTime ignored = (FileTime) value;
          };
      case "permissions" -> {
        @SuppressWarnings("unchecked")
        Set<PosixFilePermission> perms = (Set<PosixFilePermission>) value;
        int bits = NodeAttributes.permissionBits(perms);
        yield n -> n.setPermissions(bits);
      }
      case "mode" -> {
        int mode = (Integer) value;
        yield n -> n.setPermissions(mode & 07777);
      }
      case "owner" -> {
        UserPrincipal p = (UserPrincipal) value;
        yield n -> n.setUid(Principals.uidOf(p));
      }
      case "group" -> {
        GroupPrincipal p = (GroupPrincipal) value;
        yield n -> n.setGid(Principals.gidOf(p));
      }
      case "uid" -> {
        long uid = Integer.toUnsignedLong((Integer) value);
        yield n -> n.setUid(uid);
      }
      default -> {
        long gid = Integer.toUnsignedLong((Integer) value);
        yield n -> n.setGid(gid);
      }
    };
  }

  private static Operations.Change userChange(String name, Object value) {
    byte[] bytes;
    if (value instanceof byte[] b) {
      bytes = b.clone();
    } else {
      ByteBuffer buffer = ((ByteBuffer) value).duplicate();
      bytes = new byte[buffer.remaining()];
      buffer.get(bytes);
    }
    return n -> n.setXattr(UserView.PREFIX + name, bytes);
  }

  private static Operations.Change xattrsChange(Object value) {
    Map<?, ?> map = (Map<?, ?>) value;
    SortedMap<String, byte[]> xattrs = new TreeMap<>();
    for (Map.Entry<?, ?> e : map.entrySet()) {
      xattrs.put((String) e.getKey(), ((byte[]) e.getValue()).clone());
    }
    return n -> n.setXattrs(xattrs);
  }
}
