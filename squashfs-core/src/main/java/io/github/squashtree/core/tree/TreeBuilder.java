package io.github.squashtree.core.tree;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Builds a {@link Tree} in memory, so that build tools can make images without a staging directory.
 *
 * <pre>{@code
 * Tree tree = new TreeBuilder()
 *     .file("/etc/hostname", "box\n".getBytes(UTF_8), Attributes.of(0644))
 *     .file("/app/app.jar", Path.of("build/app.jar"), Attributes.of(0644).owner(1000, 1000))
 *     .symlink("/etc/localtime", "/usr/share/zoneinfo/UTC", Attributes.of(0777))
 *     .hardLink("/etc/hostname.bak", "/etc/hostname")
 *     .whiteout("/etc/motd")
 *     .build();
 * SquashfsWriter.write(tree, Path.of("layer.sqfs"), WriterOptions.defaults());
 * }</pre>
 *
 * <p>Missing parent directories are made with {@link Attributes#DIRECTORY}; a later {@link
 * #directory} call gives such a directory its own attributes. File content is not read while
 * building: byte arrays are kept (copied), suppliers and paths are opened when the tree is read. A
 * file must deliver exactly its declared size; the writer fails otherwise. Times are kept as given
 * (the tree reports nanosecond precision); the default time is the epoch, so that a tree built
 * twice is the same tree. A builder makes one tree; it is not thread-safe, the tree it builds is
 * immutable and thread-safe.
 */
public final class TreeBuilder {
  /**
   * The longest name SquashFS stores (its directory entries hold the length minus one in 8 bits).
   */
  public static final int MAX_NAME_BYTES = 256;

  /** Supplies the content of a file each time the tree is read. */
  @FunctionalInterface
  public interface ContentSource {
    /**
     * A new stream over the whole content, from its start. The caller closes it.
     *
     * @return the stream
     * @throws IOException if the content cannot be read
     */
    InputStream open() throws IOException;
  }

  /**
   * The metadata a caller chooses for an entry; type, size, link counts and link keys are the
   * builder's business.
   *
   * @param permissions permission bits including setuid, setgid and sticky ({@code 07777})
   * @param uid numeric owner
   * @param gid numeric group
   * @param mtime modification time
   * @param xattrs extended attributes by full name ("user.x", "security.capability")
   */
  public record Attributes(
      int permissions, long uid, long gid, Instant mtime, SortedMap<String, byte[]> xattrs) {
    /** 0644, root-owned, at the epoch, no xattrs. */
    public static final Attributes FILE = of(0644);

    /** 0755, root-owned, at the epoch, no xattrs. */
    public static final Attributes DIRECTORY = of(0755);

    /** 0777 (as Linux shows symlinks), root-owned, at the epoch. */
    public static final Attributes SYMLINK = of(0777);

    /**
     * Checks the ranges and keeps an unmodifiable copy of the xattrs.
     *
     * @param permissions permission bits including setuid, setgid and sticky ({@code 07777})
     * @param uid numeric owner
     * @param gid numeric group
     * @param mtime modification time
     * @param xattrs extended attributes by full name ("user.x", "security.capability")
     */
    public Attributes {
      if ((permissions & ~07777) != 0) {
        throw new IllegalArgumentException(
            "permission bits out of range: " + Integer.toOctalString(permissions));
      }
      if (uid < 0 || uid > 0xFFFFFFFFL || gid < 0 || gid > 0xFFFFFFFFL) {
        throw new IllegalArgumentException("uid and gid must fit in 32 unsigned bits");
      }
      Objects.requireNonNull(mtime, "mtime");
      TreeMap<String, byte[]> copy = new TreeMap<>();
      if (xattrs != null) {
        xattrs.forEach((k, v) -> copy.put(Objects.requireNonNull(k), v.clone()));
      }
      xattrs = Collections.unmodifiableSortedMap(copy);
    }

    /**
     * {@code permissions}, owned by 0:0, at the epoch, no xattrs.
     *
     * @param permissions permission bits, {@code 07777} at most
     * @return the attributes
     */
    public static Attributes of(int permissions) {
      return new Attributes(permissions, 0, 0, Instant.EPOCH, null);
    }

    /**
     * These attributes with another owner.
     *
     * @param uid numeric owner
     * @param gid numeric group
     * @return the new attributes
     */
    public Attributes owner(long uid, long gid) {
      return new Attributes(permissions, uid, gid, mtime, xattrs);
    }

    /**
     * These attributes with another modification time.
     *
     * @param time the modification time
     * @return the new attributes
     */
    public Attributes mtime(Instant time) {
      return new Attributes(permissions, uid, gid, time, xattrs);
    }

    /**
     * These attributes plus (or with a new value for) the xattr {@code name}.
     *
     * @param name the attribute's full name ("user.x")
     * @param value its value, copied
     * @return the new attributes
     */
    public Attributes xattr(String name, byte[] value) {
      TreeMap<String, byte[]> more = new TreeMap<>(xattrs);
      more.put(name, value);
      return new Attributes(permissions, uid, gid, mtime, more);
    }
  }

  /** One object of the tree; hard links share one. */
  private static final class Node {
    final EntryType type;
    Attributes attributes;
    final String symlinkTarget;
    final int major;
    final int minor;
    final long size;
    final ContentSource content;
    final long key;
    boolean implicit;

    Node(
        EntryType type,
        Attributes attributes,
        String symlinkTarget,
        int major,
        int minor,
        long size,
        ContentSource content,
        long key) {
      this.type = type;
      this.attributes = Objects.requireNonNull(attributes, "attributes");
      this.symlinkTarget = symlinkTarget;
      this.major = major;
      this.minor = minor;
      this.size = size;
      this.content = content;
      this.key = key;
    }
  }

  private final Map<String, Node> nodes = new LinkedHashMap<>();
  private long nextKey = 1;
  private boolean built;

  /** A builder holding only the root directory, with {@link Attributes#DIRECTORY}. */
  public TreeBuilder() {
    nodes.put("/", newNode(EntryType.DIRECTORY, Attributes.DIRECTORY, null, 0, 0, 0, null));
  }

  /**
   * A directory at {@code path}; "/" sets the root's attributes. A directory already made
   * implicitly as a parent takes these attributes.
   *
   * @param path where it goes
   * @param attributes its metadata
   * @return this builder
   */
  public TreeBuilder directory(String path, Attributes attributes) {
    Node existing = nodes.get(path);
    if (existing != null
        && existing.type == EntryType.DIRECTORY
        && (existing.implicit || path.equals("/"))) {
      existing.attributes = Objects.requireNonNull(attributes, "attributes");
      existing.implicit = false;
      return this;
    }
    return add(path, newNode(EntryType.DIRECTORY, attributes, null, 0, 0, 0, null));
  }

  /**
   * A regular file holding a copy of {@code content}.
   *
   * @param path where it goes
   * @param content the content, copied
   * @param attributes its metadata
   * @return this builder
   */
  public TreeBuilder file(String path, byte[] content, Attributes attributes) {
    byte[] copy = content.clone();
    return add(
        path,
        newNode(
            EntryType.FILE,
            attributes,
            null,
            0,
            0,
            copy.length,
            () -> new ByteArrayInputStream(copy)));
  }

  /**
   * A regular file of {@code size} bytes whose content {@code source} delivers each time the file
   * is read (the writer reads a file again to confirm a duplicate).
   *
   * @param path where it goes
   * @param size the content's length, which the source must deliver
   * @param source opens the content
   * @param attributes its metadata
   * @return this builder
   */
  public TreeBuilder file(String path, long size, ContentSource source, Attributes attributes) {
    if (size < 0) {
      throw new IllegalArgumentException("negative size: " + size);
    }
    Objects.requireNonNull(source, "source");
    return add(path, newNode(EntryType.FILE, attributes, null, 0, 0, size, source));
  }

  /**
   * A regular file with the content of the host file {@code source}: its size is taken now, its
   * bytes when the tree is read. Only the content is used, not the host file's metadata.
   *
   * @param path where it goes
   * @param source a regular file on the host
   * @param attributes its metadata
   * @return this builder
   * @throws IOException if {@code source} is not a regular file or its size cannot be read
   */
  public TreeBuilder file(String path, Path source, Attributes attributes) throws IOException {
    if (!Files.isRegularFile(source)) {
      throw new IOException(source + ": not a regular file");
    }
    long size = Files.size(source);
    return file(
        path, size, () -> Files.newInputStream(source, LinkOption.NOFOLLOW_LINKS), attributes);
  }

  /**
   * A symbolic link.
   *
   * @param path where it goes
   * @param target the link's target, not empty, without NUL
   * @param attributes its metadata
   * @return this builder
   */
  public TreeBuilder symlink(String path, String target, Attributes attributes) {
    if (target.isEmpty() || target.indexOf('\0') >= 0) {
      throw new IllegalArgumentException("bad symlink target for " + path);
    }
    return add(
        path,
        newNode(EntryType.SYMLINK, attributes, target, 0, 0, Names.encode(target).length, null));
  }

  /**
   * A block device.
   *
   * @param path where it goes
   * @param major device major number, 0..4095
   * @param minor device minor number, 0..1048575
   * @param attributes its metadata
   * @return this builder
   */
  public TreeBuilder blockDevice(String path, int major, int minor, Attributes attributes) {
    return device(path, EntryType.BLOCK_DEVICE, major, minor, attributes);
  }

  /**
   * A character device; 0/0 is what overlayfs takes for a whiteout.
   *
   * @param path where it goes
   * @param major device major number, 0..4095
   * @param minor device minor number, 0..1048575
   * @param attributes its metadata
   * @return this builder
   */
  public TreeBuilder charDevice(String path, int major, int minor, Attributes attributes) {
    return device(path, EntryType.CHAR_DEVICE, major, minor, attributes);
  }

  /**
   * A named pipe.
   *
   * @param path where it goes
   * @param attributes its metadata
   * @return this builder
   */
  public TreeBuilder fifo(String path, Attributes attributes) {
    return add(path, newNode(EntryType.FIFO, attributes, null, 0, 0, 0, null));
  }

  /**
   * A Unix socket.
   *
   * @param path where it goes
   * @param attributes its metadata
   * @return this builder
   */
  public TreeBuilder socket(String path, Attributes attributes) {
    return add(path, newNode(EntryType.SOCKET, attributes, null, 0, 0, 0, null));
  }

  /**
   * A second name at {@code path} for the non-directory already at {@code existing}.
   *
   * @param path the new name
   * @param existing the path of a file, symlink or special file already added
   * @return this builder
   */
  public TreeBuilder hardLink(String path, String existing) {
    Node target = nodes.get(existing);
    if (target == null) {
      throw new IllegalArgumentException("no entry at " + existing);
    }
    if (target.type == EntryType.DIRECTORY) {
      throw new IllegalArgumentException("cannot hard-link a directory: " + existing);
    }
    return add(path, target);
  }

  /**
   * The tree of everything added so far. The builder cannot be used afterwards.
   *
   * @return the tree, immutable and thread-safe
   */
  public Tree build() {
    if (built) {
      throw new IllegalStateException("this builder has already built its tree");
    }
    built = true;
    Map<Node, Integer> names = new HashMap<>();
    Map<String, Integer> subdirectories = new HashMap<>();
    for (Map.Entry<String, Node> e : nodes.entrySet()) {
      names.merge(e.getValue(), 1, Integer::sum);
      if (e.getValue().type == EntryType.DIRECTORY && !e.getKey().equals("/")) {
        subdirectories.merge(parentOf(e.getKey()), 1, Integer::sum);
      }
    }
    Map<String, Entry> entries = new HashMap<>();
    Map<String, List<Entry>> children = new HashMap<>();
    Map<Long, ContentSource> contents = new HashMap<>();
    for (Map.Entry<String, Node> e : nodes.entrySet()) {
      String path = e.getKey();
      Node n = e.getValue();
      long nlink =
          n.type == EntryType.DIRECTORY ? 2 + subdirectories.getOrDefault(path, 0) : names.get(n);
      Attributes a = n.attributes;
      Metadata m =
          new Metadata(
              n.type,
              a.permissions(),
              a.uid(),
              a.gid(),
              a.mtime(),
              n.size,
              n.symlinkTarget,
              n.major,
              n.minor,
              a.xattrs(),
              nlink,
              n.key);
      Entry entry = new Entry(path, m);
      entries.put(path, entry);
      if (n.type == EntryType.DIRECTORY) {
        children.computeIfAbsent(path, k -> new ArrayList<>());
      }
      if (!path.equals("/")) {
        children.computeIfAbsent(parentOf(path), k -> new ArrayList<>()).add(entry);
      }
      if (n.content != null) {
        contents.put(n.key, n.content);
      }
    }
    Map<String, List<Entry>> sorted = new HashMap<>();
    children.forEach(
        (dir, list) -> {
          list.sort(NameOrder.ENTRIES);
          sorted.put(dir, List.copyOf(list));
        });
    return new BuiltTree(entries, sorted, contents);
  }

  private TreeBuilder device(
      String path, EntryType type, int major, int minor, Attributes attributes) {
    // The 32-bit device word of SquashFS holds a 12-bit major and a 20-bit minor.
    if (major < 0 || major > 0xFFF || minor < 0 || minor > 0xFFFFF) {
      throw new IllegalArgumentException(
          "device number " + major + ":" + minor + " out of range for " + path);
    }
    return add(path, newNode(type, attributes, null, major, minor, 0, null));
  }

  private Node newNode(
      EntryType type,
      Attributes attributes,
      String target,
      int major,
      int minor,
      long size,
      ContentSource content) {
    return new Node(type, attributes, target, major, minor, size, content, nextKey++);
  }

  private TreeBuilder add(String path, Node node) {
    if (built) {
      throw new IllegalStateException("this builder has already built its tree");
    }
    checkPath(path);
    if (nodes.containsKey(path)) {
      throw new IllegalArgumentException("already there: " + path);
    }
    makeParents(parentOf(path));
    nodes.put(path, node);
    return this;
  }

  /** Makes the missing directories above an entry, top down (a loop: paths can be deep). */
  private void makeParents(String dir) {
    Deque<String> missing = new ArrayDeque<>();
    Node existing;
    while ((existing = nodes.get(dir)) == null) {
      missing.push(dir);
      dir = parentOf(dir);
    }
    if (existing.type != EntryType.DIRECTORY) {
      throw new IllegalArgumentException("parent is not a directory: " + dir);
    }
    while (!missing.isEmpty()) {
      Node made = newNode(EntryType.DIRECTORY, Attributes.DIRECTORY, null, 0, 0, 0, null);
      made.implicit = true;
      nodes.put(missing.pop(), made);
    }
  }

  /** Absolute, no empty, "." or ".." component, names SquashFS can store. */
  private static void checkPath(String path) {
    if (!path.startsWith("/") || path.equals("/") || path.endsWith("/")) {
      throw new IllegalArgumentException("bad path: " + path);
    }
    for (String name : path.substring(1).split("/", -1)) {
      if (name.isEmpty() || name.equals(".") || name.equals("..") || name.indexOf('\0') >= 0) {
        throw new IllegalArgumentException("bad path: " + path);
      }
      if (Names.encode(name).length > MAX_NAME_BYTES) {
        throw new IllegalArgumentException(
            "name longer than " + MAX_NAME_BYTES + " bytes in " + path);
      }
    }
  }

  private static String parentOf(String path) {
    int slash = path.lastIndexOf('/');
    return slash == 0 ? "/" : path.substring(0, slash);
  }

  /** The immutable tree a builder makes. */
  private static final class BuiltTree implements Tree {
    private final Map<String, Entry> entries;
    private final Map<String, List<Entry>> children;
    private final Map<Long, ContentSource> contents;

    BuiltTree(
        Map<String, Entry> entries,
        Map<String, List<Entry>> children,
        Map<Long, ContentSource> contents) {
      this.entries = Map.copyOf(entries);
      this.children = Map.copyOf(children);
      this.contents = Map.copyOf(contents);
    }

    @Override
    public Entry root() {
      return entries.get("/");
    }

    @Override
    public List<Entry> children(Entry directory) {
      List<Entry> list = children.get(directory.path());
      if (list == null || !directory.equals(entries.get(directory.path()))) {
        throw new IllegalArgumentException("not a directory of this tree: " + directory.path());
      }
      return list;
    }

    @Override
    public Optional<Entry> lookup(String path) {
      return Optional.ofNullable(entries.get(path));
    }

    @Override
    public InputStream open(Entry file) throws IOException {
      ContentSource source =
          file.type() == EntryType.FILE ? contents.get(file.metadata().linkKey()) : null;
      if (source == null) {
        throw new IllegalArgumentException("not a regular file of this tree: " + file.path());
      }
      InputStream in = source.open();
      if (in == null) {
        throw new IOException(file.path() + ": content source gave no stream");
      }
      return in;
    }

    @Override
    public TimePrecision precision() {
      return TimePrecision.NANOSECONDS;
    }

    @Override
    public void close() {}
  }
}
