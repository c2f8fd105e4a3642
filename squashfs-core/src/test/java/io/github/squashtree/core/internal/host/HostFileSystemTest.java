package io.github.squashtree.core.internal.host;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.squashtree.core.tree.EntryType;
import io.github.squashtree.core.tree.Names;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostFileSystemTest {
  private final HostFileSystem host = HostFileSystem.get();

  @TempDir Path dir;

  @Test
  void chmodOfAFifoSetsEveryBitWithoutBlocking() throws IOException {
    Path fifo = dir.resolve("fifo");
    host.mknod(fifo, EntryType.FIFO, 0600, 0, 0);
    Path file = Files.createFile(dir.resolve("file"));
    assertTimeoutPreemptively(
        Duration.ofSeconds(5),
        () -> {
          host.chmod(fifo, 01751);
          host.chmod(file, 06755);
        });
    assertEquals(01751, host.lstat(fifo).permissions());
    assertEquals(06755, host.lstat(file).permissions());
  }

  /**
   * Targets a {@link Path} would change (bytes that are not UTF-8, a doubled and a trailing '/')
   * are made and read back byte for byte, and readlink(1) sees the same bytes.
   */
  @Test
  void symlinkTargetsKeepEveryByte() throws IOException {
    List<byte[]> targets =
        List.of(
            new byte[] {'c', 'a', 'f', (byte) 0xE9},
            "..//files/".getBytes(StandardCharsets.UTF_8),
            "/etc/hostname".getBytes(StandardCharsets.UTF_8));
    for (int i = 0; i < targets.size(); i++) {
      Path link = dir.resolve("link" + i);
      String target = Names.decode(targets.get(i));
      assertTrue(host.symlink(link, target));
      assertEquals(target, host.readSymlink(link));
      assertArrayEquals(targets.get(i), stdoutOf("readlink", "-n", link.toString()));
    }
    assertThrows(FileAlreadyExistsException.class, () -> host.symlink(dir.resolve("link0"), "x"));
    assertThrows(IllegalArgumentException.class, () -> host.symlink(dir.resolve("e"), ""));
    assertThrows(IllegalArgumentException.class, () -> host.symlink(dir.resolve("n"), "a\0b"));
    assertThrows(NoSuchFileException.class, () -> host.readSymlink(dir.resolve("none")));
  }

  @Test
  void usesLibcWhenJnaIsOnTheClassPath() {
    assertInstanceOf(LibcHostFileSystem.class, host);
    assertEquals(host.isPrivileged(), host.limitation().isEmpty());
  }

  @Test
  void userXattrsRoundTripSorted() throws IOException {
    Path f = Files.writeString(dir.resolve("f"), "x");
    byte[] big = new byte[3000];
    Arrays.fill(big, (byte) 0xA5);
    host.setXattr(f, "user.zeta", "z".getBytes(StandardCharsets.UTF_8));
    host.setXattr(f, "user.alpha", big);
    host.setXattr(f, "user.empty", new byte[0]);

    Map<String, byte[]> xattrs = host.getXattrs(f);
    assertEquals(List.of("user.alpha", "user.empty", "user.zeta"), List.copyOf(xattrs.keySet()));
    assertArrayEquals(big, xattrs.get("user.alpha"));
    assertArrayEquals(new byte[0], xattrs.get("user.empty"));
    assertArrayEquals(new byte[] {'z'}, xattrs.get("user.zeta"));

    host.removeXattr(f, "user.alpha");
    assertEquals(List.of("user.empty", "user.zeta"), List.copyOf(host.getXattrs(f).keySet()));
  }

  /** An attribute name is bytes, like a file name: one that is not UTF-8 keeps them. */
  @Test
  void xattrNamesThatAreNotUtf8KeepTheirBytes() throws IOException {
    Path f = Files.writeString(dir.resolve("f"), "x");
    byte[] bytes = {'u', 's', 'e', 'r', '.', 'c', 'a', 'f', (byte) 0xE9};
    String latin1 = Names.decode(bytes);
    host.setXattr(f, latin1, new byte[] {7});
    host.setXattr(f, "user.caf\ufffd", new byte[] {8}); // what a lossy host would have made
    Map<String, byte[]> xattrs = host.getXattrs(f);
    assertEquals(Set.of(latin1, "user.caf\ufffd"), xattrs.keySet());
    assertArrayEquals(new byte[] {7}, xattrs.get(latin1));
    byte[] out = stdoutOf("getfattr", "--absolute-names", "-d", "-e", "hex", f.toString());
    String dump = new String(out, StandardCharsets.ISO_8859_1);
    assertTrue(dump.contains("\nuser.caf\u00e9=0x07\n"), dump);
    host.removeXattr(f, latin1);
    assertEquals(Set.of("user.caf\ufffd"), host.getXattrs(f).keySet());
  }

  /** What {@code command} prints, as bytes: names and targets seen without Java's strings. */
  private static byte[] stdoutOf(String... command) throws IOException {
    return new ProcessBuilder(command).start().getInputStream().readAllBytes();
  }

  @Test
  void xattrsOfDirectories() throws IOException {
    Path d = Files.createDirectory(dir.resolve("d"));
    host.setXattr(d, "user.dir", new byte[] {1, 2});
    assertArrayEquals(new byte[] {1, 2}, host.getXattrs(d).get("user.dir"));
  }

  @Test
  void xattrsOfSymlinkAreItsOwnNotItsTargets() throws IOException {
    Path f = Files.writeString(dir.resolve("f"), "x");
    host.setXattr(f, "user.x", new byte[] {1});
    Path link = Files.createSymbolicLink(dir.resolve("link"), f.getFileName());
    assertTrue(host.getXattrs(link).isEmpty());
  }

  @Test
  void xattrsOfFifoDoNotBlock() throws IOException {
    Path fifo = dir.resolve("fifo");
    host.mknod(fifo, EntryType.FIFO, 0600, 0, 0);
    assertTimeoutPreemptively(Duration.ofSeconds(5), () -> host.getXattrs(fifo));
  }

  @Test
  void errorsNameThePathAndTheSystemError() {
    Path missing = dir.resolve("missing");
    NoSuchFileException e =
        assertThrows(
            NoSuchFileException.class, () -> host.setXattr(missing, "user.x", new byte[1]));
    assertEquals(missing.toString(), e.getFile());
    assertTrue(e.getMessage().contains("No such file or directory"), e.getMessage());
    assertThrows(NoSuchFileException.class, () -> host.getXattrs(missing));
    assertThrows(NoSuchFileException.class, () -> host.removeXattr(missing, "user.x"));
  }

  @Test
  void setTimesKeepsNanoseconds() throws IOException {
    Path f = Files.writeString(dir.resolve("f"), "x");
    Instant t = Instant.ofEpochSecond(1_234_567_890L, 123_456_789);
    host.setTimes(f, t);
    assertEquals(t, host.lstat(f).mtime());
    FileTime atime = (FileTime) Files.getAttribute(f, "lastAccessTime", LinkOption.NOFOLLOW_LINKS);
    assertEquals(t, atime.toInstant(), "atime is set to mtime");
  }

  @Test
  void setTimesBeforeTheEpoch() throws IOException {
    Path f = Files.writeString(dir.resolve("f"), "x");
    Instant t = Instant.ofEpochSecond(-86_400L, 5);
    host.setTimes(f, t);
    assertEquals(t, host.lstat(f).mtime());
  }

  @Test
  void setTimesOnSymlinkDoesNotTouchItsTarget() throws IOException {
    Path f = Files.writeString(dir.resolve("f"), "x");
    Instant targetTime = Instant.ofEpochSecond(1_000_000_000L, 1);
    host.setTimes(f, targetTime);
    Path link = Files.createSymbolicLink(dir.resolve("link"), f.getFileName());
    Instant linkTime = Instant.ofEpochSecond(1_500_000_000L, 987_654_321);
    host.setTimes(link, linkTime);
    assertEquals(linkTime, host.lstat(link).mtime());
    assertEquals(targetTime, host.lstat(f).mtime());
  }

  @Test
  void setTimesOnDanglingSymlink() throws IOException {
    Path link = Files.createSymbolicLink(dir.resolve("link"), Path.of("nowhere"));
    Instant t = Instant.ofEpochSecond(42, 42);
    host.setTimes(link, t);
    assertEquals(t, host.lstat(link).mtime());
  }

  @Test
  void mknodFifoAndSocketWithExactPermissions() throws IOException {
    Path fifo = dir.resolve("fifo");
    host.mknod(fifo, EntryType.FIFO, 0647, 0, 0);
    HostStat st = host.lstat(fifo);
    assertEquals(EntryType.FIFO, st.type());
    assertEquals(0647, st.permissions());

    Path sock = dir.resolve("sock");
    host.mknod(sock, EntryType.SOCKET, 0751, 0, 0);
    st = host.lstat(sock);
    assertEquals(EntryType.SOCKET, st.type());
    assertEquals(0751, st.permissions());
  }

  @Test
  void mknodRefusesOrdinaryTypesAndBadArguments() {
    Path p = dir.resolve("p");
    assertThrows(IllegalArgumentException.class, () -> host.mknod(p, EntryType.FILE, 0644, 0, 0));
    assertThrows(IllegalArgumentException.class, () -> host.mknod(p, EntryType.FIFO, 010000, 0, 0));
    assertThrows(IllegalArgumentException.class, () -> host.lchown(p, -1, 0));
    assertThrows(IllegalArgumentException.class, () -> host.lchown(p, 0, 0xFFFF_FFFFL));
  }

  @Test
  void mknodOverAnExistingFileFails() throws IOException {
    Path f = Files.writeString(dir.resolve("f"), "x");
    assertThrows(
        java.nio.file.FileAlreadyExistsException.class,
        () -> host.mknod(f, EntryType.FIFO, 0644, 0, 0));
  }

  @Test
  void lstatReportsTheLinkItself() throws IOException {
    Path f = Files.writeString(dir.resolve("f"), "hello");
    Path link = Files.createSymbolicLink(dir.resolve("link"), Path.of("f"));
    HostStat file = host.lstat(f);
    HostStat ln = host.lstat(link);
    assertEquals(EntryType.FILE, file.type());
    assertEquals(5, file.size());
    assertEquals(1, file.nlink());
    assertEquals(Files.getAttribute(f, "unix:ino"), file.ino());
    assertEquals(EntryType.SYMLINK, ln.type());
    assertEquals(1, ln.size());
    assertEquals(file.dev(), ln.dev());
  }

  @Test
  void lstatAgreesWithNioOnEveryField() throws IOException {
    HostFileSystem nio = new NioHostFileSystem("for comparison");
    Path file = Files.writeString(dir.resolve("file"), "content");
    Files.createLink(dir.resolve("second-name"), file);
    host.chmod(file, 06741);
    host.setTimes(file, Instant.ofEpochSecond(1_700_000_000L, 123_456_789));
    Path old = Files.writeString(dir.resolve("old"), "");
    host.setTimes(old, Instant.ofEpochSecond(-86_401L, 5));
    Path sub = Files.createDirectory(dir.resolve("sub"));
    Path link = Files.createSymbolicLink(dir.resolve("link"), Path.of("a/longer/target"));
    Path fifo = dir.resolve("fifo");
    host.mknod(fifo, EntryType.FIFO, 0600, 0, 0);
    for (Path p : List.of(file, old, sub, link, fifo, dir)) {
      assertEquals(nio.lstat(p), host.lstat(p), p::toString);
    }
    assertEquals(2, host.lstat(file).nlink());
    // A walk skips an entry removed since its listing by this exception type.
    assertThrows(NoSuchFileException.class, () -> host.lstat(dir.resolve("gone")));
  }

  @Test
  void devNumbersFollowGlibc() {
    assertEquals(0x0801L, HostFileSystem.makedev(8, 1));
    assertEquals(0x0103L, HostFileSystem.makedev(1, 3));
    // minor 0x12345 and major 0x1abc use the high parts of both fields
    long dev = HostFileSystem.makedev(0x1abc, 0x12345);
    assertEquals(0x45L | (0xabcL << 8) | (0x123L << 20) | (0x1L << 44), dev);
    assertEquals(0x1abc, HostFileSystem.major(dev));
    assertEquals(0x12345, HostFileSystem.minor(dev));
    long max = HostFileSystem.makedev(-1, -1);
    assertEquals(-1, HostFileSystem.major(max));
    assertEquals(-1, HostFileSystem.minor(max));
    assertEquals(-1L, max);
  }
}
