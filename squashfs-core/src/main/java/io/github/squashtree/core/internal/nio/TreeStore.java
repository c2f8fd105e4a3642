package io.github.squashtree.core.internal.nio;

import io.github.squashtree.core.internal.io.ByteSource;
import io.github.squashtree.core.internal.read.ImageReader;
import io.github.squashtree.core.tree.EntryType;
import io.github.squashtree.core.write.SquashfsWriter;
import io.github.squashtree.core.write.WriterOptions;
import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The tree of a file system in create mode: built through NIO calls, written as an image by {@link
 * SquashfsWriter} when the file system closes. Opened on an existing image, it starts as that
 * image's tree, whose unchanged files keep their stored blocks. File content is spooled ({@link
 * Spool}); whatever happens, {@link #close()} removes the spool and leaves either the new image or
 * the old state.
 */
final class TreeStore implements Store {
  private static final BlockCache NO_CACHE = new BlockCache(0);

  /** The longest name SquashFS stores. */
  static final int MAX_NAME = 256;

  private final Path image;
  private final WriterOptions writerOptions;
  private final long dev;
  private final long defaultUid;
  private final long defaultGid;
  private final int filePermissions;
  private final int directoryPermissions;
  private final OptionalLong fixedTime;
  private final Clock clock = Clock.systemUTC();
  private final SpoolDirectory spools;
  private final ImageReader base;
  private final MemNode root;
  private long nextIno = 1;

  /** Whether anything changed since the tree was made: an unchanged image is not rewritten. */
  private boolean changed;

  private TreeStore(Path image, Env env, long dev, ImageReader base) throws IOException {
    this.image = image;
    this.writerOptions = env.writerOptions();
    this.dev = dev;
    this.defaultUid = env.defaultOwner();
    this.defaultGid = env.defaultGroup();
    this.filePermissions = env.defaultPermissions();
    this.directoryPermissions = env.defaultDirectoryPermissions();
    this.fixedTime = env.mtime();
    this.spools = new SpoolDirectory(env.tempDirectory());
    this.base = base;
    this.root = base == null ? newNode(EntryType.DIRECTORY, null) : ImageSeed.tree(base, this);
    root.links = 1;
  }

  /** A tree for {@code image}: empty, or the tree of the image already there. */
  static TreeStore open(Path image, Env env, long dev) throws IOException {
    if (!Files.exists(image)) {
      Path parent = image.toAbsolutePath().getParent();
      if (parent != null && !Files.isDirectory(parent)) {
        throw new java.nio.file.NoSuchFileException(parent.toString());
      }
      return new TreeStore(image, env, dev, null);
    }
    ImageReader base = ImageReader.open(ByteSource.of(image), env.readerOptions());
    try {
      return new TreeStore(image, env, dev, base);
    } catch (IOException | RuntimeException e) {
      try {
        base.close();
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
  }

  // ---- Store ----

  @Override
  public Node root() {
    return root;
  }

  @Override
  public Node child(Node directory, byte[] name) {
    return ((MemNode) directory).children.get(name);
  }

  @Override
  public List<byte[]> names(Node directory) {
    return new ArrayList<>(((MemNode) directory).children.keySet());
  }

  @Override
  public byte[] target(Node symlink) {
    return ((MemNode) symlink).target;
  }

  @Override
  public NodeAttributes attributes(Node node) {
    MemNode n = (MemNode) node;
    long rdev = n.type().isDevice() ? NodeAttributes.makedev(n.major, n.minor) : 0;
    return new NodeAttributes(
        n.type(),
        n.permissions(),
        n.uid(),
        n.gid(),
        n.mtime(),
        n.size(),
        dev,
        n.ino(),
        n.nlink(),
        rdev);
  }

  @Override
  public SortedMap<String, byte[]> xattrs(Node node) {
    return java.util.Collections.unmodifiableSortedMap(new TreeMap<>(((MemNode) node).xattrs()));
  }

  @Override
  public Content content(Node file) throws IOException {
    MemNode n = (MemNode) file;
    if (n.spool != null) {
      Spool spool = n.spool;
      return new Content() {
        @Override
        public long size() {
          return spool.size();
        }

        @Override
        public int read(long position, byte[] dst, int off, int len) throws IOException {
          return spool.read(position, dst, off, len);
        }
      };
    }
    if (n.stored != null) {
      return new ImageContent(base, n.stored, NO_CACHE);
    }
    return new Content() {
      @Override
      public long size() {
        return 0;
      }

      @Override
      public int read(long position, byte[] dst, int off, int len) {
        return -1;
      }
    };
  }

  @Override
  public boolean xattrsListable(Node node) {
    return true;
  }

  @Override
  public boolean immutable() {
    return false;
  }

  @Override
  public long totalSpace() {
    return 0;
  }

  @Override
  public int blockSize() {
    return writerOptions.blockSize();
  }

  // ---- changes ----

  /** Notes a change: the image must be written on close. */
  void markChanged() {
    changed = true;
  }

  MemNode mutable(Node node) {
    return (MemNode) node;
  }

  /** The time a change gives a node: the env's fixed time, else now. */
  long now() {
    return fixedTime.isPresent() ? fixedTime.getAsLong() : clock.instant().getEpochSecond();
  }

  /** A node with a fresh inode number, nothing else set (for an image's own entries). */
  MemNode bareNode(EntryType type, byte[] target) {
    return new MemNode(type, nextIno++, target);
  }

  MemNode newNode(EntryType type, byte[] target) {
    MemNode n = new MemNode(type, nextIno++, target);
    n.setPermissions(
        switch (type) {
          case DIRECTORY -> directoryPermissions;
          case SYMLINK -> 0777;
          default -> filePermissions;
        });
    n.setUid(defaultUid);
    n.setGid(defaultGid);
    n.setMtime(now());
    return n;
  }

  /** Adds {@code child} to {@code dir} as {@code name}, which must be free and storable. */
  void link(MemNode dir, byte[] name, MemNode child, SquashfsPath path) throws FileSystemException {
    if (name.length > MAX_NAME) {
      throw new FileSystemException(path.toString(), null, Resolver.NAME_TOO_LONG);
    }
    changed = true;
    dir.children.put(name, child);
    child.links++;
    dir.setMtime(now());
  }

  /** Removes the name {@code name} from {@code dir}; the node goes when its last name does. */
  void unlink(MemNode dir, byte[] name) throws IOException {
    changed = true;
    MemNode child = dir.children.remove(name);
    if (child != null) {
      child.links--;
      dir.setMtime(now());
      if (child.links == 0 && child.spool != null) {
        child.spool.discard();
      }
    }
  }

  /** A spool holding a copy of a file's content, made when the file is first written. */
  Spool spoolOf(MemNode file) throws IOException {
    changed = true; // opened to be written
    if (file.spool == null) {
      Spool spool = new Spool(spools);
      if (file.stored != null) {
        ImageContent in = new ImageContent(base, file.stored, NO_CACHE);
        byte[] buf = new byte[64 * 1024];
        long at = 0;
        int n;
        while ((n = in.read(at, buf, 0, buf.length)) > 0) {
          spool.write(at, buf, 0, n);
          at += n;
        }
        file.stored = null;
      }
      file.spool = spool;
    }
    return file.spool;
  }

  Spool newSpool() {
    return new Spool(spools);
  }

  // ---- the image ----

  /**
   * Writes the image (unless the image it started from was left as it was), then frees the spool
   * and that image, whatever happened.
   */
  @Override
  public void close() throws IOException {
    IOException failure = null;
    try {
      if (changed || base == null) {
        SquashfsWriter.write(new MemTree(root, base), image, writerOptions);
      }
    } catch (IOException e) {
      failure = e;
    } finally {
      try {
        spools.delete();
      } catch (IOException e) {
        failure = chain(failure, e);
      }
      if (base != null) {
        try {
          base.close();
        } catch (IOException e) {
          failure = chain(failure, e);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  private static IOException chain(IOException first, IOException next) {
    if (first == null) {
      return next;
    }
    first.addSuppressed(next);
    return first;
  }
}
