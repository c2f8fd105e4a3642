package io.github.squashtree.core.internal.nio;

import io.github.squashtree.core.SquashfsFormatException;
import io.github.squashtree.core.internal.format.DeviceInode;
import io.github.squashtree.core.internal.format.DirectoryInode;
import io.github.squashtree.core.internal.format.FileInode;
import io.github.squashtree.core.internal.format.Inode;
import io.github.squashtree.core.internal.format.SymlinkInode;
import io.github.squashtree.core.internal.read.ImageReader;
import io.github.squashtree.core.internal.read.ListingEntry;
import io.github.squashtree.core.internal.read.LruCache;
import io.github.squashtree.core.tree.EntryType;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The tree of an image, read through {@link ImageReader} (thread-safe), with recently used
 * directory listings kept decoded so that a walk looks each child up in memory.
 *
 * <p>A directory inode may hang in one place only (the kernel refuses an alias of a directory too):
 * a second parent or name for it is reported as corrupt, so a hostile image cannot make a walk
 * loop.
 */
final class ImageStore implements Store {
  /**
   * Listings of up to this many stored bytes are decoded whole on a lookup; larger use the index.
   */
  private static final long SMALL_LISTING = 32 * 1024;

  private static final int LISTINGS_KEPT = 64;

  private final ImageReader reader;
  private final long dev;
  private final BlockCache blocks;
  private final ImageNode root;
  private final LruCache<Long, Listing> listings = new LruCache<>(LISTINGS_KEPT);
  private final ConcurrentHashMap<Long, Place> places = new ConcurrentHashMap<>();

  ImageStore(ImageReader reader, long dev, long dataCacheBytes) throws IOException {
    this.reader = reader;
    this.dev = dev;
    this.blocks = new BlockCache(dataCacheBytes);
    long ref = reader.superblock().rootInodeRef();
    this.root = new ImageNode(ref, reader.root());
    places.put(ref, Place.ROOT);
  }

  ImageReader reader() {
    return reader;
  }

  /** An inode of the image and the reference it was read from. */
  record ImageNode(long ref, Inode inode) implements Node {
    @Override
    public EntryType type() {
      return inode.entryType();
    }
  }

  /** Where a directory inode hangs: its parent directory's reference and its name there. */
  private record Place(long parentRef, byte[] name) {
    static final Place ROOT = new Place(-1, new byte[0]);

    boolean same(Place other) {
      return parentRef == other.parentRef && Arrays.equals(name, other.name);
    }
  }

  /** A decoded listing: entries sorted by name bytes, their nodes filled in on first use. */
  private static final class Listing {
    final ListingEntry[] entries;
    final ImageNode[] nodes;

    Listing(List<ListingEntry> list) {
      this.entries = list.toArray(new ListingEntry[0]);
      this.nodes = new ImageNode[entries.length];
    }

    int indexOf(byte[] name) {
      int lo = 0;
      int hi = entries.length - 1;
      while (lo <= hi) {
        int mid = (lo + hi) >>> 1;
        int c = Arrays.compareUnsigned(entries[mid].rawName(), name);
        if (c == 0) {
          return mid;
        }
        if (c < 0) {
          lo = mid + 1;
        } else {
          hi = mid - 1;
        }
      }
      return -1;
    }
  }

  @Override
  public Node root() {
    return root;
  }

  private static ImageNode image(Node node) {
    return (ImageNode) node;
  }

  private static DirectoryInode directory(Node node) {
    return (DirectoryInode) image(node).inode();
  }

  private Listing listing(ImageNode dir) throws IOException {
    Listing l = listings.get(dir.ref());
    if (l == null) {
      l = new Listing(reader.list((DirectoryInode) dir.inode()));
      listings.put(dir.ref(), l);
    }
    return l;
  }

  @Override
  public Node child(Node directory, byte[] name) throws IOException {
    ImageNode dir = image(directory);
    DirectoryInode inode = directory(dir);
    Listing l = listings.get(dir.ref());
    if (l == null && inode.listingSize() <= SMALL_LISTING) {
      l = listing(dir);
    }
    if (l == null) {
      Optional<ListingEntry> e = reader.find(inode, name);
      return e.isEmpty() ? null : node(dir, e.get());
    }
    int i = l.indexOf(name);
    if (i < 0) {
      return null;
    }
    ImageNode n = l.nodes[i];
    if (n == null) {
      n = node(dir, l.entries[i]);
      l.nodes[i] = n; // a benign race: every thread computes the same node
    }
    return n;
  }

  private ImageNode node(ImageNode parent, ListingEntry e) throws IOException {
    Inode inode = reader.inode(e);
    if (inode instanceof DirectoryInode) {
      claim(e.inodeRef(), new Place(parent.ref(), e.rawName()));
    }
    return new ImageNode(e.inodeRef(), inode);
  }

  private void claim(long ref, Place place) throws SquashfsFormatException {
    Place first = places.putIfAbsent(ref, place);
    if (first != null && !first.same(place)) {
      throw new SquashfsFormatException(
          "directory inode "
              + Long.toHexString(ref)
              + " is reached from two places (a directory loop or a hard-linked directory)");
    }
  }

  @Override
  public List<byte[]> names(Node directory) throws IOException {
    Listing l = listing(image(directory));
    List<byte[]> names = new ArrayList<>(l.entries.length);
    for (ListingEntry e : l.entries) {
      names.add(e.rawName());
    }
    return names;
  }

  @Override
  public byte[] target(Node symlink) {
    return ((SymlinkInode) image(symlink).inode()).target();
  }

  @Override
  public NodeAttributes attributes(Node node) throws IOException {
    Inode inode = image(node).inode();
    long size = 0;
    long rdev = 0;
    if (inode instanceof FileInode f) {
      size = f.fileSize();
    } else if (inode instanceof DirectoryInode d) {
      size = d.fileSize(); // what the kernel reports: the listing's size plus 3
    } else if (inode instanceof SymlinkInode s) {
      size = s.target().length;
    } else if (inode instanceof DeviceInode d) {
      rdev = NodeAttributes.makedev(d.major(), d.minor());
    }
    return new NodeAttributes(
        inode.entryType(),
        inode.header().permissions(),
        reader.uid(inode),
        reader.gid(inode),
        inode.header().mtime(),
        size,
        dev,
        inode.inodeNumber(),
        inode.nlink(),
        rdev);
  }

  @Override
  public SortedMap<String, byte[]> xattrs(Node node) throws IOException {
    return reader.xattrs(image(node).inode());
  }

  @Override
  public Content content(Node file) throws IOException {
    return new ImageContent(reader, reader.layout((FileInode) image(file).inode()), blocks);
  }

  @Override
  public boolean xattrsListable(Node node) {
    // The kernel gives listxattr to directories, symlinks and extended inodes, and that fails on
    // an image without xattrs; a basic file, device or ipc inode lists none instead.
    return reader.xattrSetCount() > 0
        || !(node.isDirectory() || node.isSymlink() || image(node).inode().extended());
  }

  @Override
  public boolean immutable() {
    return true;
  }

  @Override
  public long totalSpace() {
    // As statfs on the mounted image: the bytes used, in whole blocks.
    long block = blockSize();
    return (reader.superblock().bytesUsed() + block - 1) / block * block;
  }

  @Override
  public int blockSize() {
    return reader.superblock().blockSize();
  }

  @Override
  public void close() throws IOException {
    listings.clear();
    blocks.clear();
    reader.close();
  }
}
