package io.github.squashtree.core.write;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.squashtree.core.host.DirectoryTree;
import io.github.squashtree.core.internal.host.HostFileSystem;
import io.github.squashtree.core.internal.host.RequireAll;
import io.github.squashtree.core.internal.read.ImageTree;
import io.github.squashtree.core.tree.Entry;
import io.github.squashtree.core.tree.Tree;
import io.github.squashtree.core.tree.TreeBuilder;
import io.github.squashtree.core.tree.TreeBuilder.Attributes;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where an image goes, as mksquashfs puts it: a replaced file keeps its mode and owner, a symlink
 * is followed (the file it names is replaced, the link stays), a block device is written in place
 * (never past its end, never while mounted), anything else is refused before anything is made; an
 * image written inside its own source is not part of it; a killed writer's partial file is removed
 * by the next write, a live one's is not.
 */
class ImageDestinationTest {
  @TempDir Path tmp;

  private static Tree tree() {
    return new TreeBuilder().file("/hello", "hello\n".getBytes(UTF_8), Attributes.FILE).build();
  }

  private static WriterOptions options() {
    return WriterOptions.defaults().withMkfsTime(OptionalLong.of(0)).withProcessors(1);
  }

  private static String hello(Path image) throws IOException {
    try (ImageTree back = ImageTree.open(image)) {
      return new String(back.open(back.lookup("/hello").orElseThrow()).readAllBytes(), UTF_8);
    }
  }

