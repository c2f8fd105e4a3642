package io.github.squashtree.core.internal.read;

import io.github.squashtree.core.internal.format.DirectoryEntry;
import io.github.squashtree.core.internal.format.DirectoryHeader;
import io.github.squashtree.core.internal.format.FragmentEntry;
import io.github.squashtree.core.internal.format.MetadataBlock;
import io.github.squashtree.core.internal.format.MetadataRef;
import io.github.squashtree.core.internal.format.Superblock;
import io.github.squashtree.core.internal.format.XattrIdEntry;
import io.github.squashtree.core.internal.format.XattrTableHeader;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Builds small images byte by byte, with every metadata block stored uncompressed, so tests can
 * craft exactly the structures (valid or hostile) they need without any external tool.
 */
public final class HandImage {
  public static final int BLOCK_SIZE = 4096;
  private static final int STORED_BLOCK = MetadataBlock.HEADER_SIZE + MetadataBlock.MAX_SIZE;

  private final ByteArrayOutputStream data = new ByteArrayOutputStream();
  private final ByteArrayOutputStream inodes = new ByteArrayOutputStream();
  private final ByteArrayOutputStream directories = new ByteArrayOutputStream();
  private final List<Long> ids = new ArrayList<>(List.of(0L));
  private final List<FragmentEntry> fragments = new ArrayList<>();
  private final ByteArrayOutputStream xattrKeyValues = new ByteArrayOutputStream();
  private final List<XattrIdEntry> xattrIds = new ArrayList<>();
  private byte[] directoryTable;
  private byte[] optionsBlock = new byte[0];
  private int inodeCount;
  public long rootRef;
  int compressionId = 1;
  int flags = Superblock.FLAG_NO_XATTRS;

  /** A name, inode and type for a directory listing. */
  public record Child(String name, long ref, int type, long inodeNumber) {}

  /**
   * Stores a compressor options block (as {@code encodeTo} writes it) after the superblock; call it
   * before adding any data. unsquashfs refuses lz4 images without one.
   */
  public void compressorOptions(io.github.squashtree.core.compression.CompressorOptions options) {
    if (data.size() != 0) {
      throw new IllegalStateException("options must come before the data");
    }
    ByteBuffer b =
        ByteBuffer.allocate(MetadataBlock.HEADER_SIZE + options.encodedSize())
            .order(ByteOrder.LITTLE_ENDIAN);
    b.putShort((short) MetadataBlock.header(options.encodedSize(), false));
    options.encodeTo(b);
    optionsBlock = b.array();
    flags |= Superblock.FLAG_COMPRESSOR_OPTIONS;
  }

  /** Appends raw bytes to the data area; returns their absolute offset. */
  public long data(byte[] bytes) {
    long at = Superblock.SIZE + optionsBlock.length + data.size();
    data.writeBytes(bytes);
    return at;
  }

  public long fragment(long start, int sizeWord) {
    fragments.add(new FragmentEntry(start, sizeWord));
    return fragments.size() - 1;
  }

  public int newInodeNumber() {
    return ++inodeCount;
  }

  /** Appends an inode written by {@code encoder}; returns its reference. */
  public long inode(Consumer<ByteBuffer> encoder) {
    ByteBuffer b = ByteBuffer.allocate(1 << 20).order(ByteOrder.LITTLE_ENDIAN);
    try {
      encoder.accept(b);
    } catch (java.nio.BufferOverflowException e) {
      b = ByteBuffer.allocate(1 << 26).order(ByteOrder.LITTLE_ENDIAN);
      encoder.accept(b);
    }
    long ref = refOf(inodes.size());
    inodes.write(b.array(), 0, b.position());
    return ref;
  }

  /** Appends a listing, one header for all children; returns its reference and size. */
  public long[] listing(List<Child> children) {
    ByteBuffer b = ByteBuffer.allocate(1 << 20).order(ByteOrder.LITTLE_ENDIAN);
    if (!children.isEmpty()) {
      Child first = children.get(0);
      new DirectoryHeader(children.size(), MetadataRef.block(first.ref), first.inodeNumber)
          .encodeTo(b);
      for (Child c : children) {
        new DirectoryEntry(
                MetadataRef.offset(c.ref),
                (int) (c.inodeNumber - first.inodeNumber),
                c.type,
                c.name.getBytes(StandardCharsets.UTF_8))
            .encodeTo(b);
      }
    }
    long ref = refOf(directories.size());
    directories.write(b.array(), 0, b.position());
    return new long[] {ref, b.position() + 3};
  }

