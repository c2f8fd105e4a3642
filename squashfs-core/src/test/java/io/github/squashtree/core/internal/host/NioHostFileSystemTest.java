package io.github.squashtree.core.internal.host;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.squashtree.core.tree.EntryType;
import io.github.squashtree.core.tree.Names;
import java.io.IOException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fallback used when JNA is missing. */
class NioHostFileSystemTest {
  private final HostFileSystem nio = new NioHostFileSystem("JNA not available");

  @TempDir Path dir;

  @Test
  void statesItsLimitation() {
    String text = nio.limitation().orElseThrow();
    assertTrue(text.startsWith("JNA not available: only user.*"), text);
  }

  /**
   * Without libc a target is made as Java makes paths, and the change is reported: false from
   * {@code symlink}, a refusal from {@code readSymlink} rather than another target.
   */
  @Test
  void symlinkTargetsAsJavaMakesPaths() throws IOException {
    assertTrue(nio.symlink(dir.resolve("plain"), "../files/one"));
    assertEquals("../files/one", nio.readSymlink(dir.resolve("plain")));
    assertFalse(nio.symlink(dir.resolve("slashes"), "..//files/"));
    assertEquals(Path.of("../files"), Files.readSymbolicLink(dir.resolve("slashes")));
    assertFalse(nio.symlink(dir.resolve("latin1"), Names.decode(new byte[] {'c', (byte) 0xE9})));
    assertEquals(Path.of("c\uFFFD"), Files.readSymbolicLink(dir.resolve("latin1")));
    HostFileSystem.get().symlink(dir.resolve("exact"), "..//files/");
    assertThrows(
        UnsupportedHostOperationException.class, () -> nio.readSymlink(dir.resolve("exact")));
  }

  @Test
  void userXattrsRoundTrip() throws IOException {
    Path f = Files.writeString(dir.resolve("f"), "x");
    nio.setXattr(f, "user.b", new byte[] {2});
    nio.setXattr(f, "user.a", new byte[0]);
    Map<String, byte[]> x = nio.getXattrs(f);
    assertEquals(List.of("user.a", "user.b"), List.copyOf(x.keySet()));
    assertArrayEquals(new byte[] {2}, x.get("user.b"));
    // what the fallback writes, libc reads, and the other way round
    assertArrayEquals(new byte[] {2}, HostFileSystem.get().getXattrs(f).get("user.b"));
    nio.removeXattr(f, "user.b");
    assertEquals(List.of("user.a"), List.copyOf(nio.getXattrs(f).keySet()));
  }

  @Test
  void otherNamespacesAndSpecialFilesAreUnsupported() throws IOException {
    Path f = Files.writeString(dir.resolve("f"), "x");
    assertThrows(
        UnsupportedHostOperationException.class,
        () -> nio.setXattr(f, "trusted.overlay.opaque", new byte[] {'y'}));
    // the JDK would set "user.caf?" for a name that is not UTF-8
    String latin1 = Names.decode(new byte[] {'u', 's', 'e', 'r', '.', 'c', 'a', 'f', (byte) 0xE9});
    assertThrows(
        UnsupportedHostOperationException.class, () -> nio.setXattr(f, latin1, new byte[1]));
    assertTrue(nio.getXattrs(f).isEmpty());
    assertThrows(
        UnsupportedHostOperationException.class,
        () -> nio.mknod(dir.resolve("fifo"), EntryType.FIFO, 0644, 0, 0));
    assertThrows(
        UnsupportedHostOperationException.class,
        () -> nio.mknod(dir.resolve("dev"), EntryType.CHAR_DEVICE, 0644, 1, 3));
  }

  @Test
  void xattrsOfSymlinksAndSocketsAreEmpty() throws IOException {
    Path link = Files.createSymbolicLink(dir.resolve("link"), Path.of("nowhere"));
    assertTrue(nio.getXattrs(link).isEmpty());
    Path sock = dir.resolve("sock");
    nio.mknod(sock, EntryType.SOCKET, 0640, 0, 0);
    assertTrue(nio.getXattrs(sock).isEmpty());
  }

  @Test
  void socketsByBinding() throws IOException {
    Path sock = dir.resolve("sock");
    nio.mknod(sock, EntryType.SOCKET, 0604, 0, 0);
    HostStat st = nio.lstat(sock);
    assertEquals(EntryType.SOCKET, st.type());
    assertEquals(0604, st.permissions());
  }

  @Test
  void setTimesOnSymlinkAtMicroseconds() throws IOException {
    Path f = Files.writeString(dir.resolve("f"), "x");
    Instant targetTime = nio.lstat(f).mtime();
    Path link = Files.createSymbolicLink(dir.resolve("link"), Path.of("f"));
    nio.setTimes(link, Instant.ofEpochSecond(1_500_000_000L, 987_654_321));
    assertEquals(Instant.ofEpochSecond(1_500_000_000L, 987_654_000), nio.lstat(link).mtime());
    assertEquals(targetTime, nio.lstat(f).mtime());
  }

  @Test
  void setTimesOnFileAtNanoseconds() throws IOException {
    Path f = Files.writeString(dir.resolve("f"), "x");
    Instant t = Instant.ofEpochSecond(1_500_000_000L, 987_654_321);
    nio.setTimes(f, t);
    assertEquals(t, nio.lstat(f).mtime());
  }

  @Test
  void lchownOfSymlink() throws IOException {
    RequireAll.assumeRoot();
    Path f = Files.writeString(dir.resolve("f"), "x");
    Path link = Files.createSymbolicLink(dir.resolve("link"), Path.of("f"));
    nio.lchown(link, 4321, 3_000_000_000L);
    assertEquals(4321, nio.lstat(link).uid());
    assertEquals(3_000_000_000L, nio.lstat(link).gid());
    assertEquals(0, nio.lstat(f).uid());
  }

  @Test
  void privilegeAgreesWithLibc() {
    assertEquals(HostFileSystem.get().isPrivileged(), nio.isPrivileged());
  }

  /** The core must load and work with JNA absent: load our classes in a loader without it. */
  @Test
  void getFallsBackWhenJnaIsAbsent() throws Exception {
    URL classes = HostFileSystem.class.getProtectionDomain().getCodeSource().getLocation();
    try (URLClassLoader loader =
        new URLClassLoader(new URL[] {classes}, ClassLoader.getPlatformClassLoader())) {
      Class<?> type = loader.loadClass(HostFileSystem.class.getName());
      Object host = type.getMethod("get").invoke(null);
      assertEquals(NioHostFileSystem.class.getName(), host.getClass().getName());
      Optional<?> limitation = (Optional<?>) type.getMethod("limitation").invoke(host);
      assertTrue(limitation.orElseThrow().toString().startsWith("JNA not available"));

      Path f = Files.writeString(dir.resolve("f"), "x");
      Method set = type.getMethod("setXattr", Path.class, String.class, byte[].class);
      set.invoke(host, f, "user.k", new byte[] {9});
      Map<?, ?> x = (Map<?, ?>) type.getMethod("getXattrs", Path.class).invoke(host, f);
      assertArrayEquals(new byte[] {9}, (byte[]) x.get("user.k"));

      // DirectoryTree works without JNA too.
      Class<?> tree = loader.loadClass("io.github.squashtree.core.host.DirectoryTree");
      try (AutoCloseable t = (AutoCloseable) tree.getMethod("open", Path.class).invoke(null, dir)) {
        Object root = tree.getMethod("root").invoke(t);
        List<?> children = (List<?>) tree.getMethod("children", root.getClass()).invoke(t, root);
        assertEquals(1, children.size());
      }
    }
  }
}
