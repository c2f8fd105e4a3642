package io.github.squashtree.core.internal.read;

import io.github.squashtree.core.compression.Compression;
import io.github.squashtree.core.compression.Lz4Options;
import io.github.squashtree.core.internal.codec.Codecs;
import io.github.squashtree.core.internal.codec.Compressor;
import io.github.squashtree.core.internal.format.DataBlock;
import io.github.squashtree.core.internal.format.FileInode;
import io.github.squashtree.core.internal.format.Inode;
import io.github.squashtree.core.internal.format.InodeHeader;
import io.github.squashtree.core.internal.format.InodeType;
import io.github.squashtree.core.internal.format.MetadataBlock;
import io.github.squashtree.core.internal.format.Superblock;
import io.github.squashtree.core.internal.format.SymlinkInode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The known attacks on squashfs readers, each a hand-made image: {@link MalformedImageTest} asserts
 * what squashtree says about each, {@link AttackImagesExportTest} writes them all for {@code
 * scripts/attack-table.sh}.
 */
final class AttackImages {
  /** What a decompression bomb expands to: far beyond the 4 KiB block, yet stored in one block. */
  static final int BOMB_EXPANSION = 768 << 10;

  private AttackImages() {}

  /** Every attack image by file name (ending in {@code -fail}), after the valid control. */
  static Map<String, byte[]> all() {
    Map<String, byte[]> m = new LinkedHashMap<>();
    m.put("valid-hand-made.sqfs", HandImages.valid());
    m.put("cve-2021-40153-dotdot-name-fail.sqfs", HandImages.rootWithNames(".."));
    m.put("cve-2021-40153-dotdot-escape-name-fail.sqfs", HandImages.rootWithNames("../escape"));
    m.put("slash-in-name-fail.sqfs", HandImages.rootWithNames("a/../../escape"));
    m.put("cve-2021-41072-symlink-then-file-fail.sqfs", symlinkThenSameNamedFile());
    m.put("same-name-twice-fail.sqfs", HandImages.rootWithNames("x", "x"));
    m.put("unsorted-names-fail.sqfs", HandImages.rootWithNames("b", "a"));
    m.put("directory-containing-its-ancestor-fail.sqfs", ancestorLoop());
    m.put("hard-linked-directory-fail.sqfs", hardLinkedDirectory());
    m.put("file-of-2-pow-60-bytes-fail.sqfs", fileOfTwoToTheSixtyBytes());
    m.put("block-list-longer-than-image-fail.sqfs", blockListLongerThanImage());
    m.put("fragment-index-out-of-range-fail.sqfs", fragmentIndexOutOfRange());
    m.put("id-index-out-of-range-fail.sqfs", idIndexOutOfRange());
    m.put("xattr-index-out-of-range-fail.sqfs", xattrIndexOutOfRange());
    for (Map.Entry<String, Integer> f : TABLE_FIELDS.entrySet()) {
      m.put(f.getKey() + "-beyond-end-fail.sqfs", tableBeyondEnd(f.getValue()));
    }
    m.put("metadata-header-over-8k-fail.sqfs", metadataHeaderOver8KiB());
    for (Map.Entry<String, Integer> t :
        tableBoundaries(HandImages.validWithAllTables()).entrySet()) {
      m.put("truncated-at-" + t.getKey() + "-fail.sqfs", truncatedAt(t.getValue()));
    }
    for (Compression c : Compression.values()) {
      m.put("bomb-data-block-" + c.label() + "-fail.sqfs", dataBlockBomb(c));
    }
    m.put("bomb-fragment-block-gzip-fail.sqfs", fragmentBlockBomb(Compression.GZIP));
    m.put("bomb-metadata-block-gzip-fail.sqfs", metadataBlockBomb(Compression.GZIP));
    return m;
  }

  /** Superblock fields holding a table's offset, by table: the inode, directory and id tables. */
  static final Map<String, Integer> TABLE_FIELDS = tableFields();

  private static Map<String, Integer> tableFields() {
    Map<String, Integer> m = new LinkedHashMap<>();
    m.put("inode-table", 64);
    m.put("directory-table", 72);
    m.put("id-table", 48);
    return m;
  }

  /**
   * CVE-2021-41072: "x" a symlink to "../escape", then a file "x" that would be written through it.
   */
  static byte[] symlinkThenSameNamedFile() {
    HandImage b = new HandImage();
    long l = HandImages.symlink(b, "../escape", 1);
    long f = HandImages.file(b, "written through the link".getBytes(StandardCharsets.UTF_8), 2);
    return HandImages.withRoot(
        b,
        new HandImage.Child("x", l, InodeType.SYMLINK, 1),
        new HandImage.Child("x", f, InodeType.FILE, 2));
  }

