package io.github.squashtree.core.internal.read;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.github.squashtree.core.SquashfsFormatException;
import io.github.squashtree.core.compression.Compression;
import io.github.squashtree.core.internal.io.ByteSource;
import io.github.squashtree.fuzz.FuzzBounds;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/**
 * Fuzzes metadata blocks (header word, compressed or stored, 8 KiB cap) and the cursor that reads a
 * table across them. The first input byte names the compression (as a superblock's {@code
 * compression_id}, 1 to 6); the rest is a table of metadata blocks. The table is read twice, in
 * small steps that cross block boundaries and in one piece, and both must give the same bytes.
 *
 * <p>Seeds: from each golden image, its id byte followed by everything from its inode table on
 * (inode, directory, fragment, export, id and xattr tables); in {@code
 * MetadataBlockFuzzTestInputs/readTable/}. Lives in the reader's package to reach the cursor.
 */
class MetadataBlockFuzzTest {
  private static final int[] STEPS = {1, 2, 4, 8, 16, 300, 9000};
  private static final int BLOCK_SIZE = 128 << 10;
  private static final int MAX_BYTES = 1 << 20;

  @FuzzTest(maxDuration = "5m")
  void readTable(byte[] input) throws Exception {
    if (input.length < 1) {
      return;
    }
    int id = input[0] & 0xFF;
    Compression c = Compression.fromId(id >= 1 && id <= 6 ? id : 1);
    byte[] table = Arrays.copyOfRange(input, 1, input.length);
    FuzzBounds.expectResultOrFormatError(
        () -> {
          byte[] stepped = readInSteps(c, table);
          if (stepped.length == 0) {
            return;
          }
          BlockReader blocks = blocks(c, table);
          try {
            MetadataCursor whole = cursor(blocks, table);
            assertArrayEquals(stepped, whole.readBytes(stepped.length), "reads disagree");
          } finally {
            blocks.close();
          }
        });
  }

  /** Reads until the table ends (or is corrupt); returns what was read. */
  private static byte[] readInSteps(Compression c, byte[] table) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    BlockReader blocks = blocks(c, table);
    try {
      MetadataCursor in = cursor(blocks, table);
      for (int i = 0; out.size() < MAX_BYTES; i++) {
        java.nio.ByteBuffer b = in.read(STEPS[i % STEPS.length]);
        byte[] chunk = new byte[b.remaining()];
        b.get(chunk);
        out.write(chunk);
      }
    } catch (SquashfsFormatException end) {
      // rejected at once, the end of the table, or a corrupt block: what came before must read
      // the same in one go
    } finally {
      blocks.close();
    }
    return out.toByteArray();
  }

  /**
   * A reader over the table, closed after each input: its decompressors hold native memory, which
   * (left to the collector) grew the fuzzing process to 1.4 GB in 3.4 million inputs.
   */
  private static BlockReader blocks(Compression c, byte[] table) {
    return new BlockReader(
        ByteSource.of(table), table.length, BLOCK_SIZE, new DecompressorPool(c, null), 4);
  }

  private static MetadataCursor cursor(BlockReader blocks, byte[] table) throws Exception {
    return new MetadataCursor(blocks, 0, 0, table.length, "fuzzed table");
  }
}
