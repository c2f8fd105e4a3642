package io.github.squashtree.core.tree;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.squashtree.core.tree.TreeBuilder.Attributes;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TreeBuilderTest {
  @TempDir Path tmp;

  @Test
  void buildsEveryKindOfEntryWithItsMetadata() throws IOException {
    Path host = Files.write(tmp.resolve("host"), "from disk".getBytes(UTF_8));
    Instant t = Instant.ofEpochSecond(1_600_000_000L, 5);
    Tree tree =
        new TreeBuilder()
            .directory("/", Attributes.of(0700).mtime(t))
            .file("/etc/hostname", "box\n".getBytes(UTF_8), Attributes.of(0640).owner(0, 42))
            .file("/big", 3, () -> new ByteArrayInputStream(new byte[] {1, 2, 3}), Attributes.FILE)
            .file("/host", host, Attributes.FILE.xattr("user.a", new byte[] {7}))
            .symlink("/etc/localtime", "/usr/share/zoneinfo/UTC", Attributes.SYMLINK)
            .blockDevice("/dev/sda", 8, 0, Attributes.of(0660))
            .charDevice("/dev/null", 1, 3, Attributes.of(0666))
            .fifo("/run/fifo", Attributes.of(0600))
            .socket("/run/sock", Attributes.of(0755))
            .hardLink("/etc/hostname2", "/etc/hostname")
            .charDevice("/gone", 0, 0, Attributes.of(0))
            .directory(
                "/opaque", Attributes.DIRECTORY.xattr("trusted.overlay.opaque", new byte[] {'y'}))
            .directory("/etc", Attributes.of(0711).mtime(t))
            .build();
    Entry root = tree.root();
    assertEquals(0700, root.metadata().permissions());
    assertEquals(t, root.metadata().mtime());
    assertEquals(
        List.of("big", "dev", "etc", "gone", "host", "opaque", "run"),
        tree.children(root).stream().map(Entry::name).toList());
    assertEquals(2 + 4, root.metadata().nlink(), "root: 2 + dev, etc, opaque, run");

    Entry etc = tree.lookup("/etc").orElseThrow();
    assertEquals(
        0711, etc.metadata().permissions(), "a directory made as a parent takes later attributes");
    Entry hostname = tree.lookup("/etc/hostname").orElseThrow();
    Entry hostname2 = tree.lookup("/etc/hostname2").orElseThrow();
    assertEquals(2, hostname.metadata().nlink());
    assertEquals(hostname.metadata().linkKey(), hostname2.metadata().linkKey());
    assertEquals(4, hostname.metadata().size());
    assertEquals(42, hostname.metadata().gid());
    assertArrayEquals("box\n".getBytes(UTF_8), read(tree, hostname));
    assertArrayEquals("from disk".getBytes(UTF_8), read(tree, tree.lookup("/host").orElseThrow()));
    assertArrayEquals(
        new byte[] {7}, tree.lookup("/host").orElseThrow().metadata().xattrs().get("user.a"));
    assertArrayEquals(new byte[] {1, 2, 3}, read(tree, tree.lookup("/big").orElseThrow()));

    Entry link = tree.lookup("/etc/localtime").orElseThrow();
    assertEquals("/usr/share/zoneinfo/UTC", link.metadata().symlinkTarget());
    assertEquals(23, link.metadata().size());
    Entry sda = tree.lookup("/dev/sda").orElseThrow();
    assertEquals(EntryType.BLOCK_DEVICE, sda.type());
    assertEquals(8, sda.metadata().rdevMajor());
    Entry gone = tree.lookup("/gone").orElseThrow();
    assertEquals(EntryType.CHAR_DEVICE, gone.type());
    assertEquals(0, gone.metadata().rdevMajor());
    assertEquals(0, gone.metadata().rdevMinor());
    assertEquals(0, gone.metadata().permissions());
    assertArrayEquals(
        "y".getBytes(UTF_8),
        tree.lookup("/opaque").orElseThrow().metadata().xattrs().get("trusted.overlay.opaque"));
    assertEquals(EntryType.SOCKET, tree.lookup("/run/sock").orElseThrow().type());
    assertEquals(EntryType.FIFO, tree.lookup("/run/fifo").orElseThrow().type());
    assertEquals(Instant.EPOCH, tree.lookup("/run").orElseThrow().metadata().mtime());
  }

  @Test
  void childrenAreInNameByteOrder() throws IOException {
    TreeBuilder b = new TreeBuilder();
    for (String name : List.of("b", "B", "é", "a", "~", "\uD83D\uDE00", "aa")) {
      b.file("/" + name, new byte[0], Attributes.FILE);
    }
    Tree tree = b.build();
    assertEquals(
        List.of("B", "a", "aa", "b", "~", "é", "\uD83D\uDE00"),
        tree.children(tree.root()).stream().map(Entry::name).toList());
  }

  @Test
  void rejectsWhatSquashfsCannotHold() {
    TreeBuilder b = new TreeBuilder().file("/f", new byte[1], Attributes.FILE);
    assertThrows(IllegalArgumentException.class, () -> b.file("/f", new byte[1], Attributes.FILE));
    assertThrows(
        IllegalArgumentException.class, () -> b.file("/f/x", new byte[1], Attributes.FILE));
    assertThrows(
        IllegalArgumentException.class, () -> b.directory("relative", Attributes.DIRECTORY));
    assertThrows(
        IllegalArgumentException.class, () -> b.directory("/a/../b", Attributes.DIRECTORY));
    assertThrows(IllegalArgumentException.class, () -> b.directory("/a//b", Attributes.DIRECTORY));
    assertThrows(IllegalArgumentException.class, () -> b.directory("/a/", Attributes.DIRECTORY));
    assertThrows(
        IllegalArgumentException.class,
        () -> b.directory("/" + "x".repeat(257), Attributes.DIRECTORY));
    b.directory("/" + "x".repeat(256), Attributes.DIRECTORY);
    assertThrows(IllegalArgumentException.class, () -> b.hardLink("/d", "/nothing"));
    assertThrows(IllegalArgumentException.class, () -> b.hardLink("/d", "/"));
    assertThrows(
        IllegalArgumentException.class, () -> b.charDevice("/c", 4096, 0, Attributes.FILE));
    assertThrows(IllegalArgumentException.class, () -> Attributes.of(010000));
    assertThrows(IllegalArgumentException.class, () -> Attributes.FILE.owner(-1, 0));
    b.build();
    assertThrows(IllegalStateException.class, b::build);
    assertThrows(IllegalStateException.class, () -> b.fifo("/later", Attributes.FILE));
  }

  @Test
  void openingAFileOfAnotherTreeFails() throws IOException {
    Tree a = new TreeBuilder().file("/f", new byte[1], Attributes.FILE).build();
    Tree b = new TreeBuilder().fifo("/f", Attributes.FILE).build();
    Entry fifo = b.lookup("/f").orElseThrow();
    assertThrows(IllegalArgumentException.class, () -> a.open(fifo));
    assertThrows(IllegalArgumentException.class, () -> a.children(b.lookup("/f").orElseThrow()));
    assertTrue(a.lookup("/nothing").isEmpty());
  }

  private static byte[] read(Tree tree, Entry file) throws IOException {
    try (InputStream in = tree.open(file)) {
      return in.readAllBytes();
    }
  }
}
