package io.github.squashtree.core.read;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.squashtree.core.SquashfsFormatException;
import io.github.squashtree.core.format.DataBlock;
import io.github.squashtree.core.format.FileInode;
import io.github.squashtree.core.format.Inode;
import io.github.squashtree.core.format.InodeType;
import io.github.squashtree.core.format.Superblock;
import io.github.squashtree.core.io.ByteSource;
import io.github.squashtree.core.tree.Entry;
import io.github.squashtree.core.tree.ImageTree;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.zip.Deflater;
import org.junit.jupiter.api.Test;

/**
 * Hostile and broken images must give SquashfsFormatException: never a hang, OOM or other error.
 */
class MalformedImageTest {

  /** Opens, walks and reads everything, as an extractor would. */
  static void readAll(byte[] image) throws Exception {
    assertTimeoutPreemptively(
        Duration.ofSeconds(10),
        () -> {
          try (ImageTree tree = ImageTree.of(SquashfsImage.open(ByteSource.of(image)))) {
            walk(tree, tree.root());
          }
        });
  }

  private static void walk(ImageTree tree, Entry e) throws Exception {
    if (e.isDirectory()) {
      for (Entry c : tree.children(e)) {
        walk(tree, c);
      }
    } else if (e.type() == io.github.squashtree.core.tree.EntryType.FILE) {
      try (InputStream in = tree.open(e)) {
        in.transferTo(OutputStream.nullOutputStream());
      }
    }
  }

  private static void assertCorrupt(byte[] image) {
    assertThrows(SquashfsFormatException.class, () -> readAll(image));
  }

  private static void assertCorrupt(byte[] image, String messagePart) {
    SquashfsFormatException e = assertThrows(SquashfsFormatException.class, () -> readAll(image));
    assertTrue(
        e.getMessage().contains(messagePart),
        () -> "expected \"" + messagePart + "\" in: " + e.getMessage());
  }

  @Test
  void theValidBaseImageReads() throws Exception {
    readAll(HandImages.valid());
  }

  @Test
  void unsortedNamesAreCorrupt() {
    assertCorrupt(HandImages.rootWithNames("b", "a"), "not strictly sorted");
  }

  @Test
  void aNameListedTwiceIsCorrupt() {
    // CVE-2021-41072: a symlink followed by a same-named entry that would be written through it.
    assertCorrupt(HandImages.rootWithNames("x", "x"), "not strictly sorted");
  }

  @Test
  void traversalNamesAreCorrupt() {
    for (String name : List.of("..", ".", "a/b", "../../etc", "a\0b")) {
      assertCorrupt(HandImages.rootWithNames(name));
    }
  }

  @Test
  void aDirectoryContainingItsAncestorIsCorrupt() {
    HandImage b = new HandImage();
    // The root is the first inode (ref 0, 32 bytes long), so "d" lands at ref 32.
    long dRefToBe = 32;
    long root =
        HandImages.directory(
            b, List.of(new HandImage.Child("d", dRefToBe, InodeType.DIRECTORY, 2)), 1, 3);
    long d =
        HandImages.directory(
            b, List.of(new HandImage.Child("up", root, InodeType.DIRECTORY, 1)), 2, 1);
    if (root != 0 || d != dRefToBe) {
      throw new AssertionError("hand-made layout changed: root " + root + ", d " + d);
    }
    b.rootRef = root;
    b.newInodeNumber();
    b.newInodeNumber();
    assertCorrupt(b.build(), "reached twice");
  }

  @Test
  void aFileClaimingTwoToTheSixtyBytesIsCorrupt() {
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
    byte[] image = HandImages.withSingleEntry(b, "big", f, InodeType.FILE);
    assertCorrupt(image, "longer than the inode table");
  }

