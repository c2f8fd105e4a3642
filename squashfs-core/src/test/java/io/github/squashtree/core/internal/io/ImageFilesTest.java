package io.github.squashtree.core.internal.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A source is opened only over a regular file or a block device; a fifo never blocks it. */
class ImageFilesTest {
  @TempDir Path dir;

  @Test
  void fifoIsRefusedBeforeItIsOpened() throws Exception {
    Path fifo = dir.resolve("fifo");
    Process p = new ProcessBuilder("mkfifo", fifo.toString()).start();
    assumeTrue(p.waitFor() == 0, "mkfifo is needed");
    FileSystemException e =
        assertTimeoutPreemptively(
            Duration.ofSeconds(10),
            () -> assertThrows(FileSystemException.class, () -> ByteSource.of(fifo)));
    assertEquals(
        fifo + ": is a fifo; an image is a regular file or a block device", e.getMessage());
  }

  @Test
  void directoryAndCharacterDeviceAreRefusedNamingThem() throws Exception {
    FileSystemException e = assertThrows(FileSystemException.class, () -> ByteSource.of(dir));
    assertTrue(e.getMessage().startsWith(dir + ": is a directory"), e.getMessage());
    Path devNull = Path.of("/dev/null");
    assumeTrue(Files.exists(devNull), "a Unix /dev/null is needed");
    e = assertThrows(FileSystemException.class, () -> ByteSource.of(devNull));
    assertTrue(e.getMessage().startsWith("/dev/null: is a character device"), e.getMessage());
  }

  @Test
  void regularFileThroughASymlinkIsRead() throws Exception {
    Path file = Files.write(dir.resolve("image"), new byte[] {1, 2, 3});
    Path link = Files.createSymbolicLink(dir.resolve("link"), file);
    try (ByteSource s = ByteSource.of(link)) {
      assertEquals(3, s.size());
    }
  }
}
