package io.github.squashtree.core.internal.read;

import io.github.squashtree.core.SquashfsFormatException;
import io.github.squashtree.core.compression.Compression;
import io.github.squashtree.core.compression.CompressorOptions;
import io.github.squashtree.core.image.ReaderOptions;
import io.github.squashtree.core.internal.codec.CodecLibrary;
import io.github.squashtree.core.internal.format.DataBlock;
import io.github.squashtree.core.internal.format.DirectoryInode;
import io.github.squashtree.core.internal.format.FileInode;
import io.github.squashtree.core.internal.format.Inode;
import io.github.squashtree.core.internal.format.InodeType;
import io.github.squashtree.core.internal.format.MetadataBlock;
import io.github.squashtree.core.internal.format.Superblock;
import io.github.squashtree.core.internal.format.SymlinkInode;
import io.github.squashtree.core.internal.io.ByteSource;
import io.github.squashtree.core.tree.Names;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A SquashFS 4.0 image opened for reading.
 *
 * <p>Everything read from the image is checked before use: a malformed, truncated or hostile image
 * gives a {@link SquashfsFormatException}, never another exception, an unbounded allocation or a
 * loop. Instances are safe for concurrent use by many threads.
 *
 * <pre>{@code
 * try (ImageReader image = ImageReader.open(Path.of("root.sqfs"))) {
 *   Inode passwd = image.lookup("/etc/passwd").orElseThrow();
 *   try (InputStream in = image.openFile((FileInode) passwd)) { ... }
 * }
 * }</pre>
 */
public final class ImageReader implements Closeable {
  private final ByteSource source;
  private final Superblock superblock;
  private final Compression compression;
  private final Optional<CompressorOptions> compressorOptions;
  private final BlockReader blocks;
  private final InodeReader inodes;
  private final DirectoryReader directories;
  private final IdTable ids;
  private final FragmentTable fragments;
  private final DataReader data;
  private final ExportTable exports;
  private final XattrReader xattrs;

  private ImageReader(ByteSource source, ReaderOptions options) throws IOException {
    this.source = source;
    long available = source.size();
    byte[] raw = new byte[Superblock.SIZE];
    if (available < Superblock.SIZE) {
      throw new SquashfsFormatException(
          "image too small for a superblock: " + available + " bytes");
    }
    readSuperblock(raw);
    this.superblock = Superblock.decode(ByteBuffer.wrap(raw));
    superblock.validateLayout(available);
    this.compression = Compression.fromId(superblock.compressionId());
    CodecLibrary.checkReadable(compression); // before any table: they are all compressed
    long end = superblock.bytesUsed();
    this.compressorOptions = readCompressorOptions(end);
    this.blocks =
        new BlockReader(
            source,
            end,
            superblock.blockSize(),
            new DecompressorPool(compression, compressorOptions.orElse(null)),
            options.metadataCacheBlocks());
    long inodeStart = superblock.inodeTableStart();
    long dirStart = superblock.directoryTableStart();
    this.inodes = new InodeReader(blocks, inodeStart, dirStart, superblock.inodeCount());
    this.directories =
        new DirectoryReader(
            blocks, dirStart, directoryTableEnd(), dirStart - inodeStart, superblock.inodeCount());
    this.ids = IdTable.load(blocks, superblock.idTableStart(), superblock.idCount());
    this.fragments =
        FragmentTable.open(
            blocks,
            superblock.fragmentTableStart(),
            superblock.hasFragmentTable() ? superblock.fragmentCount() : 0,
            options.fragmentCacheBlocks());
    this.data = new DataReader(blocks, fragments);
    this.exports =
        superblock.hasExportTable()
            ? ExportTable.open(blocks, superblock.exportTableStart(), superblock.inodeCount())
            : null;
    this.xattrs =
        superblock.hasXattrTable()
            ? XattrReader.open(blocks, superblock.xattrIdTableStart(), options)
            : null;
  }

  /** Opens the image in a file. */
  public static ImageReader open(Path file) throws IOException {
    return open(ByteSource.of(file), ReaderOptions.defaults());
  }

  /** Opens an image from any positional source; closing the image closes the source. */
  public static ImageReader open(ByteSource source) throws IOException {
    return open(source, ReaderOptions.defaults());
  }

