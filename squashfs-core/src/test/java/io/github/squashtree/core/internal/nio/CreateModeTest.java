package io.github.squashtree.core.internal.nio;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.squashtree.core.compression.Compression;
import io.github.squashtree.core.image.ImageInfo;
import io.github.squashtree.core.image.SquashfsImage;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Create mode: a tree written through NIO becomes an image when the file system closes. */
class CreateModeTest {
  @TempDir Path tmp;

  private static URI uri(Path image) {
    return URI.create("squashfs:" + image.toUri());
  }

  private Map<String, Object> env(Path spool) {
    Map<String, Object> env = new HashMap<>();
    env.put("create", "true");
    env.put("compression", "zstd");
    env.put("blockSize", "64K");
    env.put("mkfsTime", 1_000_000);
    env.put("mtime", "1700000000");
    env.put("defaultOwner", 1000);
    env.put("defaultGroup", "100");
    env.put("tempDirectory", spool);
    return env;
  }

  @Test
  void whatIsWrittenBecomesTheImageOnClose() throws IOException {
    Path image = tmp.resolve("new.sqfs");
    Path spool = Files.createDirectory(tmp.resolve("spool"));
    byte[] big = new byte[1 << 20];
    new Random(1).nextBytes(big);
    try (FileSystem fs = FileSystems.newFileSystem(uri(image), env(spool))) {
      assertFalse(fs.isReadOnly());
      Files.createDirectories(fs.getPath("/etc/app"));
      Files.writeString(fs.getPath("/etc/app/config"), "key=value\n");
      Files.write(fs.getPath("/big"), big);
      Files.createSymbolicLink(fs.getPath("/link"), fs.getPath("etc/app/config"));
      Files.createLink(fs.getPath("/etc/hard"), fs.getPath("/etc/app/config"));
      Files.createFile(
          fs.getPath("/secret"),
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.setAttribute(fs.getPath("/secret"), "unix:uid", 0);
      Files.setOwner(
          fs.getPath("/big"), fs.getUserPrincipalLookupService().lookupPrincipalByName("33"));
      Files.setLastModifiedTime(fs.getPath("/big"), FileTime.fromMillis(1_234_567_000L));
      Files.getFileAttributeView(fs.getPath("/etc/app/config"), UserDefinedFileAttributeView.class)
          .write("origin", UTF_8.encode("nio"));
      Files.setAttribute(
          fs.getPath("/secret"),
          "squashfs:xattrs",
          Map.of("security.selinux", "x\0".getBytes(UTF_8)));
      // Read back before close: the tree answers as an image would.
      assertEquals("key=value\n", Files.readString(fs.getPath("/link")));
      assertEquals(2, Files.getAttribute(fs.getPath("/etc/hard"), "unix:nlink"));
      assertTrue(Files.list(spool).findAny().isPresent(), "the big file is spooled to disk");
      assertFalse(Files.exists(image), "nothing is written before close");
    }
    try (Stream<Path> left = Files.list(spool)) {
      assertEquals(List.of(), left.collect(Collectors.toList()), "the spool is gone");
    }
    try (SquashfsImage img = SquashfsImage.open(image)) {
      ImageInfo info = img.info();
      assertEquals(Compression.ZSTD, info.compression());
      assertEquals(65536, info.blockSize());
      assertEquals(1_000_000, info.modificationTime());
    }
    try (FileSystem fs = FileSystems.newFileSystem(image)) {
      assertTrue(fs.isReadOnly());
      assertArrayEquals(big, Files.readAllBytes(fs.getPath("/big")));
      assertEquals("key=value\n", Files.readString(fs.getPath("/etc/hard")));
      assertEquals(fs.getPath("etc/app/config"), Files.readSymbolicLink(fs.getPath("/link")));
      assertTrue(Files.isSameFile(fs.getPath("/etc/hard"), fs.getPath("/etc/app/config")));
      Map<String, Object> secret = Files.readAttributes(fs.getPath("/secret"), "unix:*");
      assertEquals(0100600, secret.get("mode"));
      assertEquals(0, secret.get("uid"));
      assertEquals(100, secret.get("gid"));
      assertEquals(33, Files.getAttribute(fs.getPath("/big"), "unix:uid"));
      assertEquals(
          FileTime.fromMillis(1_234_567_000L), Files.getLastModifiedTime(fs.getPath("/big")));
      assertEquals(
          FileTime.fromMillis(1_700_000_000_000L),
          Files.getLastModifiedTime(fs.getPath("/etc/app/config")));
      assertEquals(
          "rwxr-xr-x",
          PosixFilePermissions.toString(Files.getPosixFilePermissions(fs.getPath("/etc"))));
      assertEquals(
          List.of("origin"),
          Files.getFileAttributeView(
                  fs.getPath("/etc/app/config"), UserDefinedFileAttributeView.class)
              .list());
      @SuppressWarnings("unchecked")
      Map<String, byte[]> x =
          (Map<String, byte[]>) Files.getAttribute(fs.getPath("/secret"), "squashfs:xattrs");
      assertArrayEquals("x\0".getBytes(UTF_8), x.get("security.selinux"));
    }
  }

  @Test
  void channelsWriteSeekTruncateAndAppend() throws IOException {
    Path image = tmp.resolve("c.sqfs");
    try (FileSystem fs = FileSystems.newFileSystem(uri(image), Map.of("create", true))) {
      Path f = fs.getPath("/f");
      try (SeekableByteChannel ch =
          Files.newByteChannel(
              f,
              StandardOpenOption.CREATE_NEW,
              StandardOpenOption.WRITE,
              StandardOpenOption.READ)) {
        ch.write(UTF_8.encode("hello world"));
        ch.position(100_000).write(UTF_8.encode("far"));
        assertEquals(100_003, ch.size());
        ch.truncate(5);
        assertEquals(5, ch.position());
        ch.position(0);
        ByteBuffer b = ByteBuffer.allocate(10);
        assertEquals(5, ch.read(b));
      }
      try (OutputStream out = Files.newOutputStream(f, StandardOpenOption.APPEND)) {
        out.write("!".getBytes(UTF_8));
      }
      assertEquals("hello!", Files.readString(f));
      assertThrows(
          FileAlreadyExistsException.class,
          () -> Files.newByteChannel(f, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE));
      assertThrows(NoSuchFileException.class, () -> Files.newOutputStream(fs.getPath("/no/f")));
      Files.write(f, new byte[0]);
      assertEquals(0, Files.size(f));
    }
  }

  @Test
  void deleteMoveAndCopyBehaveAsOnLinux() throws IOException {
    Path image = tmp.resolve("m.sqfs");
    try (FileSystem fs = FileSystems.newFileSystem(uri(image), Map.of("create", "true"))) {
      Files.createDirectories(fs.getPath("/a/b"));
      Files.writeString(fs.getPath("/a/b/f"), "f");
      assertThrows(DirectoryNotEmptyException.class, () -> Files.delete(fs.getPath("/a")));
      assertThrows(FileAlreadyExistsException.class, () -> Files.createDirectory(fs.getPath("/a")));
      Files.move(fs.getPath("/a/b"), fs.getPath("/c"));
      assertEquals("f", Files.readString(fs.getPath("/c/f")));
      assertThrows(
          java.nio.file.FileSystemException.class,
          () -> Files.move(fs.getPath("/c"), fs.getPath("/c/inside")));
      Files.copy(fs.getPath("/c/f"), fs.getPath("/g"));
      assertThrows(
          FileAlreadyExistsException.class, () -> Files.copy(fs.getPath("/c/f"), fs.getPath("/g")));
      Files.writeString(fs.getPath("/c/f"), "changed");
      assertEquals("f", Files.readString(fs.getPath("/g")));
      Files.copy(fs.getPath("/c/f"), fs.getPath("/g"), StandardCopyOption.REPLACE_EXISTING);
      assertEquals("changed", Files.readString(fs.getPath("/g")));
      Files.delete(fs.getPath("/c/f"));
      Files.delete(fs.getPath("/c"));
      Path host = Files.writeString(tmp.resolve("host.txt"), "from the host");
      Files.copy(host, fs.getPath("/host.txt"));
    }
    try (FileSystem fs = FileSystems.newFileSystem(image)) {
      try (Stream<Path> all = Files.walk(fs.getPath("/"))) {
        assertEquals(
            List.of("/", "/a", "/g", "/host.txt"),
            all.map(Path::toString).sorted().collect(Collectors.toList()));
      }
      assertEquals("from the host", Files.readString(fs.getPath("/host.txt")));
    }
  }

  @Test
  void anExistingImageIsUpdatedAndKeepsWhatWasNotTouched() throws IOException {
    Path image = TestImages.sample(tmp);
    try (FileSystem fs = FileSystems.newFileSystem(uri(image), Map.of("create", "true"))) {
      assertArrayEquals(TestImages.BIG, Files.readAllBytes(fs.getPath("/big")));
      Files.writeString(fs.getPath("/etc/hostname"), "other\n");
      Files.writeString(fs.getPath("/added"), "new\n");
      Files.delete(fs.getPath("/loop"));
    }
    try (FileSystem fs = FileSystems.newFileSystem(image)) {
      assertArrayEquals(TestImages.BIG, Files.readAllBytes(fs.getPath("/big")));
      assertEquals("other\n", Files.readString(fs.getPath("/etc/hard")), "still one inode");
      assertEquals("new\n", Files.readString(fs.getPath("/added")));
      assertFalse(Files.exists(fs.getPath("/loop"), LinkOption.NOFOLLOW_LINKS));
      assertEquals(
          0640, (int) Files.getAttribute(fs.getPath("/etc/hostname"), "unix:mode") & 07777);
      assertEquals(
          List.of("comment"),
          Files.getFileAttributeView(
                  fs.getPath("/etc/hostname"), UserDefinedFileAttributeView.class)
              .list());
      assertEquals(
          TestImages.LATIN1,
          Files.list(fs.getPath("/"))
              .map(p -> p.getFileName().toString())
              .filter(n -> n.startsWith("caf"))
              .findFirst()
              .orElseThrow());
    }
  }

  @Test
  void smallFilesStayInMemoryOnlyUpToTheBudget() throws IOException {
    Path image = tmp.resolve("many.sqfs");
    Path spool = Files.createDirectory(tmp.resolve("spool"));
    Map<String, Object> env = env(spool);
    byte[][] contents = new byte[300][];
    try (FileSystem fs = FileSystems.newFileSystem(uri(image), env)) {
      Random random = new Random(5);
      for (int i = 0; i < contents.length; i++) {
        contents[i] = new byte[60_000]; // under the 64 KiB a file may keep in memory
        random.nextBytes(contents[i]);
        Files.write(fs.getPath("/f" + i), contents[i]);
        try (Stream<Path> dirs = Files.list(spool)) {
          long onDisk = dirs.flatMap(CreateModeTest::list).count();
          // 16 MiB hold 256 such files (their buffers grow to 64 KiB); the rest go to disk.
          assertEquals(Math.max(0, i + 1 - 256), onDisk, "after file " + i);
        }
      }
    }
    try (FileSystem fs = FileSystems.newFileSystem(image)) {
      for (int i = 0; i < contents.length; i++) {
        assertArrayEquals(contents[i], Files.readAllBytes(fs.getPath("/f" + i)));
      }
    }
  }

  private static Stream<Path> list(Path dir) {
    try {
      return Files.list(dir).collect(Collectors.toList()).stream();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void anImageOpenedToUpdateButLeftAsItWasIsNotRewritten() throws IOException {
    Path image = TestImages.sample(tmp);
    FileTime written = Files.getLastModifiedTime(image);
    Object key =
        Files.readAttributes(image, java.nio.file.attribute.BasicFileAttributes.class).fileKey();
    try (FileSystem fs = FileSystems.newFileSystem(uri(image), Map.of("create", "true"))) {
      assertEquals("box\n", Files.readString(fs.getPath("/etc/hostname")));
      try (Stream<Path> all = Files.walk(fs.getPath("/"))) {
        assertEquals(18, all.count());
      }
    }
    assertEquals(written, Files.getLastModifiedTime(image));
    assertEquals(
        key,
        Files.readAttributes(image, java.nio.file.attribute.BasicFileAttributes.class).fileKey());
    try (FileSystem fs = FileSystems.newFileSystem(uri(image), Map.of("create", "true"))) {
      Files.setAttribute(fs.getPath("/big"), "unix:gid", 7);
    }
    try (FileSystem fs = FileSystems.newFileSystem(image)) {
      assertEquals(7, Files.getAttribute(fs.getPath("/big"), "unix:gid"));
    }
  }

  @Test
  void aFailedCloseLeavesNothingBehind() throws IOException {
    Path dir = Files.createDirectory(tmp.resolve("out"));
    Path image = dir.resolve("gone.sqfs");
    Path spool = Files.createDirectory(tmp.resolve("spool"));
    FileSystem fs = FileSystems.newFileSystem(uri(image), env(spool));
    byte[] big = new byte[300_000];
    Files.write(fs.getPath("/big"), big);
    Files.delete(dir); // the image has nowhere to go now
    assertThrows(IOException.class, fs::close);
    assertFalse(fs.isOpen());
    try (Stream<Path> left = Files.list(spool)) {
      assertEquals(List.of(), left.collect(Collectors.toList()));
    }
    assertFalse(Files.exists(dir));
    // The file system is unregistered: a new one can be made for the same URI.
    Files.createDirectory(dir);
    FileSystems.newFileSystem(uri(image), env(spool)).close();
    assertTrue(Files.exists(image));
  }
}
