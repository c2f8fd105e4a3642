package io.github.squashtree.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.squashtree.core.host.DirectoryTree;
import io.github.squashtree.core.tree.Entry;
import io.github.squashtree.core.tree.ForwardingTree;
import io.github.squashtree.core.tree.Tree;
import io.github.squashtree.core.tree.TreeBuilder;
import io.github.squashtree.core.tree.TreeBuilder.Attributes;
import io.github.squashtree.core.write.SquashfsWriter;
import io.github.squashtree.core.write.WriterOptions;
import io.github.squashtree.fixtures.ProcessRunner;
import io.github.squashtree.fixtures.Require;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The writer under faults from outside: a full disk, a source file deleted mid-run, the writing
 * thread interrupted. Each ends in an IOException, and neither an image nor a temporary file is
 * left under the target's name. (An unreadable, failing, growing or shrinking source file and a
 * failing compression worker are covered in core's SquashfsWriterTest.)
 */
class WriterFailureIT {
  @TempDir Path tmp;

  @Test
  void aFullDiskLeavesNothingBehind() throws IOException {
    Require.root();
    Path disk = Files.createDirectory(tmp.resolve("disk"));
    ProcessRunner.run("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", disk.toString());
    try {
      byte[] random = new byte[3 << 20];
      new Random(1).nextBytes(random);
      Tree tree = new TreeBuilder().file("/random", random, Attributes.FILE).build();
      Path image = disk.resolve("image.sqfs");
      IOException e =
          assertThrows(
              IOException.class, () -> SquashfsWriter.write(tree, image, WriterOptions.defaults()));
      assertTrue(e.getMessage().contains(image.toString()), e.getMessage());
      assertTrue(e.getMessage().contains("No space left on device"), e.getMessage());
      assertNothingIn(disk);
    } finally {
      ProcessRunner.run("umount", disk.toString());
    }
  }

  /**
   * A file listed by the walk is deleted before the writer reads it (the tree deletes it when the
   * file before it is opened): the error names it, and nothing is left.
   */
  @Test
  void aSourceFileVanishingMidRunIsNamedAndNothingIsLeft() throws IOException {
    Path source = Files.createDirectory(tmp.resolve("source"));
    byte[] random = new byte[1 << 20];
    new Random(2).nextBytes(random);
    Files.write(source.resolve("a-first"), random);
    Path vanishing = Files.write(source.resolve("b-vanishes"), random);
    Path out = Files.createDirectory(tmp.resolve("out"));
    try (DirectoryTree dir = DirectoryTree.open(source)) {
      Tree tree =
          new ForwardingTree(dir) {
            @Override
            public InputStream open(Entry file) throws IOException {
              if (file.path().equals("/a-first")) {
                Files.delete(vanishing);
              }
              return super.open(file);
            }
          };
      Path image = out.resolve("image.sqfs");
      IOException e =
          assertThrows(
              IOException.class, () -> SquashfsWriter.write(tree, image, WriterOptions.defaults()));
      assertFalse(Files.exists(vanishing), "the test deleted the file");
      assertTrue(e.getMessage().contains("b-vanishes"), e.getMessage());
    }
    assertNothingIn(out);
  }

  /**
   * The writing thread is interrupted at several points of a write (early in the data, late in it):
   * an IOException, the interrupt status kept, and nothing left.
   */
  @Test
  @Timeout(120)
  void anInterruptedWriteLeavesNothing() throws Exception {
    int size = 32 << 20;
    for (int interruptAfter : new int[] {64 << 10, 4 << 20, 24 << 20, size}) {
      Path out = Files.createDirectory(tmp.resolve("out-" + interruptAfter));
      CountDownLatch reached = new CountDownLatch(1);
      Tree tree =
          new TreeBuilder()
              .file("/big", size, () -> new Noise(size, interruptAfter, reached), Attributes.FILE)
              .file("/small", new byte[100], Attributes.FILE)
              .build();
      AtomicReference<Throwable> outcome = new AtomicReference<>();
      AtomicReference<Boolean> stillInterrupted = new AtomicReference<>();
      Thread writer =
          new Thread(
              () -> {
                try {
                  SquashfsWriter.write(
                      tree, out.resolve("image.sqfs"), WriterOptions.defaults().withProcessors(2));
                  outcome.set(new AssertionError("the write finished despite the interrupt"));
                } catch (Throwable e) {
                  outcome.set(e);
                }
                stillInterrupted.set(Thread.currentThread().isInterrupted());
              },
              "writer");
      writer.start();
      assertTrue(reached.await(60, TimeUnit.SECONDS), "the writer never got that far");
      writer.interrupt();
      writer.join(TimeUnit.SECONDS.toMillis(60));
      assertFalse(writer.isAlive(), "the interrupted writer hangs");
      assertInstanceOf(IOException.class, outcome.get(), "after " + interruptAfter + " bytes");
      assertTrue(stillInterrupted.get(), "the writer swallowed the interrupt");
      assertNothingIn(out);
    }
  }

  /** Pseudo-random bytes; after {@code signalAt} of them it signals and then slows down. */
  private static final class Noise extends InputStream {
    private final long size;
    private final long signalAt;
    private final CountDownLatch reached;
    private final Random random = new Random(7);
    private long read;

    Noise(long size, long signalAt, CountDownLatch reached) {
      this.size = size;
      this.signalAt = signalAt;
      this.reached = reached;
    }

    @Override
    public int read() {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (read >= size) {
        if (read == signalAt) {
          reached.countDown(); // interrupt once the whole file is read: in the tables' phase
        }
        return -1;
      }
      int n = (int) Math.min(len, size - read);
      byte[] chunk = new byte[n];
      random.nextBytes(chunk);
      System.arraycopy(chunk, 0, b, off, n);
      read += n;
      if (read >= signalAt && reached.getCount() > 0 && signalAt < size) {
        reached.countDown();
      }
      return n;
    }
  }

  private static void assertNothingIn(Path dir) throws IOException {
    try (Stream<Path> left = Files.list(dir)) {
      assertEquals(List.of(), left.toList(), "neither image nor temporary file is left");
    }
  }
}
