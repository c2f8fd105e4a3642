package io.github.squashtree.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Arrays;

/**
 * Fuzzes the superblock and compressor options: each input replaces the head of the golden image
 * made with the compression the input's superblock names, and the result is opened, walked and read
 * as {@link ImageWalkFuzzTest} does. Every mutation lands in the superblock (or the options block
 * after it), so the table offsets, counts, flags and block size all get the fuzzer's whole
 * attention, while the tables they point at stay valid.
 *
 * <p>Seeds: the first 128 bytes of each golden image, in {@code
 * SuperblockFuzzTestInputs/openWithSuperblock/}.
 */
class SuperblockFuzzTest {
  private static final int COMPRESSION_ID_AT = 20;

  @FuzzTest(maxDuration = "5m")
  void openWithSuperblock(byte[] head) throws Exception {
    int id = head.length > COMPRESSION_ID_AT ? head[COMPRESSION_ID_AT] & 0xFF : 1;
    byte[] body = SeedImages.forCompressionId(id);
    byte[] image = Arrays.copyOf(body, Math.max(body.length, head.length));
    System.arraycopy(head, 0, image, 0, head.length);
    FuzzBounds.expectResultOrFormatError(() -> ImageWalkFuzzTest.walk(image));
  }
}
