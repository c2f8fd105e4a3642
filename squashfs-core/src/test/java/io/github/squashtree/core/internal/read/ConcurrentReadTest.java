package io.github.squashtree.core.internal.read;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.squashtree.core.image.ReaderOptions;
import io.github.squashtree.core.internal.format.FileInode;
import io.github.squashtree.core.internal.io.ByteSource;
import io.github.squashtree.core.tree.TreeBuilder;
import io.github.squashtree.core.tree.TreeBuilder.Attributes;
import io.github.squashtree.core.write.SquashfsWriter;
import io.github.squashtree.core.write.WriterOptions;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * One image, many threads: every read returns the source tree's bytes, and closing the image under
 * readers makes each of them fail with an IOException, never with wrong bytes, a hang or another
 * exception.
 */
class ConcurrentReadTest {
  private static final int THREADS = 16;
  private static final int BLOCK_SIZE = 8192;

  @TempDir static Path dir;
  private static final Map<String, byte[]> SOURCE = new LinkedHashMap<>();
  private static Path image;

  /** 48 files of 0 to 200 KiB, part text (compressible), part random; many blocks and tails. */
  @BeforeAll
  static void writeImage() throws IOException {
    Random random = new Random(16);
    TreeBuilder tree = new TreeBuilder();
    byte[] text =
        "the quick brown fox jumps over the lazy dog\n"
            .repeat(6000)
            .getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < 48; i++) {
      byte[] content = new byte[random.nextInt(200 << 10)];
      int textPart = random.nextInt(content.length + 1);
      System.arraycopy(text, 0, content, 0, Math.min(textPart, text.length));
      byte[] noise = new byte[content.length - textPart];
      random.nextBytes(noise);
      System.arraycopy(noise, 0, content, textPart, noise.length);
      String path = String.format("/d%d/f%02d", i % 4, i);
      SOURCE.put(path, content);
      tree.file(path, content, Attributes.FILE);
    }
    image = dir.resolve("many.sqfs");
    SquashfsWriter.write(
        tree.build(), image, WriterOptions.defaults().withBlockSize(BLOCK_SIZE).withProcessors(2));
  }

  /** Small caches, so that the threads also race on evicting and refilling them. */
  private static ImageReader open() throws IOException {
    return ImageReader.open(
        ByteSource.of(image),
        ReaderOptions.defaults().withMetadataCacheBlocks(2).withFragmentCacheBlocks(1));
  }

  @Test
  @Timeout(120)
  void sixteenThreadsReadRandomRangesOfOneImage() throws Exception {
    try (ImageReader img = open()) {
      List<String> paths = List.copyOf(SOURCE.keySet());
      runThreads(
          seed -> {
            Random r = new Random(seed);
            for (int k = 0; k < 300; k++) {
              readAndCheck(img, paths.get(r.nextInt(paths.size())), r);
            }
          });
    }
  }

  @Test
  @Timeout(120)
  void closingUnderReadersFailsEveryReadCleanly() throws Exception {
    List<String> paths = List.copyOf(SOURCE.keySet());
    for (int round = 0; round < 20; round++) {
      ImageReader img = open();
      CountDownLatch started = new CountDownLatch(THREADS);
      java.util.concurrent.atomic.AtomicBoolean closing =
          new java.util.concurrent.atomic.AtomicBoolean();
      AtomicReference<Throwable> wrong = new AtomicReference<>();
      List<Thread> threads = new ArrayList<>();
      List<IOException> endings = java.util.Collections.synchronizedList(new ArrayList<>());
      for (int t = 0; t < THREADS; t++) {
        long seed = round * 100L + t;
        Thread thread =
            new Thread(
                () -> {
                  Random r = new Random(seed);
                  int reads = 0;
                  try {
                    // A stream opened before the close must fail too, not serve what is cached.
                    FileInode f = (FileInode) img.lookup(paths.get(0)).orElseThrow();
                    try (InputStream in = img.openFile(f)) {
                      while (true) {
                        readAndCheck(img, paths.get(r.nextInt(paths.size())), r);
                        in.read(new byte[1 + r.nextInt(BLOCK_SIZE)]);
                        if (++reads == 3) {
                          started.countDown();
                        }
                      }
                    }
                  } catch (IOException e) {
                    if (closing.get()) {
                      endings.add(e);
                    } else {
                      wrong.compareAndSet(null, e); // a valid image failed before the close
                    }
                  } catch (Throwable e) {
                    wrong.compareAndSet(null, e);
                  } finally {
                    if (reads < 3) {
                      started.countDown();
                    }
                  }
                },
                "reader-" + t);
        threads.add(thread);
        thread.start();
      }
      assertTrue(started.await(30, TimeUnit.SECONDS), "readers did not start");
      closing.set(true);
      img.close();
      for (Thread t : threads) {
        t.join(TimeUnit.SECONDS.toMillis(30));
        assertFalse(t.isAlive(), t.getName() + " still reading after close: a hang");
      }
      if (wrong.get() != null) {
        throw new AssertionError(
            "a reader failed before the close, or not with an IOException", wrong.get());
      }
      assertEquals(THREADS, endings.size(), "every reader ends with an IOException");
      assertThrows(IOException.class, () -> img.lookup(paths.get(1)));
    }
  }

  @Test
  @Timeout(120)
  void anInterruptedReaderFailsAloneAndTheOthersReadOn() throws Exception {
    // A server cancels one request (Future.cancel(true)): the image is shared with the others.
    try (ImageReader img = open()) {
      List<String> paths = List.copyOf(SOURCE.keySet());
      java.util.concurrent.atomic.AtomicInteger interrupted =
          new java.util.concurrent.atomic.AtomicInteger();
      AtomicReference<Throwable> victimWrong = new AtomicReference<>();
      Thread victim =
          new Thread(
              () -> {
                Random r = new Random(-1);
                for (int k = 0; k < 2000; k++) {
                  try {
                    readAndCheck(img, paths.get(r.nextInt(paths.size())), r);
                  } catch (IOException e) {
                    interrupted.incrementAndGet(); // its own read, cut short
                  } catch (Throwable e) {
                    victimWrong.compareAndSet(null, e);
                  }
                  Thread.interrupted();
                }
              });
      victim.start();
      Thread interrupter =
          new Thread(
              () -> {
                while (victim.isAlive()) {
                  victim.interrupt();
                  java.util.concurrent.locks.LockSupport.parkNanos(200_000);
                }
              });
      interrupter.start();
      runThreads(
          seed -> {
            Random r = new Random(seed);
            for (int k = 0; k < 150; k++) {
              readAndCheck(img, paths.get(r.nextInt(paths.size())), r);
            }
          });
      victim.join();
      interrupter.join();
      if (victimWrong.get() != null) {
        throw new AssertionError("the interrupted reader read wrong bytes", victimWrong.get());
      }
      assertTrue(interrupted.get() > 0, "the interrupts reached reads");
      readAndCheck(img, paths.get(0), new Random(3)); // and the image reads on afterwards
    }
  }

  @Test
  void aStreamOpenedBeforeCloseFailsAfterIt() throws Exception {
    String path = "/d0/f00";
    byte[] content = SOURCE.get(path);
    assertTrue(content.length > 2 * BLOCK_SIZE, "the test needs a file of several blocks");
    ImageReader img = open();
    FileInode f = (FileInode) img.lookup(path).orElseThrow();
    InputStream in = img.openFile(f);
    assertEquals(content[0] & 0xFF, in.read());
    img.close();
    IOException e = assertThrows(IOException.class, () -> in.readAllBytes());
    assertTrue(e.getMessage().contains("closed"), e.toString());
    assertThrows(IOException.class, () -> img.read(f, 0, new byte[10], 0, 10));
  }

  /** Reads a random range of {@code path}, by position or through a stream, and compares. */
  private static void readAndCheck(ImageReader img, String path, Random r) throws IOException {
    byte[] expected = SOURCE.get(path);
    FileInode f = (FileInode) img.lookup(path).orElseThrow();
    int from = expected.length == 0 ? 0 : r.nextInt(expected.length);
    int len = Math.min(expected.length - from, r.nextInt(3 * BLOCK_SIZE));
    byte[] got = new byte[len];
    if (r.nextBoolean()) {
      int done = 0;
      while (done < len) {
        int n = img.read(f, from + done, got, done, len - done);
        if (n < 0) {
          throw new AssertionError(path + ": end of file at " + (from + done));
        }
        done += n;
      }
    } else {
      try (InputStream in = img.openFile(f)) {
        in.skipNBytes(from);
        got = in.readNBytes(len);
      }
    }
    assertArrayEquals(Arrays.copyOfRange(expected, from, from + len), got, path + " at " + from);
  }

  private interface Reader {
    void run(long seed) throws Exception;
  }

  private static void runThreads(Reader reader) throws Exception {
    AtomicReference<Throwable> failure = new AtomicReference<>();
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      long seed = t;
      Thread thread =
          new Thread(
              () -> {
                try {
                  reader.run(seed);
                } catch (Throwable e) {
                  failure.compareAndSet(null, e);
                }
              });
      threads.add(thread);
      thread.start();
    }
    for (Thread t : threads) {
      t.join();
    }
    if (failure.get() != null) {
      throw new AssertionError("a reader failed", failure.get());
    }
  }
}