  @Test
  void aBlockListLongerThanTheImageIsCorrupt() {
    HandImage b = new HandImage();
    int[] words = new int[8];
    Arrays.fill(words, DataBlock.word(HandImage.BLOCK_SIZE, false));
    long f =
        b.inode(
            buf ->
                new FileInode(
                        HandImages.header(InodeType.FILE, 1),
                        Superblock.SIZE,
                        8L * HandImage.BLOCK_SIZE,
                        0,
                        1,
                        Inode.NONE,
                        0,
                        Inode.NONE,
                        words)
                    .encodeTo(buf));
    byte[] image = HandImages.withSingleEntry(b, "f", f, InodeType.FILE);
    assertCorrupt(image, "runs past the end of the image");
  }

  @Test
  void aFragmentIndexOutOfRangeIsCorrupt() {
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
    byte[] image = HandImages.withSingleEntry(b, "f", f, InodeType.FILE);
    assertCorrupt(image, "fragment table: index 7 out of range");
  }

  @Test
  void aDecompressionBombIsCorrupt() {
    byte[] zeros = new byte[1 << 20];
    Deflater deflater = new Deflater(9);
    deflater.setInput(zeros);
    deflater.finish();
    byte[] packed = new byte[8192];
    int n = deflater.deflate(packed);
    deflater.end();
    HandImage b = new HandImage();
    long start = b.data(Arrays.copyOf(packed, n));
    long f =
        b.inode(
            buf ->
                new FileInode(
                        HandImages.header(InodeType.FILE, 1),
                        start,
                        HandImage.BLOCK_SIZE,
                        0,
                        1,
                        Inode.NONE,
                        0,
                        Inode.NONE,
                        new int[] {DataBlock.word(n, true)})
                    .encodeTo(buf));
    byte[] image = HandImages.withSingleEntry(b, "f", f, InodeType.FILE);
    assertCorrupt(image, "block 0");
  }

  @Test
  void anIdIndexOutOfRangeIsCorrupt() {
    HandImage b = new HandImage();
    long l =
        b.inode(
            buf ->
                new io.github.squashtree.core.format.SymlinkInode(
                        new io.github.squashtree.core.format.InodeHeader(
                            InodeType.SYMLINK, 0777, 9, 0, 0, 1),
                        1,
                        new byte[] {'x'},
                        Inode.NONE)
                    .encodeTo(buf));
    byte[] image = HandImages.withSingleEntry(b, "l", l, InodeType.SYMLINK);
    assertCorrupt(image, "uid index 9 outside the id table");
  }

  @Test
  void tableOffsetsBeyondTheEndAreCorrupt() {
    for (int field : new int[] {48, 64, 72}) {
      byte[] image = HandImages.valid();
      ByteBuffer.wrap(image).order(ByteOrder.LITTLE_ENDIAN).putLong(field, 1L << 40);
      assertCorrupt(image, "outside the image");
    }
  }

  @Test
  void aMetadataBlockClaimingMoreThan8KiBIsCorrupt() {
    byte[] image = HandImages.valid();
    ByteBuffer b = ByteBuffer.wrap(image).order(ByteOrder.LITTLE_ENDIAN);
    int inodeStart = (int) b.getLong(64);
    b.putShort(inodeStart, (short) (0x8000 | 0x7FFF));
    assertCorrupt(image, "claims 32767 bytes");
  }

  @Test
  void everyTruncationIsCorrupt() {
    byte[] image = HandImages.valid();
    for (int length = 0; length < image.length; length++) {
      assertCorrupt(Arrays.copyOf(image, length));
    }
  }

  @Test
  void everySingleByteFlipGivesAResultOrAFormatError() throws Exception {
    byte[] valid = HandImages.valid();
    for (int i = 0; i < valid.length; i++) {
      for (int mask : new int[] {0x01, 0x80, 0xFF}) {
        byte[] image = valid.clone();
        image[i] ^= (byte) mask;
        try {
          readAll(image);
        } catch (SquashfsFormatException expected) {
          // a clean rejection is fine; any other exception fails the test
        }
      }
    }
  }
}
