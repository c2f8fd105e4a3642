package io.github.squashtree.core.internal.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Positional reads from a file shared by threads, some of which are interrupted. */
class FileChannelSourceTest {
  private static final int SIZE = 1 << 20;

  @TempDir Path dir;

  private byte[] content(Path file, long seed) throws IOException {
    byte[] bytes = new byte[SIZE];
    new Random(seed).nextBytes(bytes);
    Files.write(file, bytes);
    return bytes;
  }

  @Test
  void anInterruptedReaderFailsAloneAndTheOthersReadOn() throws Exception {
    Path file = dir.resolve("image");
    byte[] bytes = content(file, 1);
    try (ByteSource source = ByteSource.of(file)) {
      ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
      AtomicInteger interruptedReads = new AtomicInteger();
      List<Thread> readers = new ArrayList<>();
      for (int t = 0; t < 3; t++) {
        long seed = t;
        readers.add(new Thread(() -> readAndCheck(source, bytes, seed, 3000, failures)));
      }
      Thread victim =
          new Thread(
              () -> {
                Random r = new Random(99);
                byte[] got = new byte[4096];
                for (int i = 0; i < 3000; i++) {
                  try {
                    source.readFully(r.nextInt(SIZE - got.length), got, 0, got.length);
                  } catch (ClosedByInterruptException e) {
                    interruptedReads.incrementAndGet();
                    Thread.interrupted(); // read on, as a server thread would with its next request
                  } catch (Throwable e) {
                    failures.add(e);
                  }
                }
              });
      readers.forEach(Thread::start);
      victim.start();
      while (victim.isAlive()) {
        victim.interrupt();
        Thread.sleep(1);
      }
      for (Thread t : readers) {
        t.join();
      }
      assertTrue(
          failures.isEmpty(), () -> failures.size() + " other reads failed: " + failures.peek());
      assertTrue(interruptedReads.get() > 0, "the interrupts reached reads");
      readAndCheck(source, bytes, 7, 10, failures);
      assertTrue(failures.isEmpty(), () -> "afterwards: " + failures.peek());
    }
  }

  @Test
  void aReplacedFileIsNotReadInsteadOfTheOpenOne() throws Exception {
    Path file = dir.resolve("image");
    content(file, 1);
    try (ByteSource source = ByteSource.of(file)) {
      Files.delete(file);
      content(file, 2);
      closeByInterrupt(source);
      IOException e = assertThrows(IOException.class, () -> source.readFully(0, new byte[8], 0, 8));
      assertTrue(String.valueOf(e.getMessage()).contains("replaced"), e.toString());
    }
  }

  @Test
  void aCallersChannelIsNotReopenedNorAClosedSource() throws Exception {
    Path file = dir.resolve("image");
    content(file, 1);
    try (ByteSource source = ByteSource.of(FileChannel.open(file, StandardOpenOption.READ))) {
      closeByInterrupt(source);
      assertThrows(ClosedChannelException.class, () -> source.readFully(0, new byte[8], 0, 8));
    }
    ByteSource source = ByteSource.of(file);
    source.close();
    assertThrows(ClosedChannelException.class, () -> source.readFully(0, new byte[8], 0, 8));
    assertThrows(ClosedChannelException.class, source::size);
  }

  /** Reads on a thread whose interrupt is pending, which closes the source's channel. */
  private static void closeByInterrupt(ByteSource source) throws InterruptedException {
    ConcurrentLinkedQueue<Throwable> thrown = new ConcurrentLinkedQueue<>();
    Thread t =
        new Thread(
            () -> {
              Thread.currentThread().interrupt();
              try {
                source.readFully(0, new byte[8], 0, 8);
              } catch (Throwable e) {
                thrown.add(e);
              }
            });
    t.start();
    t.join();
    assertEquals(ClosedByInterruptException.class, thrown.remove().getClass());
  }

  private static void readAndCheck(
      ByteSource source, byte[] bytes, long seed, int reads, ConcurrentLinkedQueue<Throwable> out) {
    Random r = new Random(seed);
    byte[] got = new byte[4096];
    try {
      for (int i = 0; i < reads; i++) {
        int at = r.nextInt(SIZE - got.length);
        source.readFully(at, got, 0, got.length);
        assertArrayEquals(Arrays.copyOfRange(bytes, at, at + got.length), got);
      }
    } catch (Throwable e) {
      out.add(e);
    }
  }
}
