package io.github.squashtree.core.internal.nio;

import io.github.squashtree.core.tree.Names;
import java.io.IOException;
import java.net.URI;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.ProviderMismatchException;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A path in a squashfs file system: bytes, as a name in an image is bytes (the JDK's own Unix paths
 * hold bytes the same way).
 *
 * <p>The bytes are kept normalized as Linux reads a path string: no empty names ("a//b" is "a/b"),
 * no trailing '/'. "." and ".." stay until {@link #normalize()}: what ".." means depends on the
 * symlinks before it, which only a lookup knows. {@link #toString()} gives the {@link Names} form
 * (a byte that is not UTF-8 becomes U+DC80..U+DCFF), which {@link SquashfsFileSystem#getPath} turns
 * back into the same bytes, so a name survives any round trip through strings.
 */
final class SquashfsPath implements Path {
  private static final byte SLASH = '/';

  private final SquashfsFileSystem fs;
  private final byte[] path;
  private volatile int[] offsets; // where each name starts; computed on first use
  private volatile String string;
  private int hash;

  /** A path of bytes already normalized ({@link #normalizedBytes}). */
  SquashfsPath(SquashfsFileSystem fs, byte[] normalized) {
    this.fs = fs;
    this.path = normalized;
  }

  /** The path a string stands for: its {@link Names} bytes, normalized. */
  static SquashfsPath of(SquashfsFileSystem fs, String input) {
    byte[] bytes = Names.encode(input);
    for (byte b : bytes) {
      if (b == 0) {
        throw new InvalidPathException(input, "Nul character not allowed");
      }
    }
    return new SquashfsPath(fs, normalizedBytes(bytes));
  }

  /** {@code bytes} without doubled or trailing slashes ("/" stays "/"). */
  static byte[] normalizedBytes(byte[] bytes) {
    int n = bytes.length;
    while (n > 1 && bytes[n - 1] == SLASH) {
      n--;
    }
    byte[] out = new byte[n];
    int o = 0;
    for (int i = 0; i < n; i++) {
      if (bytes[i] == SLASH && o > 0 && out[o - 1] == SLASH) {
        continue;
      }
      out[o++] = bytes[i];
    }
    return o == n ? out : Arrays.copyOf(out, o);
  }

  /** The path's bytes (not a copy: callers must not change them). */
  byte[] bytes() {
    return path;
  }

  /** Whether this is the empty path "" (one empty name, as Java defines it). */
  boolean isEmpty() {
    return path.length == 0;
  }

  private int[] offsets() {
    int[] o = offsets;
    if (o == null) {
      List<Integer> starts = new ArrayList<>();
      if (isEmpty()) {
        starts.add(0);
      } else {
        for (int i = 0; i < path.length; i++) {
          if (path[i] != SLASH && (i == 0 || path[i - 1] == SLASH)) {
            starts.add(i);
          }
        }
      }
      o = starts.stream().mapToInt(Integer::intValue).toArray();
      offsets = o;
    }
    return o;
  }

  /** The bytes of name {@code i}. */
  byte[] nameBytes(int i) {
    int[] o = offsets();
    int start = o[i];
    int end = i + 1 < o.length ? o[i + 1] - 1 : path.length;
    return Arrays.copyOfRange(path, start, end);
  }

  @Override
  public SquashfsFileSystem getFileSystem() {
    return fs;
  }

  @Override
  public boolean isAbsolute() {
    return path.length > 0 && path[0] == SLASH;
  }

  @Override
  public Path getRoot() {
    return isAbsolute() ? fs.rootPath() : null;
  }

  @Override
  public Path getFileName() {
    int count = getNameCount();
    if (count == 0) {
      return null;
    }
    if (count == 1 && !isAbsolute()) {
      return this;
    }
    return new SquashfsPath(fs, nameBytes(count - 1));
  }

  @Override
  public Path getParent() {
    int count = getNameCount();
    if (count == 0 || (count == 1 && isEmpty())) {
      return null;
    }
    if (count == 1) {
      return getRoot();
    }
    int end = offsets()[count - 1] - 1;
    return new SquashfsPath(fs, Arrays.copyOf(path, end));
  }

  @Override
  public int getNameCount() {
    return offsets().length;
  }

  @Override
  public Path getName(int index) {
    if (index < 0 || index >= getNameCount()) {
      throw new IllegalArgumentException("no name " + index + " in " + this);
    }
    return new SquashfsPath(fs, nameBytes(index));
  }

  @Override
  public Path subpath(int beginIndex, int endIndex) {
    int count = getNameCount();
    if (beginIndex < 0 || beginIndex >= count || endIndex > count || beginIndex >= endIndex) {
      throw new IllegalArgumentException(
          "no names " + beginIndex + ".." + endIndex + " in " + this);
    }
    int[] o = offsets();
    int start = o[beginIndex];
    int end = endIndex < count ? o[endIndex] - 1 : path.length;
    return new SquashfsPath(fs, Arrays.copyOfRange(path, start, end));
  }

  @Override
  public boolean startsWith(Path other) {
    if (!(Objects.requireNonNull(other) instanceof SquashfsPath that) || that.fs != fs) {
      return false;
    }
    if (that.isAbsolute() != isAbsolute()) {
      return false;
    }
    if (that.isEmpty() || isEmpty()) {
      return that.isEmpty() && isEmpty();
    }
    int n = that.getNameCount();
    if (n > getNameCount()) {
      return false;
    }
    for (int i = 0; i < n; i++) {
      if (!Arrays.equals(nameBytes(i), that.nameBytes(i))) {
        return false;
      }
    }
    return true;
  }

  @Override
  public boolean endsWith(Path other) {
    if (!(Objects.requireNonNull(other) instanceof SquashfsPath that) || that.fs != fs) {
      return false;
    }
    if (that.isAbsolute()) {
      return equals(that);
    }
    if (that.isEmpty() || isEmpty()) {
      return that.isEmpty() && isEmpty();
    }
    int n = that.getNameCount();
    int count = getNameCount();
    if (n > count) {
      return false;
    }
    for (int i = 0; i < n; i++) {
      if (!Arrays.equals(nameBytes(count - n + i), that.nameBytes(i))) {
        return false;
      }
    }
    return true;
  }

  @Override
  public Path normalize() {
    List<byte[]> kept = new ArrayList<>();
    int count = isEmpty() ? 0 : getNameCount();
    for (int i = 0; i < count; i++) {
      byte[] name = nameBytes(i);
      if (isDot(name)) {
        continue;
      }
      if (isDotDot(name)) {
        if (!kept.isEmpty() && !isDotDot(kept.get(kept.size() - 1))) {
          kept.remove(kept.size() - 1);
          continue;
        }
        if (isAbsolute()) {
          continue; // "/.." is "/"
        }
      }
      kept.add(name);
    }
    return join(isAbsolute(), kept);
  }

  private SquashfsPath join(boolean absolute, List<byte[]> names) {
    int size = absolute ? 1 : 0;
    for (byte[] n : names) {
      size += n.length + 1;
    }
    byte[] out = new byte[Math.max(absolute ? 1 : 0, size - 1)];
    int at = 0;
    if (absolute) {
      out[at++] = SLASH;
    }
    for (int i = 0; i < names.size(); i++) {
      if (i > 0) {
        out[at++] = SLASH;
      }
      byte[] n = names.get(i);
      System.arraycopy(n, 0, out, at, n.length);
      at += n.length;
    }
    return new SquashfsPath(fs, out);
  }

  static boolean isDot(byte[] name) {
    return name.length == 1 && name[0] == '.';
  }

  static boolean isDotDot(byte[] name) {
    return name.length == 2 && name[0] == '.' && name[1] == '.';
  }

  @Override
  public SquashfsPath resolve(Path other) {
    SquashfsPath that = check(other);
    if (that.isAbsolute()) {
      return that;
    }
    if (that.isEmpty()) {
      return this;
    }
    return resolve(that.path);
  }

  /** This path followed by the relative bytes {@code name} (one or more names). */
  SquashfsPath resolve(byte[] name) {
    if (isEmpty()) {
      return new SquashfsPath(fs, name);
    }
    boolean root = path.length == 1 && isAbsolute();
    byte[] out = new byte[path.length + (root ? 0 : 1) + name.length];
    System.arraycopy(path, 0, out, 0, path.length);
    int at = path.length;
    if (!root) {
      out[at++] = SLASH;
    }
    System.arraycopy(name, 0, out, at, name.length);
    return new SquashfsPath(fs, out);
  }

  @Override
  public Path relativize(Path other) {
    SquashfsPath that = check(other);
    if (that.isAbsolute() != isAbsolute()) {
      throw new IllegalArgumentException("'other' is different type of Path");
    }
    if (equals(that)) {
      return new SquashfsPath(fs, new byte[0]);
    }
    if (isEmpty()) {
      return that;
    }
    SquashfsPath from = (SquashfsPath) normalize();
    SquashfsPath to = (SquashfsPath) that.normalize();
    List<byte[]> a = from.names();
    List<byte[]> b = to.names();
    int common = 0;
    while (common < a.size() && common < b.size() && Arrays.equals(a.get(common), b.get(common))) {
      common++;
    }
    List<byte[]> out = new ArrayList<>();
    for (int i = common; i < a.size(); i++) {
      out.add(new byte[] {'.', '.'});
    }
    out.addAll(b.subList(common, b.size()));
    return join(false, out);
  }

  /** The names of this path; none for "" and "/". */
  List<byte[]> names() {
    List<byte[]> names = new ArrayList<>();
    if (!isEmpty()) {
      for (int i = 0; i < getNameCount(); i++) {
        names.add(nameBytes(i));
      }
    }
    return names;
  }

  @Override
  public URI toUri() {
    return fs.uriOf(toAbsolutePath());
  }

  @Override
  public SquashfsPath toAbsolutePath() {
    if (isAbsolute()) {
      return this;
    }
    // The working directory of an image is its root, as in zipfs.
    return fs.rootPath().resolve(path);
  }

  @Override
  public Path toRealPath(LinkOption... options) throws IOException {
    return fs.realPath(this, Options.follow(options));
  }

  @Override
  public WatchKey register(
      WatchService watcher, WatchEvent.Kind<?>[] events, WatchEvent.Modifier... modifiers) {
    Objects.requireNonNull(watcher, "watcher");
    throw new UnsupportedOperationException("a squashfs file system does not change: no watching");
  }

  @Override
  public int compareTo(Path other) {
    return Arrays.compareUnsigned(path, ((SquashfsPath) other).path);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SquashfsPath p && p.fs == fs && Arrays.equals(p.path, path);
  }

  @Override
  public int hashCode() {
    int h = hash;
    if (h == 0) {
      h = Arrays.hashCode(path);
      hash = h;
    }
    return h;
  }

  @Override
  public String toString() {
    String s = string;
    if (s == null) {
      s = Names.decode(path);
      string = s;
    }
    return s;
  }

  /** {@code other} as a path of this file system's provider. */
  static SquashfsPath check(Path other) {
    if (!(Objects.requireNonNull(other, "path") instanceof SquashfsPath p)) {
      throw new ProviderMismatchException(other.getClass().getName() + " is not a squashfs path");
    }
    return p;
  }
}