  /**
   * Opens an image from any positional source, starting {@link ReaderOptions#offset()} bytes into
   * it; closing the image closes the source.
   */
  public static ImageReader open(ByteSource source, ReaderOptions options) throws IOException {
    try {
      return new ImageReader(at(source, options.offset()), options);
    } catch (IOException | RuntimeException e) {
      try {
        source.close();
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      if (e instanceof ArithmeticException) {
        throw new SquashfsFormatException("image offsets overflow: " + e.getMessage(), e);
      }
      throw e;
    }
  }

  /** The image's bytes in {@code source}: from {@code offset}, which must lie inside it. */
  private static ByteSource at(ByteSource source, long offset) throws IOException {
    if (offset == 0) {
      return source;
    }
    long size = source.size();
    if (offset > size) {
      throw new SquashfsFormatException(
          "image offset " + offset + " lies beyond the end of the file (" + size + " bytes)");
    }
    return source.from(offset);
  }

  private void readSuperblock(byte[] raw) throws IOException {
    try {
      source.readFully(0, raw, 0, raw.length);
    } catch (EOFException e) {
      throw new SquashfsFormatException("truncated image: no complete superblock", e);
    }
  }

  private Optional<CompressorOptions> readCompressorOptions(long end) throws IOException {
    if (!superblock.hasFlag(Superblock.FLAG_COMPRESSOR_OPTIONS)) {
      return Optional.empty();
    }
    // The options block is always stored uncompressed, right after the superblock.
    byte[] header = new byte[2];
    BlockReader.requireRange(Superblock.SIZE, 2, end, "compressor options");
    source.readFully(Superblock.SIZE, header, 0, 2);
    int word = (header[0] & 0xFF) | (header[1] & 0xFF) << 8;
    int size = MetadataBlock.storedSize(word, Superblock.SIZE);
    if (MetadataBlock.isCompressed(word) || size > 64) {
      throw new SquashfsFormatException(
          "compressor options block at 96 is compressed or too large (" + size + " bytes)");
    }
    BlockReader.requireRange(Superblock.SIZE + 2, size, end, "compressor options");
    byte[] body = new byte[size];
    source.readFully(Superblock.SIZE + 2, body, 0, size);
    Optional<CompressorOptions> options =
        CompressorOptions.decode(compression, ByteBuffer.wrap(body).order(ByteOrder.LITTLE_ENDIAN));
    // An xz dictionary above the block size is accepted, as the kernel accepts it (mksquashfs
    // never writes one); the decoder bounds what a block may make it allocate.
    return options;
  }

  /** The directory table ends where the next table's data begins, or at the image's end. */
  private long directoryTableEnd() {
    long end = superblock.bytesUsed();
    long start = superblock.directoryTableStart();
    long[] candidates = {
      superblock.fragmentTableStart(),
      superblock.exportTableStart(),
      superblock.idTableStart(),
      superblock.xattrIdTableStart()
    };
    for (long c : candidates) {
      if (c > start && c < end) {
        end = c;
      }
    }
    return end;
  }

  public Superblock superblock() {
    return superblock;
  }

  public Compression compression() {
    return compression;
  }

  public Optional<CompressorOptions> compressorOptions() {
    return compressorOptions;
  }

  /** The root directory's inode. */
  public DirectoryInode root() throws IOException {
    Inode root = inode(superblock.rootInodeRef());
    if (!(root instanceof DirectoryInode dir)) {
      throw new SquashfsFormatException(
          "root inode is a " + root.entryType().label() + ", not a directory");
    }
    return dir;
  }

  /** The inode at a reference into the inode table. */
  public Inode inode(long ref) throws IOException {
    ensureOpen();
    return inodes.read(ref);
  }

  /** The inode of a listing entry, checked against the type the listing records. */
  public Inode inode(ListingEntry entry) throws IOException {
    Inode inode = inode(entry.inodeRef());
    if (InodeType.basic(inode.header().type()) != entry.basicType()
        || inode.inodeNumber() != entry.inodeNumber()) {
      throw new SquashfsFormatException(
          "entry \""
              + entry.name()
              + "\" records type "
              + entry.basicType()
              + " and inode "
              + entry.inodeNumber()
              + ", but its inode has type "
              + inode.header().type()
              + " and number "
              + inode.inodeNumber());
    }
    return inode;
  }

  /** The entries of a directory, sorted by name bytes (checked). */
  public List<ListingEntry> list(DirectoryInode dir) throws IOException {
    ensureOpen();
    return directories.list(dir);
  }

  /** The entry called {@code name} in a directory, using its index when it has one. */
  public Optional<ListingEntry> find(DirectoryInode dir, String name) throws IOException {
    ensureOpen();
    return directories.lookup(dir, Names.encode(name));
  }

  /** The entry whose name is the bytes {@code name} in a directory, through its index. */
  public Optional<ListingEntry> find(DirectoryInode dir, byte[] name) throws IOException {
    ensureOpen();
    return directories.lookup(dir, name);
  }

  /**
   * The inode at an absolute path ("/" is the root) without following symlinks. Empty when a
   * component does not exist or is not a directory.
   */
  public Optional<Inode> lookup(String path) throws IOException {
    Inode current = root();
    for (String part : path.split("/")) {
      if (part.isEmpty() || part.equals(".")) {
        continue;
      }
      if (!(current instanceof DirectoryInode dir)) {
        return Optional.empty();
      }
      Optional<ListingEntry> next = find(dir, part);
      if (next.isEmpty()) {
        return Optional.empty();
      }
      current = inode(next.get());
    }
    return Optional.of(current);
  }

  /** The owner's numeric id. */
  public long uid(Inode inode) throws SquashfsFormatException {
    return ids.get(inode.header().uidIndex(), inode.inodeNumber(), "uid");
  }

  /** The group's numeric id. */
  public long gid(Inode inode) throws SquashfsFormatException {
    return ids.get(inode.header().gidIndex(), inode.inodeNumber(), "gid");
  }

  /** A symlink's target as the string standing for its bytes ({@link Names}). */
  public String readlink(SymlinkInode link) {
    return Names.decode(link.target());
  }

  /** An inode's extended attributes by full name; empty when it has none. */
  public SortedMap<String, byte[]> xattrs(Inode inode) throws IOException {
    ensureOpen();
    if (!inode.hasXattrs()) {
      return Collections.emptySortedMap();
    }
    if (xattrs == null) {
      throw new SquashfsFormatException(
          "inode "
              + inode.inodeNumber()
              + " has xattr index "
              + inode.xattrIndex()
              + " but the image has no xattr table");
    }
    return Collections.unmodifiableSortedMap(new TreeMap<>(xattrs.read(inode.xattrIndex())));
  }

  /** The inode reference of an inode number, through the export table. */
  public long inodeRefOf(long inodeNumber) throws IOException {
    ensureOpen();
    if (exports == null) {
      throw new SquashfsFormatException("image has no export table");
    }
    return exports.inodeRef(inodeNumber);
  }

  /** Where a file's blocks and tail lie; checks every block against the image. */
  public FileLayout layout(FileInode file) throws IOException {
    ensureOpen();
    return data.layout(file);
  }

  /** The content of a file as a stream. */
  public InputStream openFile(FileInode file) throws IOException {
    return new ImageFileInputStream(data, layout(file));
  }

  /**
   * Reads up to {@code len} bytes of a file at {@code position}, decoding only the blocks that hold
   * them. Returns the number read, or -1 at or past the end.
   */
  public int read(FileInode file, long position, byte[] dst, int off, int len) throws IOException {
    java.util.Objects.checkFromIndexSize(off, len, dst.length);
    if (position < 0) {
      throw new IllegalArgumentException("negative position");
    }
    ensureOpen();
    return data.read(data.cachedLayout(file), position, dst, off, len);
  }

  /** Decodes block {@code i} of a layout into {@code dst}; {@code scratch} holds a block. */
  public void readBlock(FileLayout layout, int i, byte[] dst, byte[] scratch) throws IOException {
    ensureOpen();
    data.readBlock(layout, i, dst, scratch);
  }

  /**
   * Whether block {@code i} of a layout is stored uncompressed, so that part of it can be read
   * without reading the rest ({@link #readStoredPart}).
   */
  public static boolean isStoredUncompressed(FileLayout layout, int i) {
    int word = layout.sizeWord(i);
    return !DataBlock.isSparse(word)
        && !DataBlock.isCompressed(word)
        && !DataBlock.hasUnknownBits(word);
  }

  /**
   * Reads {@code len} bytes from {@code from} within block {@code i} of a layout, a block stored
   * uncompressed ({@link #isStoredUncompressed}); checks the block's stored size first.
   */
  public void readStoredPart(FileLayout layout, int i, int from, byte[] dst, int off, int len)
      throws IOException {
    ensureOpen();
    data.readStoredPart(layout, i, from, dst, off, len);
  }

  /** The fragment block that holds a layout's tail (read-only; the tail is at its offset). */
  public byte[] tailBlock(FileLayout layout) throws IOException {
    ensureOpen();
    return data.tailBlock(layout);
  }

  /** The number of fragment blocks. */
  public long fragmentCount() {
    return fragments.count();
  }

  /** The number of xattr sets. */
  public long xattrSetCount() {
    return xattrs == null ? 0 : xattrs.count();
  }

  /** The number of distinct uids and gids. */
  public int idCount() {
    return ids.size();
  }

  /** Decodes fragment block {@code index} (for verification). */
  public int fragmentBlockSize(long index) throws IOException {
    ensureOpen();
    return fragments.block(index).length();
  }

  private void ensureOpen() throws IOException {
    blocks.ensureOpen();
  }

  /**
   * Closes the image and its source. Reads in flight on other threads, and streams opened before,
   * fail from then on with an IOException ("image is closed"), never with wrong bytes.
   */
  @Override
  public void close() throws IOException {
    blocks.close();
    source.close();
  }
}
