package io.github.squashtree.core.internal.read;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.squashtree.core.SquashfsFormatException;
import io.github.squashtree.core.internal.format.DataBlock;
import io.github.squashtree.core.internal.format.FileInode;
import io.github.squashtree.core.internal.format.Inode;
import io.github.squashtree.core.internal.format.InodeType;
import io.github.squashtree.core.internal.io.ByteSource;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class RandomAccessReadTest {
  private static final int BS = HandImage.BLOCK_SIZE;

  /**
   * An 8 GiB sparse file: two million holes, then a corrupt block (claims to be compressed but
   * holds garbage), then one real block. Reading the last block must touch neither the holes nor
   * the corrupt block.
   */
  private static byte[] hugeSparseFile(byte[] lastBlock) {
    HandImage b = new HandImage();
    long corrupt = b.data(new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
    b.data(lastBlock);
    int blocks = 2_000_002;
    int[] words = new int[blocks];
    words[blocks - 2] = DataBlock.word(8, true);
    words[blocks - 1] = DataBlock.word(BS, false);
    long f =
        b.inode(
            buf ->
                new FileInode(
                        HandImages.header(InodeType.EXTENDED_FILE, 1),
                        corrupt,
                        (long) blocks * BS,
                        (long) (blocks - 2) * BS,
                        1,
                        Inode.NONE,
                        0,
                        Inode.NONE,
                        words)
                    .encodeTo(buf));
    byte[] image = HandImages.withSingleEntry(b, "f", f, InodeType.FILE);
    return image;
  }

  @Test
  void readingFarIntoASparseFileDecodesNoEarlierBlock() throws Exception {
    byte[] last = new byte[BS];
    new Random(1).nextBytes(last);
    try (ImageReader image = ImageReader.open(ByteSource.of(hugeSparseFile(last)))) {
      FileInode f = (FileInode) image.lookup("/f").orElseThrow();
      long lastStart = f.fileSize() - BS;
      byte[] got = new byte[BS];
      assertEquals(BS, image.read(f, lastStart, got, 0, BS));
      assertArrayEquals(last, got);
      // A hole reads as zeros; the corrupt block is an error only when it is read.
      byte[] hole = new byte[100];
      Arrays.fill(hole, (byte) 7);
      assertEquals(100, image.read(f, 12_345_678L, hole, 0, 100));
      assertArrayEquals(new byte[100], hole);
      assertThrows(SquashfsFormatException.class, () -> image.read(f, lastStart - BS, got, 0, BS));
      // Skipping in a stream jumps over whole blocks without decoding them.
      try (InputStream in = image.openFile(f)) {
        assertEquals(lastStart - 2 * BS, in.skip(lastStart - 2 * BS));
      }
    }
  }

  @Test
  void manyThreadsReadTheRightBytes() throws Exception {
    HandImage b = new HandImage();
    int files = 64;
    byte[][] contents = new byte[files][];
    HandImage.Child[] children = new HandImage.Child[files];
    Random random = new Random(42);
    for (int i = 0; i < files; i++) {
      contents[i] = new byte[1 + random.nextInt(BS)];
      random.nextBytes(contents[i]);
      long ref = HandImages.file(b, contents[i], i + 1);
      children[i] = new HandImage.Child(String.format("f%03d", i), ref, InodeType.FILE, i + 1);
      b.newInodeNumber();
    }
    b.rootRef = HandImages.directory(b, List.of(children), files + 1, 0);
    b.newInodeNumber();
    try (ImageReader image = ImageReader.open(ByteSource.of(b.build()))) {
      ExecutorService pool = Executors.newFixedThreadPool(8);
      try {
        List<Future<?>> results = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
          long seed = t;
          results.add(
              pool.submit(
                  () -> {
                    Random r = new Random(seed);
                    for (int k = 0; k < 500; k++) {
                      int i = r.nextInt(files);
                      FileInode f =
                          (FileInode) image.lookup(String.format("/f%03d", i)).orElseThrow();
                      try (InputStream in = image.openFile(f)) {
                        assertArrayEquals(contents[i], in.readAllBytes());
                      }
                    }
                    return null;
                  }));
        }
        for (Future<?> f : results) {
          f.get();
        }
      } finally {
        pool.shutdownNow();
      }
    }
  }
}
