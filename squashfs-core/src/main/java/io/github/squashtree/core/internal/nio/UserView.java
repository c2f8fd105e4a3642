package io.github.squashtree.core.internal.nio;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.FileSystemException;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The {@code user.*} extended attributes, without their prefix, as the JDK's Linux provider shows
 * them; names keep their bytes ({@code Names} form). Changes only in create mode.
 */
final class UserView implements UserDefinedFileAttributeView {
  static final String PREFIX = "user.";
  private static final String NO_DATA = "No data available";

  private final SquashfsFileSystem fs;
  private final SquashfsPath path;
  private final boolean follow;

  UserView(SquashfsFileSystem fs, SquashfsPath path, boolean follow) {
    this.fs = fs;
    this.path = path;
    this.follow = follow;
  }

  @Override
  public String name() {
    return "user";
  }

  /** The user attributes of a node by name without the prefix. */
  static SortedMap<String, byte[]> userXattrs(
      SquashfsFileSystem fs, SquashfsPath path, boolean follow) throws IOException {
    return userXattrs(fs, path, follow, "Unable to get list of extended attributes");
  }

  /** As above; a {@code listing} message (or null) says the names are being listed. */
  private static SortedMap<String, byte[]> userXattrs(
      SquashfsFileSystem fs, SquashfsPath path, boolean follow, String listing) throws IOException {
    SortedMap<String, byte[]> all = Operations.userViewXattrs(fs, path, follow, listing);
    SortedMap<String, byte[]> user = new TreeMap<>();
    for (Map.Entry<String, byte[]> e : all.entrySet()) {
      if (e.getKey().startsWith(PREFIX)) {
        user.put(e.getKey().substring(PREFIX.length()), e.getValue());
      }
    }
    return user;
  }

  static FileSystemException noData(SquashfsPath path, String what) {
    return new FileSystemException(path.toString(), null, what + ": " + NO_DATA);
  }

  @Override
  public List<String> list() throws IOException {
    return new ArrayList<>(userXattrs(fs, path, follow).keySet());
  }

  @Override
  public int size(String name) throws IOException {
    String what = "Unable to get size of extended attribute '" + name + "'";
    byte[] v = userXattrs(fs, path, follow, null).get(checked(name));
    if (v == null) {
      throw noData(path, what);
    }
    return v.length;
  }

  @Override
  public int read(String name, ByteBuffer dst) throws IOException {
    if (dst.isReadOnly()) {
      throw new IllegalArgumentException("Read-only buffer");
    }
    String what = "Error reading extended attribute '" + name + "'";
    byte[] v = userXattrs(fs, path, follow, null).get(checked(name));
    if (v == null) {
      throw noData(path, what);
    }
    if (v.length > dst.remaining()) {
      throw new FileSystemException(path.toString(), null, what + ": Insufficient space in buffer");
    }
    dst.put(v);
    return v.length;
  }

  @Override
  public int write(String name, ByteBuffer src) throws IOException {
    checked(name);
    byte[] bytes = new byte[src.remaining()];
    src.duplicate().get(bytes);
    Operations.change(fs, path, follow, n -> n.setXattr(PREFIX + name, bytes));
    src.position(src.limit());
    return bytes.length;
  }

  @Override
  public void delete(String name) throws IOException {
    checked(name);
    Operations.change(
        fs,
        path,
        follow,
        n -> {
          if (!n.removeXattr(PREFIX + name)) {
            throw noData(path, "Unable to delete extended attribute '" + name + "'");
          }
        });
  }

  private static String checked(String name) {
    if (name == null) {
      throw new NullPointerException("'name' is null");
    }
    return name;
  }
}
