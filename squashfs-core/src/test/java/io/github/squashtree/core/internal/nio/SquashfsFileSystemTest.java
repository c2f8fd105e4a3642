package io.github.squashtree.core.internal.nio;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.ClosedFileSystemException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileStore;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.NotLinkException;
import java.nio.file.Path;
import java.nio.file.ProviderNotFoundException;
import java.nio.file.ReadOnlyFileSystemException;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An image read through {@code java.nio.file}: the provider's own behaviour. */
class SquashfsFileSystemTest {
  @TempDir Path tmp;
  private Path image;
  private FileSystem fs;

  @BeforeEach
  void open() throws IOException {
    image = TestImages.sample(tmp);
    fs = FileSystems.newFileSystem(image);
  }

  @AfterEach
  void close() throws IOException {
    fs.close();
  }

  private Path p(String path) {
    return fs.getPath(path);
  }

  @Test
  void theInstalledProviderTakesImagesAndDeclinesOtherFiles() throws IOException {
    assertEquals("squashfs", fs.provider().getScheme());
    assertTrue(fs.isReadOnly());
    Path text = Files.writeString(tmp.resolve("notes.txt"), "not an image");
    assertThrows(ProviderNotFoundException.class, () -> FileSystems.newFileSystem(text));
    Path zip = tmp.resolve("a.zip");
    try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
      out.putNextEntry(new ZipEntry("inside.txt"));
      out.write("zipped".getBytes(UTF_8));
    }
    try (FileSystem zipfs = FileSystems.newFileSystem(zip)) {
      assertEquals("jar", zipfs.provider().getScheme());
      assertEquals("zipped", Files.readString(zipfs.getPath("/inside.txt")));
    }
  }

  @Test
  void theUriFormRegistersTheFileSystemUntilItCloses() throws IOException {
    URI uri = URI.create("squashfs:" + image.toUri());
    FileSystem registered = FileSystems.newFileSystem(uri, Map.of());
    try {
      assertSame(registered, FileSystems.getFileSystem(uri));
      assertThrows(
          FileSystemAlreadyExistsException.class, () -> FileSystems.newFileSystem(uri, Map.of()));
      Path host = Path.of(URI.create(uri + "!/etc/hostname"));
      assertSame(registered, host.getFileSystem());
      assertEquals("box\n", Files.readString(host));
      assertEquals(host, Path.of(host.toUri()));
      // The Path form is not registered: a second, independent file system.
      assertNotSame(registered, fs);
    } finally {
      registered.close();
    }
    assertThrows(FileSystemNotFoundException.class, () -> FileSystems.getFileSystem(uri));
    URI missing = URI.create("squashfs:" + tmp.resolve("none.sqfs").toUri());
    assertThrows(NoSuchFileException.class, () -> FileSystems.newFileSystem(missing, Map.of()));
  }

  @Test
  void anImageAtAnOffsetOpensWithTheOffsetInEnv() throws IOException {
    byte[] bytes = Files.readAllBytes(image);
    byte[] embedded = new byte[1000 + bytes.length];
    System.arraycopy(bytes, 0, embedded, 1000, bytes.length);
    Path firmware = Files.write(tmp.resolve("firmware.bin"), embedded);
    assertThrows(ProviderNotFoundException.class, () -> FileSystems.newFileSystem(firmware));
    try (FileSystem at = FileSystems.newFileSystem(firmware, Map.of("offset", "1000"))) {
      assertEquals("box\n", Files.readString(at.getPath("/etc/hostname")));
    }
  }

  @Test
  void channelsSeekAndReadAcrossBlocksHolesAndTheTail() throws IOException {
    try (SeekableByteChannel ch = Files.newByteChannel(p("/big"))) {
      assertEquals(TestImages.BIG.length, ch.size());
      for (long at : new long[] {0, 131_000, 140_100, 262_000, 299_990, 131_071}) {
        ByteBuffer buf = ByteBuffer.allocate(20_000);
        ch.position(at);
        int n = ch.read(buf);
        int expected = (int) Math.min(buf.capacity(), TestImages.BIG.length - at);
        assertEquals(expected, n);
        assertArrayEquals(
            Arrays.copyOfRange(TestImages.BIG, (int) at, (int) at + n),
            Arrays.copyOf(buf.array(), n),
            "at " + at);
        assertEquals(at + n, ch.position());
      }
      ch.position(TestImages.BIG.length);
      assertEquals(-1, ch.read(ByteBuffer.allocate(1)));
      ByteBuffer direct = ByteBuffer.allocateDirect(10);
      ch.position(5).read(direct);
      assertEquals(TestImages.BIG[5], direct.get(0));
      assertThrows(NonWritableChannelException.class, () -> ch.write(ByteBuffer.allocate(1)));
    }
    assertArrayEquals(TestImages.BIG, Files.readAllBytes(p("/big")));
    try (InputStream in = Files.newInputStream(p("/link"))) {
      assertEquals("box\n", new String(in.readAllBytes(), UTF_8));
    }
  }

  @Test
  void readsAreTheSameWithTheBlockCacheOffAndWithChannelsSharingIt() throws IOException {
    try (FileSystem uncached = FileSystems.newFileSystem(image, Map.of("dataCacheBytes", "0"));
        FileSystem tiny = FileSystems.newFileSystem(image, Map.of("dataCacheBytes", "200K"))) {
      List<SeekableByteChannel> channels = new java.util.ArrayList<>();
      for (FileSystem f : List.of(fs, fs, uncached, tiny, tiny)) {
        channels.add(Files.newByteChannel(f.getPath("/dir/text")));
      }
      java.util.Random random = new java.util.Random(7);
      for (int i = 0; i < 300; i++) {
        int at = random.nextInt(TestImages.TEXT.length);
        byte[] expected =
            Arrays.copyOfRange(TestImages.TEXT, at, Math.min(TestImages.TEXT.length, at + 4096));
        for (SeekableByteChannel ch : channels) {
          ByteBuffer buf = ByteBuffer.allocate(4096);
          int n = ch.position(at).read(buf);
          assertArrayEquals(expected, Arrays.copyOf(buf.array(), n), "at " + at);
        }
      }
      for (SeekableByteChannel ch : channels) {
        ch.close();
      }
    }
    assertThrows(
        IllegalArgumentException.class,
        () -> FileSystems.newFileSystem(image, Map.of("dataCacheBytes", "-1")));
  }

  @Test
  void aDirectoryOpensButDoesNotRead() throws IOException {
    try (SeekableByteChannel ch = Files.newByteChannel(p("/etc"))) {
      IOException e = assertThrows(IOException.class, () -> ch.read(ByteBuffer.allocate(1)));
      assertEquals("Is a directory", e.getMessage());
    }
  }

  @Test
  void lookupsFailAsOnLinux() throws IOException {
    assertThrows(NoSuchFileException.class, () -> Files.readAttributes(p("/nope"), "size"));
    FileSystemException notDir =
        assertThrows(FileSystemException.class, () -> Files.size(p("/etc/hostname/x")));
    assertEquals("/etc/hostname/x", notDir.getFile());
    if (Operations.NOT_A_DIRECTORY_IS_MISSING) {
      // JDK 25+: reading attributes below a file is "no such file", as the default provider says
      assertInstanceOf(NoSuchFileException.class, notDir);
    } else {
      assertEquals("Not a directory", notDir.getReason());
    }
    FileSystemException readlink =
        assertThrows(FileSystemException.class, () -> Files.readSymbolicLink(p("/etc/hostname/x")));
    assertEquals("Not a directory", readlink.getReason()); // every JDK: readlink(2)'s ENOTDIR
    FileSystemException loop =
        assertThrows(FileSystemException.class, () -> Files.size(p("/loop")));
    assertTrue(loop.getReason().startsWith("Too many levels of symbolic links"), loop.getReason());
    assertThrows(NoSuchFileException.class, () -> Files.size(p("/dangling")));
    assertTrue(Files.isSymbolicLink(p("/dangling")));
    assertThrows(NotDirectoryException.class, () -> Files.newDirectoryStream(p("/big")));
    assertThrows(NotDirectoryException.class, () -> Files.list(p("/big/x")));
    assertThrows(NotLinkException.class, () -> Files.readSymbolicLink(p("/big")));
    assertThrows(NoSuchFileException.class, () -> Files.readSymbolicLink(p("/none")));
  }

  @Test
  void symlinksResolveInsideTheImage() throws IOException {
    assertEquals(p("etc/hostname"), Files.readSymbolicLink(p("/link")));
    assertEquals("box\n", Files.readString(p("/abs/hostname"))); // "/etc" is the image's /etc
    assertEquals("box\n", Files.readString(p("/dir/up/etc/hostname")));
    assertEquals(p("/dir"), p("/dir/sub/../up/dir/sub/..").toRealPath());
    assertThrows(NoSuchFileException.class, () -> p("/dir/up/sub").toRealPath()); // up is "/"
    assertEquals(p("/etc/hostname"), p("/abs/../link").toRealPath());
    assertEquals(p("/"), p("/..").toRealPath());
    assertEquals(p("/abs"), p("/abs").toRealPath(LinkOption.NOFOLLOW_LINKS));
    assertTrue(Files.isSameFile(p("/etc/hard"), p("/link")));
    assertFalse(Files.isSameFile(p("/etc/hard"), p("/big")));
  }

  @Test
  void directoryStreamsFilterAndWalksSeeEverything() throws IOException {
    try (DirectoryStream<Path> s = Files.newDirectoryStream(p("/"), "[a-e]*")) {
      List<String> names = new java.util.ArrayList<>();
      s.forEach(x -> names.add(x.getFileName().toString()));
      assertEquals(
          List.of("abs", "big", TestImages.LATIN1, "char", "dangling", "dir", "empty", "etc"),
          names);
    }
    try (Stream<Path> walk = Files.walk(p("/"))) {
      assertEquals(18, walk.count()); // 17 entries and the root
    }
    try (Stream<Path> found =
        Files.find(p("/"), 10, (x, a) -> a.isRegularFile() && a.size() < 10)) {
      assertEquals(
          List.of("/" + TestImages.LATIN1, "/dir/sub/deep", "/etc/hard", "/etc/hostname"),
          found.map(Path::toString).sorted().collect(Collectors.toList()));
    }
  }

  @Test
  void attributesHaveTheJdkLinuxNamesAndTypes() throws IOException {
    Map<String, Object> unix = Files.readAttributes(p("/etc/hostname"), "unix:*");
    assertEquals(0100640, unix.get("mode"));
    assertEquals(0, unix.get("uid"));
    assertEquals(42, unix.get("gid"));
    assertEquals(2, unix.get("nlink"));
    assertInstanceOf(Long.class, unix.get("ino"));
    assertEquals(FileTime.fromMillis(1_700_000_000_000L), unix.get("ctime"));
    assertEquals(4L, unix.get("size"));
    assertEquals(NodeAttributes.makedev(1, 3), Files.getAttribute(p("/char"), "unix:rdev"));
    PosixFileAttributes posix = Files.readAttributes(p("/big"), PosixFileAttributes.class);
    assertEquals("1000", posix.owner().getName());
    assertEquals("100", posix.group().getName());
    assertEquals(PosixFilePermissions.fromString("rw-r--r--"), posix.permissions());
    assertEquals(posix.lastModifiedTime(), posix.lastAccessTime());
    assertEquals(fs.getUserPrincipalLookupService().lookupPrincipalByName("1000"), posix.owner());
    assertTrue(Files.readAttributes(p("/fifo"), PosixFileAttributes.class).isOther());
    assertThrows(UnsupportedOperationException.class, () -> Files.readAttributes(p("/"), "dos:*"));
    assertThrows(IllegalArgumentException.class, () -> Files.getAttribute(p("/"), "unix:nope"));
  }

  @Test
  void userAndSquashfsViewsShowTheExtendedAttributes() throws IOException {
    UserDefinedFileAttributeView user =
        Files.getFileAttributeView(p("/etc/hostname"), UserDefinedFileAttributeView.class);
    assertEquals(List.of("comment"), user.list());
    assertEquals(5, user.size("comment"));
    ByteBuffer buf = ByteBuffer.allocate(5);
    user.read("comment", buf);
    assertEquals("hello", new String(buf.array(), UTF_8));
    FileSystemException none = assertThrows(FileSystemException.class, () -> user.size("x"));
    assertTrue(none.getReason().endsWith("No data available"), none.getReason());
    assertThrows(ReadOnlyFileSystemException.class, () -> user.write("x", ByteBuffer.allocate(1)));
    @SuppressWarnings("unchecked")
    Map<String, byte[]> all =
        (Map<String, byte[]>) Files.getAttribute(p("/etc/hostname"), "squashfs:xattrs");
    assertEquals(List.of("trusted.x", "user.comment"), List.copyOf(all.keySet()));
    assertArrayEquals(new byte[] {1, 2}, all.get("trusted.x"));
    assertArrayEquals(
        "hello".getBytes(UTF_8),
        (byte[]) Files.readAttributes(p("/link"), "user:comment").get("comment"));
  }

  @Test
  void theFileStoreTellsTheImagesSizeAndBlockSize() throws IOException {
    FileStore store = Files.getFileStore(p("/etc"));
    assertEquals("squashfs", store.type());
    assertTrue(store.isReadOnly());
    assertEquals(131072, store.getBlockSize());
    long used = Files.size(image); // bytes used, padded to 4 KiB by our writer
    assertEquals(0, store.getTotalSpace() % 131072);
    assertTrue(used <= store.getTotalSpace() && store.getTotalSpace() < used + 131072);
    assertEquals(0, store.getUsableSpace());
    assertThrows(NoSuchFileException.class, () -> Files.getFileStore(p("/none")));
  }

  @Test
  void everyChangeIsRefused() {
    List<ThrowingRunnable> writes =
        List.of(
            () -> Files.createDirectory(p("/new")),
            () -> Files.createFile(p("/new")),
            () -> Files.write(p("/etc/hostname"), new byte[1]),
            () -> Files.newOutputStream(p("/x")),
            () -> Files.delete(p("/big")),
            () -> Files.deleteIfExists(p("/none")),
            () -> Files.move(p("/big"), p("/big2")),
            () -> Files.copy(p("/big"), p("/big2")),
            () -> Files.createSymbolicLink(p("/s"), p("big")),
            () -> Files.createLink(p("/h"), p("/big")),
            () -> Files.setLastModifiedTime(p("/big"), FileTime.fromMillis(0)),
            () ->
                Files.setPosixFilePermissions(
                    p("/big"), PosixFilePermissions.fromString("---------")),
            () -> Files.setAttribute(p("/big"), "unix:uid", 5),
            () ->
                Files.getFileAttributeView(p("/big"), PosixFileAttributeView.class)
                    .setOwner(fs.getUserPrincipalLookupService().lookupPrincipalByName("1")),
            () ->
                Files.newByteChannel(
                    p("/big"), StandardOpenOption.READ, StandardOpenOption.DELETE_ON_CLOSE));
    for (int i = 0; i < writes.size(); i++) {
      int n = i;
      assertThrows(ReadOnlyFileSystemException.class, () -> writes.get(n).run(), "write " + i);
    }
    assertFalse(Files.isWritable(p("/big")));
    assertTrue(Files.isReadable(p("/big")));
    assertTrue(Files.isExecutable(p("/etc")));
    assertFalse(Files.isExecutable(p("/big")));
  }

  @Test
  void copyingOutOfTheImageGivesTheContent() throws IOException {
    Path out = tmp.resolve("big.out");
    Files.copy(p("/big"), out, StandardCopyOption.COPY_ATTRIBUTES);
    assertArrayEquals(TestImages.BIG, Files.readAllBytes(out));
    assertEquals(Files.getLastModifiedTime(p("/big")), Files.getLastModifiedTime(out));
    Path latin = Files.copy(p("/" + TestImages.LATIN1), tmp.resolve("latin.out"));
    assertEquals("latin\n", Files.readString(latin));
  }

  @Test
  void afterCloseEverythingFailsCleanly() throws IOException {
    SeekableByteChannel ch = Files.newByteChannel(p("/big"));
    InputStream in = Files.newInputStream(p("/etc/hostname"));
    Path big = p("/big");
    fs.close();
    assertFalse(fs.isOpen());
    assertFalse(ch.isOpen());
    assertThrows(ClosedChannelException.class, () -> ch.read(ByteBuffer.allocate(1)));
    assertThrows(IOException.class, in::read);
    assertThrows(ClosedFileSystemException.class, () -> Files.size(big));
    assertThrows(ClosedFileSystemException.class, () -> Files.newByteChannel(big));
    assertThrows(ClosedFileSystemException.class, () -> Files.list(p("/")));
    fs.close(); // twice is fine
  }

  @Test
  void writingThroughAStreamIsRefusedEvenForAMissingFile() {
    assertThrows(
        ReadOnlyFileSystemException.class,
        () -> {
          try (OutputStream out = Files.newOutputStream(p("/missing/x"))) {
            out.write(1);
          }
        });
  }

  @FunctionalInterface
  interface ThrowingRunnable {
    void run() throws Exception;
  }
}