  /** The root holds "d", and "d" holds "up", which is the root again. */
  static byte[] ancestorLoop() {
    HandImage b = new HandImage();
    // The root is the first inode (ref 0, 32 bytes long), so "d" lands at ref 32.
    long root =
        HandImages.directory(
            b, List.of(new HandImage.Child("d", 32, InodeType.DIRECTORY, 2)), 1, 3);
    long d =
        HandImages.directory(
            b, List.of(new HandImage.Child("up", root, InodeType.DIRECTORY, 1)), 2, 1);
    if (root != 0 || d != 32) {
      throw new AssertionError("hand-made layout changed: root " + root + ", d " + d);
    }
    b.rootRef = root;
    b.newInodeNumber();
    b.newInodeNumber();
    return b.build();
  }

  /** One (empty) directory inode listed under two names, "a" and "b": a hard-linked directory. */
  static byte[] hardLinkedDirectory() {
    HandImage b = new HandImage();
    long d = HandImages.directory(b, List.of(), 1, 2);
    b.rootRef =
        HandImages.directory(
            b,
            List.of(
                new HandImage.Child("a", d, InodeType.DIRECTORY, 1),
                new HandImage.Child("b", d, InodeType.DIRECTORY, 1)),
            2,
            3);
    b.newInodeNumber();
    b.newInodeNumber();
    return b.build();
  }

  static byte[] fileOfTwoToTheSixtyBytes() {
    HandImage b = new HandImage();
    long f =
        b.inode(
            buf ->
                new FileInode(
                        HandImages.header(InodeType.EXTENDED_FILE, 1),
                        Superblock.SIZE,
                        1L << 60,
                        0,
                        1,
                        Inode.NONE,
                        0,
                        Inode.NONE,
                        new int[0])
                    .encodeTo(buf));
    return HandImages.withSingleEntry(b, "big", f, InodeType.FILE);
  }

  static byte[] blockListLongerThanImage() {
    HandImage b = new HandImage();
    int[] words = new int[8];
    Arrays.fill(words, DataBlock.word(HandImage.BLOCK_SIZE, false));
    long f = b.inode(buf -> fileInode(1, Superblock.SIZE, 8L * HandImage.BLOCK_SIZE, words, buf));
    return HandImages.withSingleEntry(b, "f", f, InodeType.FILE);
  }

  static byte[] fragmentIndexOutOfRange() {
    HandImage b = new HandImage();
    long start = b.data(new byte[10]);
    b.fragment(start, DataBlock.word(10, false));
    long f =
        b.inode(
            buf ->
                new FileInode(
                        HandImages.header(InodeType.FILE, 1),
                        0,
                        10,
                        0,
                        1,
                        7, // only fragment 0 exists
                        0,
                        Inode.NONE,
                        new int[0])
                    .encodeTo(buf));
    return HandImages.withSingleEntry(b, "f", f, InodeType.FILE);
  }

  static byte[] idIndexOutOfRange() {
    HandImage b = new HandImage();
    long l =
        b.inode(
            buf ->
                new SymlinkInode(
                        new InodeHeader(InodeType.SYMLINK, 0777, 9, 0, 0, 1),
                        1,
                        new byte[] {'x'},
                        Inode.NONE)
                    .encodeTo(buf));
    return HandImages.withSingleEntry(b, "l", l, InodeType.SYMLINK);
  }

  /** An extended symlink whose xattr index is 5, in an image with one xattr set. */
  static byte[] xattrIndexOutOfRange() {
    return symlinkWithXattrIndex(5);
  }

  /** As {@link #xattrIndexOutOfRange} with the index given; 0 is the one valid set. */
  static byte[] symlinkWithXattrIndex(long index) {
    HandImage b = new HandImage();
    b.xattrSet(userXattr("a", "b"), 1);
    long l =
        b.inode(
            buf ->
                new SymlinkInode(
                        HandImages.header(InodeType.EXTENDED_SYMLINK, 1),
                        1,
                        new byte[] {'x'},
                        index)
                    .encodeTo(buf));
    return HandImages.withSingleEntry(b, "l", l, InodeType.SYMLINK);
  }

  /** One key/value pair as the key/value area stores it: type, name size, name, size, value. */
  private static byte[] userXattr(String name, String value) {
    byte[] n = name.getBytes(StandardCharsets.UTF_8);
    byte[] v = value.getBytes(StandardCharsets.UTF_8);
    ByteBuffer b = ByteBuffer.allocate(8 + n.length + v.length).order(ByteOrder.LITTLE_ENDIAN);
    b.putShort((short) 0).putShort((short) n.length).put(n).putInt(v.length).put(v);
    return b.array();
  }

  static byte[] tableBeyondEnd(int superblockField) {
    byte[] image = HandImages.valid();
    ByteBuffer.wrap(image).order(ByteOrder.LITTLE_ENDIAN).putLong(superblockField, 1L << 40);
    return image;
  }

  static byte[] metadataHeaderOver8KiB() {
    byte[] image = HandImages.valid();
    ByteBuffer b = ByteBuffer.wrap(image).order(ByteOrder.LITTLE_ENDIAN);
    int inodeStart = (int) b.getLong(64);
    b.putShort(inodeStart, (short) (0x8000 | 0x7FFF));
    return image;
  }

