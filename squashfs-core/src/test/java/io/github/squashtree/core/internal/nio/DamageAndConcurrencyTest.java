package io.github.squashtree.core.internal.nio;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.squashtree.core.SquashfsFormatException;
import io.github.squashtree.core.internal.format.FileInode;
import io.github.squashtree.core.internal.read.FileLayout;
import io.github.squashtree.core.internal.read.ImageReader;
import io.github.squashtree.core.tree.TreeBuilder;
import io.github.squashtree.core.tree.TreeBuilder.Attributes;
import io.github.squashtree.core.write.SquashfsWriter;
import io.github.squashtree.core.write.WriterOptions;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.ClosedFileSystemException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A damaged image fails the call that meets the damage; many threads read one file system. */
class DamageAndConcurrencyTest {
  private static final byte[] TEXT =
      "squashfs through java.nio.file\n".repeat(10_000).getBytes(UTF_8);

  @TempDir Path tmp;

  private Path textImage() throws IOException {
    Path image = tmp.resolve("text.sqfs");
    SquashfsWriter.write(
        new TreeBuilder()
            .file("/text", TEXT, Attributes.FILE)
            .file("/small", "small\n".getBytes(UTF_8), Attributes.FILE)
            .directory("/d", Attributes.DIRECTORY)
            .build(),
        image,
        WriterOptions.defaults().withProcessors(1));
    return image;
  }

  private static void overwrite(Path image, long at, byte[] bytes) throws IOException {
    try (RandomAccessFile f = new RandomAccessFile(image.toFile(), "rw")) {
      f.seek(at);
      f.write(bytes);
    }
  }

  @Test
  void aDamagedBlockFailsTheReadThatMeetsItNamingThePath() throws IOException {
    Path image = textImage();
    long block;
    try (ImageReader reader = ImageReader.open(image)) {
      FileLayout layout = reader.layout((FileInode) reader.lookup("/text").orElseThrow());
      block = layout.position(1);
    }
    byte[] junk = new byte[64];
    Arrays.fill(junk, (byte) 0x5A);
    overwrite(image, block + 10, junk);
    try (FileSystem fs = FileSystems.newFileSystem(image)) {
      Path text = fs.getPath("/text");
      assertEquals(TEXT.length, Files.size(text)); // metadata is intact
      try (SeekableByteChannel ch = Files.newByteChannel(text)) {
        ByteBuffer first = ByteBuffer.allocate(1000);
        ch.read(first); // block 0 is intact
        assertArrayEquals(Arrays.copyOf(TEXT, 1000), first.array());
        ch.position(131_072 + 5);
        SquashfsFormatException e =
            assertThrows(SquashfsFormatException.class, () -> ch.read(ByteBuffer.allocate(10)));
        assertTrue(e.getMessage().contains("block 1"), e.getMessage());
      }
      SquashfsFormatException e =
          assertThrows(SquashfsFormatException.class, () -> Files.readAllBytes(text));
      assertTrue(e.getMessage().startsWith("/text: "), e.getMessage());
      assertEquals("small\n", Files.readString(fs.getPath("/small")));
    }
  }

  @Test
  void aDamagedDirectoryTableFailsTheLookup() throws IOException {
    Path image = textImage();
    long table;
    try (ImageReader reader = ImageReader.open(image)) {
      table = reader.superblock().directoryTableStart();
    }
    overwrite(image, table, new byte[] {(byte) 0xFF, (byte) 0x7F, 1, 2, 3, 4, 5, 6});
    try (FileSystem fs = FileSystems.newFileSystem(image)) {
      assertThrows(SquashfsFormatException.class, () -> Files.list(fs.getPath("/")).close());
      assertThrows(SquashfsFormatException.class, () -> Files.size(fs.getPath("/small")));
      // Files.exists turns every IOException into false, as over a mount that fails with EIO.
      assertEquals(false, Files.exists(fs.getPath("/small")));
    }
  }

  @Test
  @Timeout(120)
  void manyThreadsReadOneFileSystemAndCloseEndsThemCleanly() throws Exception {
    Path image = TestImages.sample(tmp);
    FileSystem fs = FileSystems.newFileSystem(image);
    List<Path> all;
    try (Stream<Path> walk = Files.walk(fs.getPath("/"))) {
      all = walk.toList();
    }
    ConcurrentLinkedQueue<Throwable> wrong = new ConcurrentLinkedQueue<>();
    CountDownLatch checked = new CountDownLatch(6);
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 6; t++) {
      long seed = t;
      threads.add(
          new Thread(
              () -> {
                Random random = new Random(seed);
                int rounds = 0;
                try {
                  while (true) {
                    read(fs, all, random);
                    if (++rounds == 30) {
                      checked.countDown();
                    }
                  }
                } catch (ClosedFileSystemException
                    | java.nio.channels.ClosedChannelException
                    | java.nio.file.ClosedDirectoryStreamException e) {
                  // the file system closed under us (a directory stream opened just before it
                  // closed says so when iterated): the clean ways to stop
                } catch (Throwable e) {
                  wrong.add(e);
                } finally {
                  if (rounds < 30) {
                    checked.countDown();
                  }
                }
              }));
    }
    threads.forEach(Thread::start);
    checked.await();
    fs.close();
    for (Thread t : threads) {
      t.join();
    }
    assertEquals(List.of(), new ArrayList<>(wrong));
  }

  private static void read(FileSystem fs, List<Path> all, Random random) throws IOException {
    Path p = all.get(random.nextInt(all.size()));
    PosixFileAttributes a =
        Files.readAttributes(p, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    byte[] content =
        p.toString().equals("/big")
            ? TestImages.BIG
            : p.toString().equals("/dir/text") ? TestImages.TEXT : null;
    if (content != null) {
      try (SeekableByteChannel ch = Files.newByteChannel(p)) {
        int at = random.nextInt(content.length);
        ByteBuffer b = ByteBuffer.allocate(random.nextInt(70_000) + 1);
        int n = ch.position(at).read(b);
        if (!Arrays.equals(Arrays.copyOfRange(content, at, at + n), Arrays.copyOf(b.array(), n))) {
          throw new AssertionError("wrong bytes at " + at + " of " + p);
        }
      }
    } else if (a.isDirectory()) {
      try (Stream<Path> list = Files.list(p)) {
        list.count();
      }
    } else if (p.toString().equals("/etc/hostname")) {
      if (!Files.readString(p).equals("box\n")) {
        throw new AssertionError("wrong hostname");
      }
    }
  }
}
