package io.github.squashtree.fuzz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.github.squashtree.core.SquashfsFormatException;
import io.github.squashtree.core.internal.format.FileInode;
import io.github.squashtree.core.internal.io.ByteSource;
import io.github.squashtree.core.internal.read.ImageReader;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Fuzzes the fragment table and fragment blocks: decodes every fragment block, then reads the end
 * of every file twice, by position and through its stream, and the two must agree.
 *
 * <p>Seeds: as {@link InodeFuzzTest}, in {@code FragmentFuzzTestInputs/readTails/}.
 */
class FragmentFuzzTest {
  private static final int MAX_FRAGMENTS = 256;
  private static final int TAIL = 64 << 10;

  @FuzzTest(maxDuration = "5m")
  void readTails(byte[] image) throws Exception {
    FuzzBounds.expectResultOrFormatError(
        () -> {
          try (ImageReader img = ImageReader.open(ByteSource.of(image))) {
            long count = Math.min(img.fragmentCount(), MAX_FRAGMENTS);
            for (long i = 0; i < count; i++) {
              try {
                img.fragmentBlockSize(i);
              } catch (SquashfsFormatException rejected) {
                // a bad fragment entry or block; the next one still counts
              }
            }
            ImageInodes.forEach(
                img,
                inode -> {
                  if (inode instanceof FileInode f && f.hasFragment()) {
                    checkEnd(img, f);
                  }
                });
          }
        });
  }

  /** The last bytes of a file, by position and by stream. */
  private static void checkEnd(ImageReader img, FileInode f) throws java.io.IOException {
    long size = f.fileSize();
    int n = (int) Math.min(size, TAIL);
    byte[] positional = new byte[n];
    int got = 0;
    while (got < n) {
      int r = img.read(f, size - n + got, positional, got, n - got);
      if (r < 0) {
        break;
      }
      got += r;
    }
    assertEquals(n, got, "positional read stopped early");
    byte[] streamed;
    try (InputStream in = img.openFile(f)) {
      long skip = size - n;
      while (skip > 0) {
        long s = in.skip(skip);
        if (s <= 0) {
          break;
        }
        skip -= s;
      }
      assertEquals(0, skip, "stream ended before the file's size");
      streamed = in.readNBytes(n + 1);
    }
    assertArrayEquals(positional, Arrays.copyOf(streamed, Math.min(streamed.length, n)));
    assertEquals(n, streamed.length, "stream length differs from the file size");
  }
}
