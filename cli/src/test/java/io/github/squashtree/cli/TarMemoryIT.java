package io.github.squashtree.cli;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.squashtree.core.image.SquashfsImage;
import io.github.squashtree.core.tree.Entry;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sqfs mk -} of an archive 16 times larger than its heap (issue 21: memory bounded for an
 * archive much larger than the heap): content is compressed as it arrives and never held, so 512
 * MiB of files that do not compress pass through a 32 MiB heap. A reader that kept a file's content
 * (or the archive) until the end runs out of memory at the first file.
 */
class TarMemoryIT {
  private static final int FILES = 16;
  private static final int FILE_SIZE = 32 << 20;

  @TempDir Path tmp;

  @Test
  void anArchiveMuchLargerThanTheHeapStreamsThroughASmallHeap() throws Exception {
    Path image = tmp.resolve("big.sqfs");
    Path err = tmp.resolve("err.txt");
    Process p =
        new ProcessBuilder(
                SqfsProcess.command(
                    List.of("-Xmx32m"),
                    "mk",
                    "-",
                    image.toString(),
                    "--comp",
                    "lz4",
                    "--no-progress",
                    "--processors",
                    "2"))
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectError(err.toFile())
            .start();
    try (OutputStream in = p.getOutputStream()) {
      writeArchive(in);
    } catch (IOException e) {
      // sqfs stopped reading: its exit status and message say why
    }
    assertTrue(p.waitFor(5, TimeUnit.MINUTES), "sqfs mk did not end");
    assertEquals(0, p.exitValue(), Files.readString(err));
    try (SquashfsImage img = SquashfsImage.open(image)) {
      assertTrue(Files.size(image) > (long) FILES * FILE_SIZE, "stored as it came, not dropped");
      for (int i = 0; i < FILES; i += 5) {
        Entry f = img.lookup("/big/f" + i).orElseThrow();
        assertEquals(FILE_SIZE, f.metadata().size());
        byte[] expected = new byte[FILE_SIZE];
        fill(expected, i);
        try (InputStream content = img.open(f)) {
          assertEquals(-1, java.util.Arrays.mismatch(expected, content.readAllBytes()), "f" + i);
        }
      }
    }
  }

  /** A ustar archive of FILES files of bytes that do not compress, written as it is made. */
  private static void writeArchive(OutputStream out) throws IOException {
    out.write(header("big/", '5', 0));
    byte[] content = new byte[FILE_SIZE];
    for (int i = 0; i < FILES; i++) {
      out.write(header("big/f" + i, '0', FILE_SIZE));
      fill(content, i);
      out.write(content);
    }
    out.write(new byte[1024]);
  }

  private static void fill(byte[] b, int seed) {
    SplittableRandom random = new SplittableRandom(seed);
    for (int i = 0; i < b.length; i += 8) {
      long v = random.nextLong();
      for (int k = 0; k < 8; k++) {
        b[i + k] = (byte) (v >>> (8 * k));
      }
    }
  }

  private static byte[] header(String name, char type, long size) {
    byte[] h = new byte[512];
    put(h, 0, name);
    put(h, 100, "0000755");
    put(h, 108, "0000000");
    put(h, 116, "0000000");
    put(h, 124, String.format("%011o", size));
    put(h, 136, String.format("%011o", 1_700_000_000L));
    h[156] = (byte) type;
    put(h, 257, "ustar");
    put(h, 263, "00");
    java.util.Arrays.fill(h, 148, 156, (byte) ' ');
    int sum = 0;
    for (byte b : h) {
      sum += b & 0xFF;
    }
    put(h, 148, String.format("%06o", sum));
    h[154] = 0;
    return h;
  }

  private static void put(byte[] h, int offset, String s) {
    byte[] b = s.getBytes(US_ASCII);
    System.arraycopy(b, 0, h, offset, b.length);
  }
}
