package io.github.squashtree.core.internal.extract;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.squashtree.core.SquashfsFormatException;
import io.github.squashtree.core.image.ExtractListener;
import io.github.squashtree.core.image.ExtractOptions;
import io.github.squashtree.core.image.ExtractResult;
import io.github.squashtree.core.internal.format.DataBlock;
import io.github.squashtree.core.internal.format.DeviceInode;
import io.github.squashtree.core.internal.format.FileInode;
import io.github.squashtree.core.internal.format.Inode;
import io.github.squashtree.core.internal.format.InodeType;
import io.github.squashtree.core.internal.host.HandleStack;
import io.github.squashtree.core.internal.host.HostDirectory;
import io.github.squashtree.core.internal.host.HostFileSystem;
import io.github.squashtree.core.internal.host.HostStat;
import io.github.squashtree.core.internal.host.PortableHost;
import io.github.squashtree.core.internal.host.RequireAll;
import io.github.squashtree.core.internal.host.TreeRemoval;
import io.github.squashtree.core.internal.io.ByteSource;
import io.github.squashtree.core.internal.read.HandImage;
import io.github.squashtree.core.internal.read.HandImages;
import io.github.squashtree.core.internal.read.ImageReader;
import io.github.squashtree.core.tree.Names;
import io.github.squashtree.core.tree.TreeBuilder;
import io.github.squashtree.core.tree.TreeBuilder.Attributes;
import io.github.squashtree.core.write.SquashfsWriter;
import io.github.squashtree.core.write.WriterOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExtractorTest {
  /** "café" in Latin-1: a name and a symlink target that are not UTF-8. */
  private static final String LATIN1 = Names.decode(new byte[] {'c', 'a', 'f', (byte) 0xE9});

  @TempDir Path dir;

  private ExtractResult extract(byte[] image, Path dest) throws IOException {
    try (ImageReader img = ImageReader.open(ByteSource.of(image))) {
      return new Extractor(img, new ExtractOptions(false, true, false, 2), ExtractListener.NONE)
          .extract("/", dest);
    }
  }

  /** The image {@link SquashfsWriter} makes of {@code tree} with the default options. */
  private byte[] imageOf(TreeBuilder tree) throws IOException {
    Path image = dir.resolve("image.sqfs");
    SquashfsWriter.write(tree.build(), image, WriterOptions.defaults());
    return Files.readAllBytes(image);
  }

  private List<String> listing(Path root) throws IOException {
    try (Stream<Path> s = Files.walk(root)) {
      return s.map(p -> root.relativize(p).toString()).sorted().toList();
    }
  }

  @Test
  void extractsFilesSymlinksAndFifos() throws IOException {
    Path dest = dir.resolve("out");
    ExtractResult r = extract(HandImages.valid(), dest);
    assertEquals(1, r.files());
    assertEquals("hello", Files.readString(dest.resolve("a")));
    assertEquals(Path.of("a"), Files.readSymbolicLink(dest.resolve("l")));
    assertTrue(Files.isSymbolicLink(dest.resolve("l")));
    assertEquals(
        0010000,
        (int) Files.getAttribute(dest.resolve("p"), "unix:mode", LinkOption.NOFOLLOW_LINKS)
            & 0170000);
    assertEquals(
        1_700_000_000L, Files.getLastModifiedTime(dest.resolve("a")).toInstant().getEpochSecond());
  }

  /**
   * Hard-linked symlinks and special files: each object is made, checked to have one link and given
   * its metadata before its other names are linked to it (a check after the links would take the
   * extraction's own links for someone else's, as the sync once did with its own removals).
   */
  @Test
  void hardLinkedSymlinksAndSpecialFilesKeepTheirGroupsAndMetadata() throws IOException {
    Instant mtime = Instant.ofEpochSecond(1_650_000_000L);
    Path dest = dir.resolve("out");
    extract(
        imageOf(
            new TreeBuilder()
                .symlink("/l", "target", Attributes.SYMLINK.mtime(mtime))
                .hardLink("/l2", "/l")
                .fifo("/p", Attributes.of(0640).mtime(mtime))
                .hardLink("/d/p2", "/p")
                .hardLink("/p3", "/p")
                .file("/f", "x".getBytes(StandardCharsets.UTF_8), Attributes.of(0600).mtime(mtime))
                .hardLink("/f2", "/f")),
        dest);
    HostFileSystem host = HostFileSystem.get();
    for (String[] group : new String[][] {{"l", "l2"}, {"p", "d/p2", "p3"}, {"f", "f2"}}) {
      HostStat first = host.lstat(dest.resolve(group[0]));
      assertEquals(group.length, first.nlink(), group[0]);
      assertEquals(mtime, first.mtime(), group[0]);
      for (String name : group) {
        assertEquals(first.ino(), host.lstat(dest.resolve(name)).ino(), name);
      }
    }
    assertEquals(0640, host.lstat(dest.resolve("p3")).permissions());
    assertEquals(Path.of("target"), Files.readSymbolicLink(dest.resolve("l2")));
  }

  @Test
  void traversalNamesWriteNothingAnywhere() throws IOException {
    for (String name : List.of("..", "a/b", "../escaped")) {
      Path dest = dir.resolve("out");
      List<String> before = listing(dir);
      assertThrows(
          SquashfsFormatException.class, () -> extract(HandImages.rootWithNames(name), dest));
      assertEquals(before, listing(dir), "nothing may be left behind for " + name);
    }
  }

  @Test
  void aSymlinkFollowedByASameNamedFileNeverWritesThroughTheLink() throws IOException {
    // CVE-2021-41072: "x" -> outside, then a file "x" whose content would land outside.
    Path outside = dir.resolve("outside");
    HandImage b = new HandImage();
    long link = HandImages.symlink(b, outside.toString(), 1);
    long file = HandImages.file(b, "pwned".getBytes(StandardCharsets.UTF_8), 2);
    byte[] image =
        HandImages.withRoot(
            b,
            new HandImage.Child("x", link, InodeType.SYMLINK, 1),
            new HandImage.Child("x", file, InodeType.FILE, 2));
    assertThrows(SquashfsFormatException.class, () -> extract(image, dir.resolve("out")));
    assertFalse(Files.exists(outside, LinkOption.NOFOLLOW_LINKS));
    assertFalse(Files.exists(dir.resolve("out")));
  }

  /**
   * Empty files are finished on the walking thread rather than by a worker: each still gets its
   * mode (setuid and sticky bits too, which need a chmod after the owner), mtime and owner, among
   * files with content that the workers write.
   */
  @Test
  void emptyFilesGetTheirMetadataLikeTheOthers() throws IOException {
    TreeBuilder tree = new TreeBuilder();
    int[] modes = {0644, 0600, 0755, 04755, 01777, 0400};
    for (int i = 0; i < 300; i++) {
      Attributes a =
          Attributes.of(modes[i % modes.length]).mtime(Instant.ofEpochSecond(1_600_000_000L + i));
      tree.file("/d" + (i % 7) + "/e" + i, new byte[0], a);
      if (i % 10 == 0) {
        byte[] content = ("content of " + i).getBytes(StandardCharsets.UTF_8);
        tree.file("/d" + (i % 7) + "/f" + i, content, a);
      }
    }
    Path dest = dir.resolve("out");
    ExtractResult r = extract(imageOf(tree), dest);
    assertEquals(330, r.files());
    HostFileSystem host = HostFileSystem.get();
    for (int i = 0; i < 300; i++) {
      Path e = dest.resolve("d" + (i % 7)).resolve("e" + i);
      HostStat st = host.lstat(e);
      assertEquals(0, st.size(), e.toString());
      assertEquals(modes[i % modes.length], st.permissions(), e.toString());
      assertEquals(Instant.ofEpochSecond(1_600_000_000L + i), st.mtime(), e.toString());
      if (i % 10 == 0) {
        Path f = dest.resolve("d" + (i % 7)).resolve("f" + i);
        assertEquals("content of " + i, Files.readString(f));
        assertEquals(modes[i % modes.length], host.lstat(f).permissions(), f.toString());
      }
    }
  }

  @Test
  void aFailurePartWayRemovesEverythingItWrote() throws IOException {
    HandImage b = new HandImage();
    long good = HandImages.file(b, "fine".getBytes(StandardCharsets.UTF_8), 1);
    long start = b.data(new byte[] {9, 9, 9, 9});
    long bad =
        b.inode(
            buf ->
                new FileInode(
                        HandImages.header(InodeType.FILE, 2),
                        start,
                        100,
                        0,
                        1,
                        Inode.NONE,
                        0,
                        Inode.NONE,
                        new int[] {DataBlock.word(4, true)})
                    .encodeTo(buf));
    byte[] image =
        HandImages.withRoot(
            b,
            new HandImage.Child("a-good", good, InodeType.FILE, 1),
            new HandImage.Child("b-bad", bad, InodeType.FILE, 2));
    Path dest = dir.resolve("out");
    var e = assertThrows(SquashfsFormatException.class, () -> extract(image, dest));
    assertTrue(e.getMessage().startsWith("/b-bad: "), "names the file: " + e.getMessage());
    assertFalse(Files.exists(dest), "a failed extraction leaves no partial output");
    // Into an existing empty directory, the directory stays and stays empty.
    Files.createDirectory(dest);
    assertThrows(SquashfsFormatException.class, () -> extract(image, dest));
    assertEquals(List.of(""), listing(dest));
  }

  @Test
  void aFailedExtractionReturnsOnlyOnceNoWorkerRuns() throws Exception {
    // "a" is written by a worker that is slow to stop; "b", a device node the walk may not create,
    // makes the walk fail (its warning throws) while that worker is busy.
    HandImage b = new HandImage();
    long file = HandImages.file(b, "content".getBytes(StandardCharsets.UTF_8), 1);
    long device =
        b.inode(
            buf ->
                new DeviceInode(HandImages.header(InodeType.CHAR_DEVICE, 2), 1, 0x0103, Inode.NONE)
                    .encodeTo(buf));
    byte[] image =
        HandImages.withRoot(
            b,
            new HandImage.Child("a", file, InodeType.FILE, 1),
            new HandImage.Child("b", device, InodeType.CHAR_DEVICE, 2));
    CountDownLatch writing = new CountDownLatch(1);
    AtomicBoolean workerDone = new AtomicBoolean();
    ExtractListener listener =
        new ExtractListener() {
          @Override
          public void bytesWritten(long bytes) {
            writing.countDown();
            try {
              Thread.sleep(60_000);
            } catch (InterruptedException e) {
              // stopping takes a while, as a large write in progress does
              long until = System.nanoTime() + 300_000_000L;
              while (System.nanoTime() < until) {
                Thread.onSpinWait();
              }
              workerDone.set(true);
            }
          }

          @Override
          public void warning(String message) {
            try {
              writing.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("the walk fails at " + message);
          }
        };
    Path dest = dir.resolve("out");
    try (ImageReader img = ImageReader.open(ByteSource.of(image))) {
      Extractor extractor = new Extractor(img, new ExtractOptions(false, true, false, 2), listener);
      assertThrows(IllegalStateException.class, () -> extractor.extract("/", dest));
    }
    assertTrue(workerDone.get(), "the worker had ended when extract() returned");
    assertFalse(Files.exists(dest), "a failed extraction leaves no partial output");
  }

  /** A file of {@code blocks} stored 4 KiB blocks; block {@code corrupt} (if >= 0) is garbage. */
  private static byte[] bigFile(int blocks, int corrupt, byte[] content) {
    HandImage b = new HandImage();
    int[] words = new int[blocks];
    long start = -1;
    for (int i = 0; i < blocks; i++) {
      byte[] block =
          java.util.Arrays.copyOfRange(
              content, i * HandImage.BLOCK_SIZE, (i + 1) * HandImage.BLOCK_SIZE);
      boolean bad = i == corrupt;
      long at = b.data(bad ? new byte[] {1, 2, 3} : block);
      start = start < 0 ? at : start;
      words[i] = bad ? DataBlock.word(3, true) : DataBlock.word(HandImage.BLOCK_SIZE, false);
    }
    long first = start;
    long f =
        b.inode(
            buf ->
                new FileInode(
                        HandImages.header(InodeType.FILE, 1),
                        first,
                        (long) blocks * HandImage.BLOCK_SIZE,
                        0,
                        1,
                        Inode.NONE,
                        0,
                        Inode.NONE,
                        words)
                    .encodeTo(buf));
    return HandImages.withSingleEntry(b, "big", f, InodeType.FILE);
  }

  @Test
  void aLargeFileIsWrittenInParallelChunksExactly() throws IOException {
    int blocks = ChunkedFile.CHUNK_BLOCKS * 5 + 3;
    byte[] content = new byte[blocks * HandImage.BLOCK_SIZE];
    new java.util.Random(7).nextBytes(content);
    Path dest = dir.resolve("out");
    ExtractResult r = extract(bigFile(blocks, -1, content), dest);
    assertEquals(content.length, r.bytes());
    org.junit.jupiter.api.Assertions.assertArrayEquals(
        content, Files.readAllBytes(dest.resolve("big")));
    assertEquals(
        0644,
        (int) Files.getAttribute(dest.resolve("big"), "unix:mode", LinkOption.NOFOLLOW_LINKS)
            & 07777);
  }

  @Test
  void aCorruptChunkOfALargeFileRemovesEverything() throws IOException {
    int blocks = ChunkedFile.CHUNK_BLOCKS * 5 + 3;
    byte[] content = new byte[blocks * HandImage.BLOCK_SIZE];
    Path dest = dir.resolve("out");
    var e =
        assertThrows(
            SquashfsFormatException.class,
            () -> extract(bigFile(blocks, ChunkedFile.CHUNK_BLOCKS * 2 + 1, content), dest));
    assertTrue(e.getMessage().startsWith("/big: "), "names the file: " + e.getMessage());
    assertFalse(Files.exists(dest));
  }

  /**
   * A name that is not UTF-8 is extracted with its bytes, as unsquashfs does, and so are symlink
   * targets that a {@link Path} would change: other bytes, a doubled and a trailing '/'.
   */
  @Test
  void namesThatAreNotUtf8AreExtractedWithTheirBytes() throws IOException {
    byte[] image =
        imageOf(
            new TreeBuilder()
                .file("/" + LATIN1, new byte[] {1}, TreeBuilder.Attributes.FILE)
                .symlink("/l", LATIN1, TreeBuilder.Attributes.of(0777))
                .symlink("/s", "..//x/", TreeBuilder.Attributes.of(0777)));
    Path dest = dir.resolve("out");
    extract(image, dest);
    List<String> names;
    try (Stream<Path> s = Files.list(dest)) {
      names = s.map(Names::hostName).sorted().toList();
    }
    assertEquals(List.of(LATIN1, "l", "s"), names);
    assertArrayEquals(new byte[] {1}, Files.readAllBytes(Names.hostPath(dest, LATIN1)));
    HostFileSystem host = HostFileSystem.get();
    assertEquals(LATIN1, host.readSymlink(dest.resolve("l")));
    assertEquals("..//x/", host.readSymlink(dest.resolve("s")));
  }

  /**
   * On a host that cannot make a symlink target exactly (NIO keeps targets as strings), the link is
   * made with the nearest target and the extraction warns, naming the link and the host's limit.
   */
  @Test
  void aSymlinkTargetTheHostChangesIsReportedAsAWarning() throws IOException {
    byte[] image =
        imageOf(
            new TreeBuilder()
                .symlink("/changed", LATIN1, TreeBuilder.Attributes.of(0777))
                .symlink("/kept", "caf\u00e9", TreeBuilder.Attributes.of(0777)));
    Path dest = dir.resolve("out");
    List<String> heard = new ArrayList<>();
    ExtractListener listener =
        new ExtractListener() {
          @Override
          public void warning(String message) {
            heard.add(message);
          }
        };
    HostFileSystem nio = PortableHost.create("portable host under test");
    ExtractResult r;
    try (ImageReader img = ImageReader.open(ByteSource.of(image))) {
      r =
          new Extractor(img, new ExtractOptions(false, false, false, 1), listener, nio)
              .extract("/", dest);
    }
    String changedTo = Files.readSymbolicLink(dest.resolve("changed")).toString();
    assertEquals("caf\ufffd", changedTo);
    assertEquals(Path.of("caf\u00e9"), Files.readSymbolicLink(dest.resolve("kept")));
    String limit = nio.limitation().orElseThrow();
    assertTrue(limit.startsWith("portable host under test"), limit);
    String expected = "/changed: symlink target changed to " + changedTo + " (" + limit + ")";
    assertEquals(List.of(expected), r.warnings());
    assertEquals(List.of(expected), heard);
  }

  @Test
  void aNonEmptyDestinationIsRefusedUntouched() throws IOException {
    Path dest = Files.createDirectory(dir.resolve("out"));
    Files.writeString(dest.resolve("keep"), "mine");
    assertThrows(FileAlreadyExistsException.class, () -> extract(HandImages.valid(), dest));
    assertEquals("mine", Files.readString(dest.resolve("keep")));
    assertEquals(List.of("", "keep"), listing(dest));
  }

  /**
   * Deeper than PATH_MAX allows as a path (1,000 times "/level", 6,000 bytes > 4,096): only *at
   * calls reach the bottom. (The writer still recurses by depth; DeepTreeExtractIT extracts 12,000
   * levels that gensquashfs makes.)
   */
  private static final int DEEP = 1_000;

  @Test
  void aTreeFarDeeperThanAPathCanNameExtractsWithoutRecursion() throws IOException {
    HostFileSystem host = HostFileSystem.get();
    RequireAll.assumeOrFail(host.raceFree(), "needs libc through JNA: " + host.limitation());
    StringBuilder path = new StringBuilder();
    TreeBuilder tree = new TreeBuilder();
    for (int i = 0; i < DEEP; i++) {
      path.append("/level");
      tree.directory(path.toString(), Attributes.DIRECTORY); // top-down: no parents to make
    }
    tree.file(path + "/leaf", "deep".getBytes(StandardCharsets.UTF_8), Attributes.FILE);
    byte[] image = imageOf(tree);
    Path dest = dir.resolve("deep");
    try {
      ExtractResult r = extract(image, dest);
      assertEquals(DEEP + 1, r.directories());
      assertEquals(1, r.files());
      try (HostDirectory root = host.openDirectory(dest);
          HandleStack stack = new HandleStack(root)) {
        for (int i = 0; i < DEEP; i++) {
          assertEquals(List.of("level"), stack.top().list());
          stack.push(stack.top().openDirectory("level"));
        }
        assertEquals(List.of("leaf"), stack.top().list());
        assertEquals(4, stack.top().stat("leaf").size());
      }
    } finally {
      // JUnit's own cleanup goes by path and would stop at PATH_MAX.
      if (Files.exists(dest)) {
        try (HostDirectory parent = host.openDirectory(dir)) {
          TreeRemoval.remove(parent, "deep", true);
        }
      }
    }
  }
}