  private static long refOf(int uncompressedOffset) {
    return MetadataRef.of(
        (long) (uncompressedOffset / MetadataBlock.MAX_SIZE) * STORED_BLOCK,
        uncompressedOffset % MetadataBlock.MAX_SIZE);
  }

  /**
   * Appends an xattr set of {@code count} pairs, already encoded as the key/value area holds them;
   * returns its index in the xattr id table.
   */
  public long xattrSet(byte[] keyValues, int count) {
    xattrIds.add(new XattrIdEntry(refOf(xattrKeyValues.size()), count, keyValues.length));
    xattrKeyValues.writeBytes(keyValues);
    return xattrIds.size() - 1;
  }

  /** Stores {@code bytes} as the directory table instead of the listings, which must not matter. */
  public void directoryTable(byte[] bytes) {
    directoryTable = bytes.clone();
  }

  public int id(long value) {
    ids.add(value);
    return ids.size() - 1;
  }

  public byte[] build() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(new byte[Superblock.SIZE]);
    out.writeBytes(optionsBlock);
    out.writeBytes(data.toByteArray());
    long inodeStart = out.size();
    writeMetadata(out, inodes.toByteArray());
    long dirStart = out.size();
    if (directoryTable != null) {
      out.writeBytes(directoryTable);
    } else {
      writeMetadata(out, directories.toByteArray());
    }
    long fragStart = Superblock.NO_TABLE;
    if (!fragments.isEmpty()) {
      ByteBuffer f = ByteBuffer.allocate(fragments.size() * 16).order(ByteOrder.LITTLE_ENDIAN);
      fragments.forEach(e -> e.encodeTo(f));
      fragStart = writeLookup(out, f.array(), new byte[0]);
    }
    ByteBuffer idBytes = ByteBuffer.allocate(ids.size() * 4).order(ByteOrder.LITTLE_ENDIAN);
    ids.forEach(v -> idBytes.putInt((int) (long) v));
    long idStart = writeLookup(out, idBytes.array(), new byte[0]);
    long xattrStart = Superblock.NO_TABLE;
    int sbFlags = flags;
    if (!xattrIds.isEmpty()) {
      long kvStart = out.size();
      writeMetadata(out, xattrKeyValues.toByteArray());
      ByteBuffer x = ByteBuffer.allocate(xattrIds.size() * 16).order(ByteOrder.LITTLE_ENDIAN);
      xattrIds.forEach(e -> e.encodeTo(x));
      ByteBuffer h = ByteBuffer.allocate(XattrTableHeader.SIZE).order(ByteOrder.LITTLE_ENDIAN);
      new XattrTableHeader(kvStart, xattrIds.size()).encodeTo(h);
      xattrStart = writeLookup(out, x.array(), h.array()) - XattrTableHeader.SIZE;
      sbFlags &= ~Superblock.FLAG_NO_XATTRS;
    }
    byte[] image = out.toByteArray();
    Superblock sb =
        new Superblock(
            Math.max(1, inodeCount),
            0,
            BLOCK_SIZE,
            fragments.size(),
            compressionId,
            12,
            sbFlags,
            ids.size(),
            rootRef,
            image.length,
            idStart,
            xattrStart,
            inodeStart,
            dirStart,
            fragStart,
            Superblock.NO_TABLE);
    sb.encodeTo(ByteBuffer.wrap(image));
    return image;
  }

  private static void writeMetadata(ByteArrayOutputStream out, byte[] bytes) {
    for (int at = 0; at < bytes.length; at += MetadataBlock.MAX_SIZE) {
      int n = Math.min(MetadataBlock.MAX_SIZE, bytes.length - at);
      int header = MetadataBlock.header(n, false);
      out.write(header & 0xFF);
      out.write(header >>> 8);
      out.write(bytes, at, n);
    }
  }

  /**
   * Writes records in metadata blocks, then {@code before} (the xattr table's header), then their
   * location array; returns the array's offset.
   */
  private static long writeLookup(ByteArrayOutputStream out, byte[] records, byte[] before) {
    List<Long> locations = new ArrayList<>();
    for (int at = 0; at < records.length; at += MetadataBlock.MAX_SIZE) {
      locations.add((long) out.size());
      int n = Math.min(MetadataBlock.MAX_SIZE, records.length - at);
      int header = MetadataBlock.header(n, false);
      out.write(header & 0xFF);
      out.write(header >>> 8);
      out.write(records, at, n);
    }
    out.writeBytes(before);
    long start = out.size();
    ByteBuffer b = ByteBuffer.allocate(locations.size() * 8).order(ByteOrder.LITTLE_ENDIAN);
    locations.forEach(b::putLong);
    out.writeBytes(b.array());
    return start;
  }
}
