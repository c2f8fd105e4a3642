package io.github.squashtree.core.internal.host;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.squashtree.core.host.DirectoryTree;
import io.github.squashtree.core.tree.Entry;
import io.github.squashtree.core.tree.EntryType;
import io.github.squashtree.core.tree.Metadata;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What only root may do: device nodes, other owners, trusted.* attributes. */
class HostPrivilegedTest {
  private final HostFileSystem host = HostFileSystem.get();

  @TempDir Path dir;

  @BeforeEach
  void needsRoot() {
    RequireAll.assumeRoot();
  }

  @Test
  void noLimitationAsRoot() {
    assertTrue(host.limitation().isEmpty(), () -> host.limitation().orElseThrow());
  }

  @Test
  void mknodDevicesKeepsMajorAndMinor() throws IOException {
    Path block = dir.resolve("sda1");
    Path chr = dir.resolve("big");
    host.mknod(block, EntryType.BLOCK_DEVICE, 0660, 8, 1);
    // Linux keeps 12 bits of major and 20 of minor: the largest it accepts.
    host.mknod(chr, EntryType.CHAR_DEVICE, 04620, 0xfff, 0xfffff);

    HostStat b = host.lstat(block);
    assertEquals(EntryType.BLOCK_DEVICE, b.type());
    assertEquals(0660, b.permissions());
    assertEquals(8, b.rdevMajor());
    assertEquals(1, b.rdevMinor());

    HostStat c = host.lstat(chr);
    assertEquals(EntryType.CHAR_DEVICE, c.type());
    assertEquals(04620, c.permissions());
    assertEquals(0xfff, c.rdevMajor());
    assertEquals(0xfffff, c.rdevMinor());
    assertEquals(HostFileSystem.makedev(0xfff, 0xfffff), c.rdev());
    // libc's statx and NIO's lstat agree on every field, the device numbers included.
    HostFileSystem nio = new NioHostFileSystem("for comparison");
    assertEquals(nio.lstat(block), b);
    assertEquals(nio.lstat(chr), c);
  }

  @Test
  void lchownChangesTheSymlinkNotItsTarget() throws IOException {
    Path f = Files.writeString(dir.resolve("f"), "x");
    Path link = Files.createSymbolicLink(dir.resolve("link"), f.getFileName());
    host.lchown(f, 0, 0);
    host.lchown(link, 1234, 4_000_000_000L);
    HostStat l = host.lstat(link);
    assertEquals(1234, l.uid());
    assertEquals(4_000_000_000L, l.gid());
    assertEquals(0, host.lstat(f).uid());
    assertEquals(0, host.lstat(f).gid());
  }

  @Test
  void trustedAndSecurityXattrsRoundTrip() throws IOException {
    Path f = Files.writeString(dir.resolve("f"), "x");
    host.setXattr(f, "trusted.overlay.opaque", new byte[] {'y'});
    host.setXattr(f, "user.u", new byte[] {1});
    Map<String, byte[]> x = host.getXattrs(f);
    assertArrayEquals(new byte[] {'y'}, x.get("trusted.overlay.opaque"));
    assertArrayEquals(new byte[] {1}, x.get("user.u"));
    host.removeXattr(f, "trusted.overlay.opaque");
    assertTrue(!host.getXattrs(f).containsKey("trusted.overlay.opaque"));
  }

  @Test
  void trustedXattrsOfSymlinks() throws IOException {
    Path link = Files.createSymbolicLink(dir.resolve("link"), Path.of("nowhere"));
    host.setXattr(link, "trusted.overlay.redirect", new byte[] {'/', 'a'});
    assertArrayEquals(new byte[] {'/', 'a'}, host.getXattrs(link).get("trusted.overlay.redirect"));
  }

  @Test
  void directoryTreeReportsDevicesAndOwners() throws IOException {
    Path null0 = dir.resolve("null");
    host.mknod(null0, EntryType.CHAR_DEVICE, 0666, 1, 3);
    host.lchown(null0, 7, 8);
    host.mknod(dir.resolve("whiteout"), EntryType.CHAR_DEVICE, 0, 0, 0);
    host.mknod(dir.resolve("loop"), EntryType.BLOCK_DEVICE, 0600, 7, 300);
    try (DirectoryTree tree = DirectoryTree.open(dir)) {
      Metadata m = tree.lookup("/null").orElseThrow().metadata();
      assertEquals(EntryType.CHAR_DEVICE, m.type());
      assertEquals(1, m.rdevMajor());
      assertEquals(3, m.rdevMinor());
      assertEquals(7, m.uid());
      assertEquals(8, m.gid());
      assertEquals(0, m.size());
      Entry loop = tree.lookup("/loop").orElseThrow();
      assertEquals(EntryType.BLOCK_DEVICE, loop.type());
      assertEquals(7, loop.metadata().rdevMajor());
      assertEquals(300, loop.metadata().rdevMinor());
      Metadata w = tree.lookup("/whiteout").orElseThrow().metadata();
      assertEquals(0, w.rdevMajor());
      assertEquals(0, w.rdevMinor());
      assertEquals(0, w.permissions());
    }
  }
}
