package io.github.squashtree.core.internal.read;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.squashtree.core.SquashfsFormatException;
import io.github.squashtree.core.compression.Compression;
import io.github.squashtree.core.internal.io.ByteSource;
import io.github.squashtree.core.tree.Entry;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Hostile and broken images must give SquashfsFormatException: never a hang, OOM or other error.
 */
class MalformedImageTest {

  /** Opens, walks and reads everything, as an extractor would. */
  static void readAll(byte[] image) throws Exception {
    assertTimeoutPreemptively(
        Duration.ofSeconds(10),
        () -> {
          try (ImageReader img = ImageReader.open(ByteSource.of(image));
              ImageTree tree = ImageTree.of(img)) {
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
    assertCorrupt(AttackImages.ancestorLoop(), "reached twice");
  }

  @Test
  void aHardLinkedDirectoryIsCorrupt() {
    assertCorrupt(AttackImages.hardLinkedDirectory(), "reached twice, as /a and as /b");
  }

  @Test
  void anXattrIndexOutOfRangeIsCorrupt() throws Exception {
    readAll(AttackImages.symlinkWithXattrIndex(0)); // the control: the one set there is
    assertCorrupt(AttackImages.xattrIndexOutOfRange(), "xattr id table: index 5 out of range");
  }

  @Test
  void aFileClaimingTwoToTheSixtyBytesIsCorrupt() {
    assertCorrupt(AttackImages.fileOfTwoToTheSixtyBytes(), "longer than the inode table");
  }

  @Test
  void aBlockListLongerThanTheImageIsCorrupt() {
    assertCorrupt(AttackImages.blockListLongerThanImage(), "runs past the end of the image");
  }

  @Test
  void aFragmentIndexOutOfRangeIsCorrupt() {
    assertCorrupt(AttackImages.fragmentIndexOutOfRange(), "fragment table: index 7 out of range");
  }

  /**
   * A block stored in under 4 KiB that expands to 768 KiB, in every codec: rejected as too large,
   * and decoding it allocates a fraction of what it expands to (the output stops at the cap).
   */
  @ParameterizedTest
  @EnumSource(Compression.class)
  void aDataBlockBombIsCorruptWithinTheCap(Compression c) throws Exception {
    byte[] image = AttackImages.dataBlockBomb(c);
    assertCorrupt(image, "block 0");
    assertCorrupt(image, "exceeds " + HandImage.BLOCK_SIZE + " bytes");
    long allocated = allocatedReading(image);
    assertTrue(
        allocated < AttackImages.BOMB_EXPANSION / 3,
        c + ": reading the bomb allocated " + allocated + " bytes");
  }

  @Test
  void aFragmentBlockBombIsCorrupt() throws Exception {
    byte[] image = AttackImages.fragmentBlockBomb(Compression.GZIP);
    assertCorrupt(image, "fragment 0");
    assertTrue(allocatedReading(image) < AttackImages.BOMB_EXPANSION / 3);
  }

  @Test
  void aMetadataBlockBombIsCorrupt() throws Exception {
    byte[] image = AttackImages.metadataBlockBomb(Compression.GZIP);
    assertCorrupt(image, "directory table");
    assertCorrupt(image, "exceeds 8192 bytes");
    assertTrue(allocatedReading(image) < AttackImages.BOMB_EXPANSION / 3);
  }

  /** Heap bytes this thread allocates reading {@code image} (after a warm-up read). */
  private static long allocatedReading(byte[] image) throws Exception {
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long id = Thread.currentThread().getId();
    long before = 0;
    for (int round = 0; round < 2; round++) {
      before = threads.getThreadAllocatedBytes(id);
      try (ImageReader img = ImageReader.open(ByteSource.of(image));
          ImageTree tree = ImageTree.of(img)) {
        walk(tree, tree.root());
      } catch (SquashfsFormatException expected) {
        // the bomb is rejected; what matters here is what it cost
      }
    }
    return threads.getThreadAllocatedBytes(id) - before;
  }

  @Test
  void anIdIndexOutOfRangeIsCorrupt() {
    assertCorrupt(AttackImages.idIndexOutOfRange(), "uid index 9 outside the id table");
  }

  @Test
  void tableOffsetsBeyondTheEndAreCorrupt() {
    for (int field : AttackImages.TABLE_FIELDS.values()) {
      assertCorrupt(AttackImages.tableBeyondEnd(field), "outside the image");
    }
  }

  @Test
  void aMetadataBlockClaimingMoreThan8KiBIsCorrupt() {
    assertCorrupt(AttackImages.metadataHeaderOver8KiB(), "claims 32767 bytes");
  }

  @Test
  void everyTruncationIsCorrupt() throws Exception {
    for (byte[] image : List.of(HandImages.valid(), HandImages.validWithAllTables())) {
      readAll(image);
      for (int length = 0; length < image.length; length++) {
        assertCorrupt(Arrays.copyOf(image, length));
      }
    }
  }

  @Test
  void truncationAtEveryTableBoundaryIsCorrupt() {
    Map<String, Integer> cuts = AttackImages.tableBoundaries(HandImages.validWithAllTables());
    assertEquals(
        List.of(
            "superblock",
            "data",
            "id-table",
            "xattr-table",
            "inode-table",
            "directory-table",
            "fragment-table",
            "last-byte"),
        List.copyOf(cuts.keySet()));
    cuts.values().forEach(at -> assertCorrupt(AttackImages.truncatedAt(at)));
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