  /**
   * Where each table of {@code image} starts, by name (the superblock's offsets), so that an image
   * cut there ends exactly at a table boundary.
   */
  static Map<String, Integer> tableBoundaries(byte[] image) {
    ByteBuffer b = ByteBuffer.wrap(image).order(ByteOrder.LITTLE_ENDIAN);
    Map<String, Integer> m = new LinkedHashMap<>();
    m.put("superblock", Superblock.SIZE / 2);
    m.put("data", Superblock.SIZE);
    String[] names = {
      "id-table", "xattr-table", "inode-table", "directory-table", "fragment-table"
    };
    int[] fields = {48, 56, 64, 72, 80};
    for (int i = 0; i < names.length; i++) {
      long at = b.getLong(fields[i]);
      if (at != Superblock.NO_TABLE) {
        m.put(names[i], (int) at);
      }
    }
    m.put("last-byte", image.length - 1);
    return m;
  }

  /**
   * The image with every table ({@link HandImages#validWithAllTables}) cut at {@code length}, its
   * superblock's bytes_used made to agree (when the superblock is whole), so that the cut is found
   * by the table reads and not by the size check alone.
   */
  static byte[] truncatedAt(int length) {
    byte[] image = Arrays.copyOf(HandImages.validWithAllTables(), length);
    if (length >= Superblock.SIZE) {
      ByteBuffer.wrap(image).order(ByteOrder.LITTLE_ENDIAN).putLong(40, length);
    }
    return image;
  }

  /** A file whose one block, stored in under 4 KiB, expands to {@link #BOMB_EXPANSION} bytes. */
  static byte[] dataBlockBomb(Compression c) {
    byte[] packed = bomb(c);
    HandImage b = withCodec(c);
    long start = b.data(packed);
    int[] words = {DataBlock.word(packed.length, true)};
    long f = b.inode(buf -> fileInode(1, start, HandImage.BLOCK_SIZE, words, buf));
    return HandImages.withSingleEntry(b, "f", f, InodeType.FILE);
  }

  /** A 10-byte file whose tail lies in a fragment block that expands past the block size. */
  static byte[] fragmentBlockBomb(Compression c) {
    byte[] packed = bomb(c);
    HandImage b = withCodec(c);
    long start = b.data(packed);
    b.fragment(start, DataBlock.word(packed.length, true));
    long f =
        b.inode(
            buf ->
                new FileInode(
                        HandImages.header(InodeType.FILE, 1),
                        0,
                        10,
                        0,
                        1,
                        0,
                        0,
                        Inode.NONE,
                        new int[0])
                    .encodeTo(buf));
    return HandImages.withSingleEntry(b, "f", f, InodeType.FILE);
  }

  /** The directory table is one compressed metadata block that expands past 8 KiB. */
  static byte[] metadataBlockBomb(Compression c) {
    byte[] packed = bomb(c);
    byte[] table = new byte[MetadataBlock.HEADER_SIZE + packed.length];
    int header = MetadataBlock.header(packed.length, true);
    table[0] = (byte) header;
    table[1] = (byte) (header >>> 8);
    System.arraycopy(packed, 0, table, MetadataBlock.HEADER_SIZE, packed.length);
    HandImage b = withCodec(c);
    long l = HandImages.symlink(b, "t", 1);
    b.rootRef =
        HandImages.directory(b, List.of(new HandImage.Child("l", l, InodeType.SYMLINK, 1)), 2, 3);
    b.newInodeNumber();
    b.newInodeNumber();
    b.directoryTable(table);
    return b.build();
  }

  /**
   * {@link #BOMB_EXPANSION} zero bytes compressed by our compressor for {@code c}: at most a block.
   * The lzma header then states the real size, which the reader rejects before decoding, so it is
   * set to "unknown" to make the decoder run into the cap.
   */
  static byte[] bomb(Compression c) {
    try {
      Compressor z = Codecs.compressor(c, null, HandImage.BLOCK_SIZE);
      byte[] out = new byte[HandImage.BLOCK_SIZE];
      int n = z.compress(new byte[BOMB_EXPANSION], 0, BOMB_EXPANSION, out, 0, out.length);
      if (n < 0) {
        throw new AssertionError(c + " bomb does not fit in a block");
      }
      byte[] packed = Arrays.copyOf(out, n);
      if (c == Compression.LZMA) {
        ByteBuffer.wrap(packed).order(ByteOrder.LITTLE_ENDIAN).putLong(5, -1L);
      }
      return packed;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A builder for an image in {@code c}; lz4 stores its options, as unsquashfs requires. */
  private static HandImage withCodec(Compression c) {
    HandImage b = new HandImage();
    b.compressionId = c.id();
    if (c == Compression.LZ4) {
      b.compressorOptions(new Lz4Options(1, 0));
    }
    return b;
  }

  private static void fileInode(int number, long start, long size, int[] words, ByteBuffer buf) {
    new FileInode(
            HandImages.header(InodeType.FILE, number),
            start,
            size,
            0,
            1,
            Inode.NONE,
            0,
            Inode.NONE,
            words)
        .encodeTo(buf);
  }
}
