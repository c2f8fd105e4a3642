package io.github.squashtree.core.host;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.squashtree.core.internal.host.HostFileSystem;
import io.github.squashtree.core.tree.Entry;
import io.github.squashtree.core.tree.EntryType;
import io.github.squashtree.core.tree.Metadata;
import io.github.squashtree.core.tree.Names;
import io.github.squashtree.core.tree.TimePrecision;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.ClosedFileSystemException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirectoryTreeTest {
  /** 127 two-byte characters and one ASCII one: 255 bytes, the longest name Linux allows. */
  private static final String LONG_NAME = "é".repeat(127) + "x";

  private static final Instant NANOS = Instant.ofEpochSecond(1_700_000_000L, 123_456_789);

  private final HostFileSystem host = HostFileSystem.get();

  @TempDir Path dir;

  private DirectoryTree tree;

  @BeforeEach
  void buildTree() throws IOException {
    Path a = Files.writeString(dir.resolve("a"), "hello");
    Files.setAttribute(a, "unix:mode", 0640);
    host.setXattr(a, "user.b", new byte[] {2});
    host.setXattr(a, "user.a", "one".getBytes(StandardCharsets.UTF_8));
    host.setTimes(a, NANOS);
    Files.writeString(dir.resolve("B"), "");
    Path e = Files.createDirectory(dir.resolve("é"));
    Files.createDirectory(e.resolve("sub"));
    Files.writeString(e.resolve("sub").resolve("deep.txt"), "deep");
    Files.createLink(dir.resolve("hard"), a);
    Files.createSymbolicLink(dir.resolve("link"), Path.of("a"));
    Files.createSymbolicLink(dir.resolve("dangling"), Path.of("nowhere/ü"));
    Files.createSymbolicLink(dir.resolve("dirlink"), Path.of("é"));
    host.mknod(dir.resolve("fifo"), EntryType.FIFO, 0600, 0, 0);
    host.mknod(dir.resolve("sock"), EntryType.SOCKET, 0755, 0, 0);
    Files.writeString(dir.resolve(LONG_NAME), "long");
    tree = DirectoryTree.open(dir);
  }

  @AfterEach
  void close() throws IOException {
    tree.close();
  }

  private Metadata at(String path) throws IOException {
    return tree.lookup(path).orElseThrow(() -> new AssertionError("missing " + path)).metadata();
  }

  /**
   * A host name that is not UTF-8 is listed as the string standing for its bytes, found by it, and
   * leads back to the same file.
   */
  @Test
  void aNameThatIsNotUtf8IsListedWithItsBytes(@TempDir Path other) throws IOException {
    String latin1 = Names.decode(new byte[] {'c', 'a', 'f', (byte) 0xE9});
    Path file = Names.hostPath(other, latin1);
    Files.writeString(file, "x");
    assertTrue(Files.exists(file));
    assertEquals(latin1, Names.hostName(file));
    try (DirectoryTree t = DirectoryTree.open(other)) {
      List<Entry> children = t.children(t.root());
      assertEquals(List.of("/" + latin1), children.stream().map(Entry::path).toList());
      assertEquals(file, t.hostPath("/" + latin1));
      assertTrue(t.lookup("/" + latin1).isPresent());
      try (InputStream in = t.open(children.get(0))) {
        assertArrayEquals("x".getBytes(StandardCharsets.UTF_8), in.readAllBytes());
      }
    }
  }

  /** Symlink targets are read byte for byte, where a {@link Path} would change them. */
  @Test
  void symlinkTargetsAreReadWithTheirBytes(@TempDir Path other) throws IOException {
    String latin1 = Names.decode(new byte[] {'c', 'a', 'f', (byte) 0xE9});
    HostFileSystem host = HostFileSystem.get();
    host.symlink(other.resolve("latin1"), latin1);
    host.symlink(other.resolve("slashes"), "..//files/");
    try (DirectoryTree t = DirectoryTree.open(other)) {
      Metadata m = t.lookup("/latin1").orElseThrow().metadata();
      assertEquals(latin1, m.symlinkTarget());
      assertEquals(4, m.size());
      assertEquals("..//files/", t.lookup("/slashes").orElseThrow().metadata().symlinkTarget());
    }
  }

  @Test
  void childrenAreSortedByNameBytes() throws IOException {
    List<String> names = tree.children(tree.root()).stream().map(Entry::name).toList();
    assertEquals(
        List.of("B", "a", "dangling", "dirlink", "fifo", "hard", "link", "sock", "é", LONG_NAME),
        names);
    assertEquals(255, LONG_NAME.getBytes(StandardCharsets.UTF_8).length);
  }

  @Test
  void rootIsADirectoryAtSlash() throws IOException {
    Entry root = tree.root();
    assertEquals("/", root.path());
    assertEquals(EntryType.DIRECTORY, root.type());
    assertEquals(0, root.metadata().size());
    assertEquals(TimePrecision.NANOSECONDS, tree.precision());
    assertEquals(root.metadata().linkKey(), at("/").linkKey());
  }

  @Test
  void fileMetadata() throws IOException {
    Metadata a = at("/a");
    assertEquals(EntryType.FILE, a.type());
    assertEquals(0640, a.permissions());
    assertEquals(5, a.size());
    assertEquals(NANOS, a.mtime());
    assertEquals(host.lstat(dir.resolve("a")).uid(), a.uid());
    assertEquals(host.lstat(dir.resolve("a")).gid(), a.gid());
    assertEquals(2, a.nlink());
    assertNull(a.symlinkTarget());
    assertEquals(List.of("user.a", "user.b"), List.copyOf(a.xattrs().keySet()));
    assertArrayEquals("one".getBytes(StandardCharsets.UTF_8), a.xattrs().get("user.a"));
    assertEquals(0, a.rdevMajor());
  }

  @Test
  void hardLinksShareALinkKey() throws IOException {
    assertEquals(at("/a").linkKey(), at("/hard").linkKey());
    assertNotEquals(at("/a").linkKey(), at("/B").linkKey());
    assertNotEquals(at("/a").linkKey(), at("/link").linkKey());
    // On the root's own device the key is the inode number itself.
    assertEquals(host.lstat(dir.resolve("B")).ino(), at("/B").linkKey());
  }

  @Test
  void symlinksAreReportedNotFollowed() throws IOException {
    Metadata link = at("/link");
    assertEquals(EntryType.SYMLINK, link.type());
    assertEquals("a", link.symlinkTarget());
    assertEquals(1, link.size());
    assertEquals(1, link.nlink());
    assertTrue(link.xattrs().isEmpty());

    Metadata dangling = at("/dangling");
    assertEquals(EntryType.SYMLINK, dangling.type());
    assertEquals("nowhere/ü", dangling.symlinkTarget());
    assertEquals(10, dangling.size(), "size counts bytes, not characters");
  }

  @Test
  void fifoAndSocket() throws IOException {
    Metadata fifo = at("/fifo");
    assertEquals(EntryType.FIFO, fifo.type());
    assertEquals(0600, fifo.permissions());
    assertEquals(0, fifo.size());
    Metadata sock = at("/sock");
    assertEquals(EntryType.SOCKET, sock.type());
    assertEquals(0755, sock.permissions());
    assertEquals(0, sock.size());
  }

  @Test
  void lookupWalksWithoutFollowingSymlinks() throws IOException {
    assertEquals("/é/sub/deep.txt", tree.lookup("/é/sub/deep.txt").orElseThrow().path());
    assertEquals("/é/sub", tree.lookup("//é/./sub/").orElseThrow().path());
    assertEquals("/", tree.lookup("/").orElseThrow().path());
    assertEquals(EntryType.SYMLINK, tree.lookup("/dirlink").orElseThrow().type());
    assertEquals(Optional.empty(), tree.lookup("/dirlink/sub"));
    assertEquals(Optional.empty(), tree.lookup("/a/x"));
    assertEquals(Optional.empty(), tree.lookup("/missing"));
    assertEquals(Optional.empty(), tree.lookup("/dangling/x"));
    assertEquals(LONG_NAME, tree.lookup("/" + LONG_NAME).orElseThrow().name());
    assertThrows(IllegalArgumentException.class, () -> tree.lookup("/é/../a"));
    assertThrows(IllegalArgumentException.class, () -> tree.lookup("a"));
  }

  @Test
  void childrenAgreeWithLookup() throws IOException {
    for (Entry child : tree.children(tree.lookup("/é/sub").orElseThrow())) {
      assertEquals("/é/sub/deep.txt", child.path());
      Metadata looked = at(child.path());
      assertEquals(child.metadata().linkKey(), looked.linkKey());
      assertEquals(child.metadata().mtime(), looked.mtime());
      assertTrue(child.metadata().sameXattrs(looked));
    }
  }

  @Test
  void childrenOfANonDirectoryIsAnError() throws IOException {
    Entry a = tree.lookup("/a").orElseThrow();
    assertThrows(IllegalArgumentException.class, () -> tree.children(a));
  }

  @Test
  void openReadsFilesOnly() throws IOException {
    try (InputStream in = tree.open(tree.lookup("/é/sub/deep.txt").orElseThrow())) {
      assertEquals("deep", new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
    Entry link = tree.lookup("/link").orElseThrow();
    assertThrows(IllegalArgumentException.class, () -> tree.open(link));
  }

  @Test
  void openDoesNotFollowASymlinkSwappedIn() throws IOException {
    Entry b = tree.lookup("/B").orElseThrow();
    Files.delete(dir.resolve("B"));
    Files.createSymbolicLink(dir.resolve("B"), Path.of("a"));
    assertThrows(IOException.class, () -> tree.open(b).close());
  }

  @Test
  void rootMustBeARealDirectory() throws IOException {
    assertThrows(FileSystemException.class, () -> DirectoryTree.open(dir.resolve("dirlink")));
    assertThrows(FileSystemException.class, () -> DirectoryTree.open(dir.resolve("a")));
    try (DirectoryTree sub = DirectoryTree.open(dir.resolve("é"))) {
      assertEquals(List.of("sub"), sub.children(sub.root()).stream().map(Entry::name).toList());
      assertEquals(dir.resolve("é").resolve("sub"), sub.hostPath("/sub"));
    }
  }

  @Test
  void closedTreeRefusesWork() throws IOException {
    tree.close();
    assertThrows(ClosedFileSystemException.class, () -> tree.root());
  }
}