  private List<String> names(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void aReplacedImageKeepsItsModeAndANewOneIs0644() throws IOException {
    Path image = tmp.resolve("private.sqfs");
    Files.writeString(image, "old");
    Files.setAttribute(image, "unix:mode", 0600);
    SquashfsWriter.write(tree(), image, options());
    assertEquals("hello\n", hello(image));
    assertEquals(0600, mode(image));
    Path fresh = tmp.resolve("new.sqfs");
    SquashfsWriter.write(tree(), fresh, options());
    assertEquals(0644, mode(fresh));
  }

  @Test
  void aReplacedImageKeepsItsOwner() throws IOException {
    RequireAll.assumeOrFail(HostFileSystem.get().isPrivileged(), "needs root to chown");
    Path image = tmp.resolve("owned.sqfs");
    Files.writeString(image, "old");
    Files.setAttribute(image, "unix:uid", 1234);
    Files.setAttribute(image, "unix:gid", 5678);
    Files.setAttribute(image, "unix:mode", 0640);
    SquashfsWriter.write(tree(), image, options());
    assertEquals(1234, Files.getAttribute(image, "unix:uid"));
    assertEquals(5678, Files.getAttribute(image, "unix:gid"));
    assertEquals(0640, mode(image));
  }

  @Test
  void aSymlinkIsFollowedAndStaysALink() throws IOException {
    Path dir = Files.createDirectory(tmp.resolve("images"));
    Path target = dir.resolve("real.sqfs");
    Files.writeString(target, "old");
    Files.setAttribute(target, "unix:mode", 0600);
    Path link = Files.createSymbolicLink(tmp.resolve("link.sqfs"), Path.of("images/real.sqfs"));
    Path chain = Files.createSymbolicLink(tmp.resolve("chain.sqfs"), link.getFileName());
    SquashfsWriter.write(tree(), chain, options());
    assertTrue(Files.isSymbolicLink(link) && Files.isSymbolicLink(chain));
    assertEquals(Path.of("images/real.sqfs"), Files.readSymbolicLink(link));
    assertEquals("hello\n", hello(target));
    assertEquals(0600, mode(target));
    assertEquals(List.of("real.sqfs"), names(dir), "the temporary file went beside the target");
    // A link to nothing yet: the file it names is made.
    Path dangling = Files.createSymbolicLink(tmp.resolve("dangling.sqfs"), Path.of("made.sqfs"));
    SquashfsWriter.write(tree(), dangling, options());
    assertTrue(Files.isSymbolicLink(dangling));
    assertEquals("hello\n", hello(tmp.resolve("made.sqfs")));
  }

  @Test
  void aDirectoryFifoOrCharacterDeviceIsRefusedBeforeAnythingIsMade() throws Exception {
    Path fifo = tmp.resolve("fifo");
    assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
    Path dir = Files.createDirectory(tmp.resolve("dir"));
    for (Path p : List.of(fifo, dir, Path.of("/dev/null"))) {
      FileSystemException e =
          assertTimeoutPreemptively(
              Duration.ofSeconds(10),
              () ->
                  assertThrows(
                      FileSystemException.class, () -> SquashfsWriter.write(tree(), p, options())));
      assertTrue(e.getMessage().startsWith(p + ": is "), e.getMessage());
    }
    assertTrue(Files.isSameFile(fifo, fifo) && !Files.isRegularFile(fifo));
    assertEquals(List.of("dir", "fifo"), names(tmp));
    assertEquals(List.of(), names(dir));
  }

  /** An image written inside its own source: neither it nor its temporary file is in the image. */
  @Test
  void theImageAndItsPartialFileAreNeverPartOfTheirSource() throws IOException {
    Path src = Files.createDirectory(tmp.resolve("src"));
    Files.writeString(src.resolve("a"), "a\n");
    Path image = src.resolve("self.sqfs");
    Files.writeString(image, "an old image of a run before");
    Path alias = Files.createLink(src.resolve("also-self"), image);
    for (int run = 0; run < 2; run++) {
      try (DirectoryTree tree = DirectoryTree.open(src)) {
        SquashfsWriter.write(tree, image, options());
      }
      try (ImageTree back = ImageTree.open(image)) {
        List<String> names = back.children(back.root()).stream().map(Entry::name).sorted().toList();
        // The old image, under either name, is left out on the first run; afterwards the new
        // image is another file, and also-self is the old one, an ordinary file again.
        assertEquals(run == 0 ? List.of("a") : List.of("a", "also-self"), names);
      }
    }
    assertTrue(Files.exists(alias));
  }

  @Test
  void aKilledWritersPartialFileIsRemovedByTheNextWriteALiveOnesIsNot() throws Exception {
    Path image = tmp.resolve("img.sqfs");
    // What a writer killed with SIGKILL leaves: its pid is long gone, or was reused since.
    Path dead = Files.writeString(tmp.resolve(".img.sqfs.999999999.1.partial"), "x");
    Path reused =
        Files.writeString(
            tmp.resolve(".img.sqfs." + ProcessHandle.current().pid() + ".2.partial"), "x");
    Path other = Files.writeString(tmp.resolve(".other.sqfs.999999999.3.partial"), "x");
    Path oldStyle = Files.writeString(tmp.resolve(".img.sqfs.12345678.partial"), "x");
    // A live writer's: a process holds a lock on it (fcntl, as the JVM's FileLock takes it).
    Path live = Files.writeString(tmp.resolve(".img.sqfs.1.4.partial"), "x");
    Process holder =
        new ProcessBuilder(
                "python3",
                "-c",
                "import fcntl,sys,time\n"
                    + "f=open(sys.argv[1],'r+'); fcntl.lockf(f, fcntl.LOCK_EX)\n"
                    + "print('locked', flush=True); time.sleep(60)",
                live.toString())
            .start();
    try {
      assertEquals("locked", new String(holder.getInputStream().readNBytes(6), UTF_8));
      SquashfsWriter.write(tree(), image, options());
      assertFalse(Files.exists(dead));
      assertFalse(Files.exists(reused), "its pid is ours, but it holds no lock");
      assertTrue(Files.exists(live), "locked: its writer lives");
      assertTrue(Files.exists(other), "another image's");
      assertTrue(Files.exists(oldStyle), "no pid to go by");
    } finally {
      holder.destroyForcibly().waitFor();
    }
  }

  @Test
  void aBlockDeviceIsWrittenInPlaceWithinItsSize() throws Exception {
    RequireAll.assumeOrFail(HostFileSystem.get().isPrivileged(), "needs root for loop devices");
    Path backing = tmp.resolve("disk");
    try (FileChannel ch =
        FileChannel.open(backing, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      ch.write(java.nio.ByteBuffer.wrap(new byte[1]), (1 << 20) - 1); // 1 MiB, sparse
      ch.write(java.nio.ByteBuffer.wrap(new byte[] {'h', 's', 'q', 's', 'o', 'l', 'd'}), 0);
    }
    String device = losetup(backing);
    try {
      Path dev = Path.of(device);
      SquashfsWriter.write(tree(), dev, options());
      assertTrue(Files.exists(dev) && !Files.isRegularFile(dev), "still the device node");
      assertEquals(1 << 20, Files.size(backing), "a device keeps its size");
      try (ImageTree back = ImageTree.open(dev)) {
        assertArrayEquals(
            "hello\n".getBytes(UTF_8),
            back.open(back.lookup("/hello").orElseThrow()).readAllBytes());
      }
      // Too small: the write fails naming the device, and nothing goes past its end.
      byte[] big = new byte[3 << 20];
      new java.util.Random(1).nextBytes(big);
      Tree large = new TreeBuilder().file("/big", big, Attributes.FILE).build();
      IOException e =
          assertThrows(IOException.class, () -> SquashfsWriter.write(large, dev, options()));
      assertTrue(e.getMessage().startsWith(device + ": too small for the image"), e.getMessage());
      assertEquals(1 << 20, Files.size(backing));
      byte[] head = new byte[4];
      try (FileChannel ch = FileChannel.open(backing)) {
        ch.read(java.nio.ByteBuffer.wrap(head), 0);
      }
      assertArrayEquals(new byte[4], head, "the failed write left no superblock behind");
    } finally {
      run("losetup", "-d", device);
    }
  }

  @Test
  void aMountedBlockDeviceIsRefused() throws Exception {
    RequireAll.assumeOrFail(HostFileSystem.get().isPrivileged(), "needs root to mount");
    Path image = tmp.resolve("mounted.sqfs");
    SquashfsWriter.write(tree(), image, options());
    String device = losetup(image);
    Path mnt = Files.createDirectory(tmp.resolve("mnt"));
    try {
      run("mount", "-t", "squashfs", "-o", "ro", device, mnt.toString());
      try {
        FileSystemException e =
            assertThrows(
                FileSystemException.class,
                () -> SquashfsWriter.write(tree(), Path.of(device), options()));
        assertEquals(
            device + ": is mounted (at " + mnt + "): it cannot take an image", e.getMessage());
        assertEquals("hello\n", hello(image));
      } finally {
        run("umount", mnt.toString());
      }
    } finally {
      run("losetup", "-d", device);
    }
  }

  private static int mode(Path p) throws IOException {
    return (Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 07777;
  }

  private static String losetup(Path file) throws Exception {
    Process p = new ProcessBuilder("losetup", "--find", "--show", file.toString()).start();
    String device = new String(p.getInputStream().readAllBytes(), UTF_8).trim();
    assertEquals(0, p.waitFor(), new String(p.getErrorStream().readAllBytes(), UTF_8));
    return device;
  }

  private static void run(String... command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), UTF_8);
    assertEquals(0, p.waitFor(), String.join(" ", command) + ": " + out);
  }
}
