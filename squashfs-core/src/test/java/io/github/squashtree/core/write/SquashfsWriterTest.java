package io.github.squashtree.core.write;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.squashtree.core.compression.Compression;
import io.github.squashtree.core.compression.DeflateImplementation;
import io.github.squashtree.core.compression.GzipOptions;
import io.github.squashtree.core.compression.LzoOptions;
import io.github.squashtree.core.compression.XzOptions;
import io.github.squashtree.core.internal.codec.Compressor;
import io.github.squashtree.core.internal.format.SymlinkInode;
import io.github.squashtree.core.internal.read.ImageReader;
import io.github.squashtree.core.internal.read.ImageTree;
import io.github.squashtree.core.internal.read.ListingEntry;
import io.github.squashtree.core.tree.Entry;
import io.github.squashtree.core.tree.Metadata;
import io.github.squashtree.core.tree.Names;
import io.github.squashtree.core.tree.Tree;
import io.github.squashtree.core.tree.TreeBuilder;
import io.github.squashtree.core.tree.TreeBuilder.Attributes;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SquashfsWriterTest {
  private static final int BLOCK = 4096;

  @TempDir Path tmp;

  /** Every entry kind, sizes around the block size, holes, duplicates, links and xattrs. */
  static Tree sample() {
    Random random = new Random(7);
    TreeBuilder b = new TreeBuilder().directory("/", Attributes.of(0755).mtime(at(100)));
    for (int size : new int[] {0, 1, BLOCK - 1, BLOCK, BLOCK + 1, 3 * BLOCK, 3 * BLOCK + 17}) {
      byte[] content = new byte[size];
      random.nextBytes(content);
      b.file("/sizes/f" + size, content, Attributes.of(0644).mtime(at(size)));
    }
    byte[] holes = new byte[5 * BLOCK + 3];
    holes[2 * BLOCK + 5] = 1;
    b.file("/sparse", holes, Attributes.FILE);
    byte[] text = "squashtree ".repeat(3000).getBytes(UTF_8);
    b.file("/dup/a", text, Attributes.FILE)
        .file("/dup/b", text, Attributes.of(0600).owner(1000, 1000))
        .file("/dup/c", Arrays.copyOf(text, text.length - 1), Attributes.FILE);
    return b.symlink("/link", "sizes/f1", Attributes.SYMLINK)
        .hardLink("/hard", "/sizes/f1")
        .blockDevice("/dev/b", 8, 1, Attributes.of(0660).owner(0, 6))
        .charDevice("/dev/c", 4095, 1048575, Attributes.of(0620))
        .fifo("/dev/fifo", Attributes.of(0644))
        .socket("/dev/sock", Attributes.of(0755))
        .charDevice("/dev/whiteout", 0, 0, Attributes.of(0))
        .directory(
            "/opaque", Attributes.of(01777).xattr("trusted.overlay.opaque", new byte[] {'y'}))
        .file(
            "/xattrs",
            new byte[] {1},
            Attributes.of(04755)
                .owner(100_000, 200_000)
                .xattr("user.big", new byte[100])
                .xattr("security.selinux", "system_u:object_r:bin_t:s0\0".getBytes(UTF_8)))
        .file(
            "/xattrs2",
            new byte[] {2},
            Attributes.FILE
                .xattr("user.big", new byte[100])
                .xattr(
                    Names.decode(new byte[] {'u', 's', 'e', 'r', '.', (byte) 0xE9}), new byte[1]))
        .build();
  }

  static Instant at(long seconds) {
    return Instant.ofEpochSecond(1_600_000_000L + seconds, 999_999_999);
  }

  static WriterOptions options() {
    return WriterOptions.defaults().withBlockSize(BLOCK).withProcessors(2);
  }

  @ParameterizedTest
  @EnumSource(Compression.class)
  void aBuiltTreeReadsBackEqual(Compression c) throws IOException {
    Tree source = sample();
    Path image = tmp.resolve("out.sqfs");
    WriteResult r = SquashfsWriter.write(source, image, options().withCompression(c, null));
    assertEquals(Files.size(image), r.imageBytes());
    assertEquals(0, r.imageBytes() % 4096);
    assertEquals(1, r.duplicateFiles());
    assertEquals(1, r.hardLinks());
    try (ImageTree back = ImageTree.open(image)) {
      assertSameTree(source, back);
      // mkfs time defaults to the newest mtime of the tree
      assertEquals(1_600_000_000L + 3 * BLOCK + 17, back.image().superblock().modificationTime());
    }
  }

  @ParameterizedTest
  @EnumSource(DeflateImplementation.class)
  void theSameBytesAtAnyThreadCount(DeflateImplementation deflate) throws IOException {
    Path one = tmp.resolve("one.sqfs");
    Path four = tmp.resolve("four.sqfs");
    SquashfsWriter.write(sample(), one, options().withDeflate(deflate).withProcessors(1));
    SquashfsWriter.write(sample(), four, options().withDeflate(deflate).withProcessors(4));
    assertArrayEquals(Files.readAllBytes(one), Files.readAllBytes(four));
  }

  @Test
  void gzipIsWrittenByZlibUnlessLibdeflateIsAsked() throws IOException {
    // the library's default needs nothing beyond the JDK (sqfs mk's is libdeflate)
    assertEquals(DeflateImplementation.ZLIB, WriterOptions.defaults().deflate());
    Path ours = tmp.resolve("libdeflate.sqfs");
    Path zlib = tmp.resolve("zlib.sqfs");
    SquashfsWriter.write(sample(), ours, options().withDeflate(DeflateImplementation.LIBDEFLATE));
    SquashfsWriter.write(sample(), zlib, options());
    assertTrue(Files.mismatch(ours, zlib) >= 0, "other compressed bytes");
    try (ImageTree a = ImageTree.open(ours);
        ImageTree b = ImageTree.open(zlib)) {
      assertSameTree(sample(), a);
      assertSameTree(sample(), b);
      // neither stores an options block: level 9, window 15, as mksquashfs's defaults
      assertEquals(Optional.empty(), a.image().compressorOptions());
      assertEquals(Optional.empty(), b.image().compressorOptions());
    }
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                SquashfsWriter.write(
                    sample(),
                    tmp.resolve("strategies.sqfs"),
                    options()
                        .withDeflate(DeflateImplementation.LIBDEFLATE)
                        .withCompression(
                            Compression.GZIP, new GzipOptions(9, 15, GzipOptions.FILTERED))));
    assertTrue(e.getMessage().contains("libdeflate has none"), e.getMessage());
  }

  /**
   * The options block describes the data: aircompressor's LZO1X-1 output is lzo1x_1 (algorithm 0,
   * no level), as mksquashfs -Xalgorithm lzo1x_1 writes it, not mksquashfs's default lzo1x_999.
   */
  @Test
  void lzoImagesSayLzo1x1AndOtherLzoSettingsAreRefused() throws IOException {
    Path image = tmp.resolve("lzo.sqfs");
    SquashfsWriter.write(sample(), image, options().withCompression(Compression.LZO, null));
    try (ImageTree back = ImageTree.open(image)) {
      assertSameTree(sample(), back);
      assertEquals(
          Optional.of(new LzoOptions(LzoOptions.LZO1X_1, 0)), back.image().compressorOptions());
    }
    Path same = tmp.resolve("lzo1x_1.sqfs");
    SquashfsWriter.write(
        sample(),
        same,
        options().withCompression(Compression.LZO, new LzoOptions(LzoOptions.LZO1X_1, 0)));
    assertEquals(-1, Files.mismatch(image, same));
    for (LzoOptions claim :
        List.of(
            new LzoOptions(LzoOptions.LZO1X_999, 8),
            new LzoOptions(LzoOptions.LZO1X_999, 1),
            new LzoOptions(LzoOptions.LZO1X_1_15, 0))) {
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class,
              () ->
                  SquashfsWriter.write(
                      sample(),
                      tmp.resolve("refused.sqfs"),
                      options().withCompression(Compression.LZO, claim)),
              claim.toString());
      assertTrue(e.getMessage().contains("lzo1x_1"), e.getMessage());
    }
    assertTrue(Files.notExists(tmp.resolve("refused.sqfs")));
  }

  /**
   * Names and symlink targets that are not UTF-8 (a Latin-1 "café", a broken sequence) are written
   * as the bytes they stand for, and an image rewritten keeps them: fuzzing found a rewrite that
   * turned such a name into U+FFFD and moved it in the listing.
   */
  @Test
  void namesThatAreNotUtf8KeepTheirBytes() throws IOException {
    byte[] latin1 = {'c', 'a', 'f', (byte) 0xE9};
    byte[] broken = {(byte) 0xC3, (byte) 0xD9};
    byte[] target = {'t', (byte) 0xFF, 'x'};
    Tree tree =
        new TreeBuilder()
            .file("/" + Names.decode(latin1), new byte[] {1}, Attributes.FILE)
            .file("/" + Names.decode(broken), new byte[] {2}, Attributes.FILE)
            .file("/\uff21", new byte[] {3}, Attributes.FILE)
            .symlink("/l", Names.decode(target), Attributes.of(0777))
            .build();
    Path first = tmp.resolve("first.sqfs");
    Path second = tmp.resolve("second.sqfs");
    SquashfsWriter.write(tree, first, options());
    try (ImageTree copy = ImageTree.open(first)) {
      SquashfsWriter.write(copy, second, options());
    }
    for (Path image : List.of(first, second)) {
      try (ImageReader img = ImageReader.open(image)) {
        List<byte[]> names = img.list(img.root()).stream().map(ListingEntry::rawName).toList();
        assertEquals(4, names.size());
        assertArrayEquals(latin1, names.get(0)); // 'c' < 'l' < 0xC3 < 0xEF (U+FF21)
        assertArrayEquals(new byte[] {'l'}, names.get(1));
        assertArrayEquals(broken, names.get(2));
        assertArrayEquals("\uff21".getBytes(UTF_8), names.get(3));
        SymlinkInode link = (SymlinkInode) img.lookup("/l").orElseThrow();
        assertArrayEquals(target, link.target());
      }
    }
  }

  @Test
  void blockArraysAreReusedOnlyOnceWritten() throws IOException {
    // Hundreds of blocks, far more than are ever in flight, so that the pipeline hands the same
    // arrays out again and again; random and repetitive ones, stored and compressed, and tails.
    Random random = new Random(11);
    TreeBuilder b = new TreeBuilder().directory("/", Attributes.of(0755).mtime(at(0)));
    for (int i = 0; i < 120; i++) {
      byte[] content = new byte[3 * BLOCK + 100 * i];
      if (i % 2 == 0) {
        random.nextBytes(content);
      } else {
        Arrays.fill(content, (byte) i);
        content[random.nextInt(content.length)] = 1;
      }
      b.file("/f" + i, content, Attributes.FILE);
    }
    Tree source = b.build();
    for (int processors : new int[] {1, 3}) {
      Path image = tmp.resolve("many-" + processors + ".sqfs");
      SquashfsWriter.write(source, image, options().withProcessors(processors));
      try (ImageTree back = ImageTree.open(image)) {
        assertSameTree(source, back);
      }
    }
  }

  @Test
  void clampTimeLimitsLaterMtimesOnly() throws IOException {
    Path image = tmp.resolve("clamped.sqfs");
    SquashfsWriter.write(
        sample(),
        image,
        options()
            .withMkfsTime(OptionalLong.of(1_600_000_050L))
            .withClampTime(OptionalLong.of(1_600_000_050L)));
    try (ImageTree back = ImageTree.open(image)) {
      assertEquals(1_600_000_050L, back.image().superblock().modificationTime());
      assertEquals(1_600_000_001L, mtime(back, "/sizes/f1"));
      assertEquals(1_600_000_050L, mtime(back, "/sizes/f4096"));
      assertEquals(1_600_000_050L, mtime(back, "/sizes/f4097"));
    }
  }

  private static long mtime(Tree tree, String path) throws IOException {
    return tree.lookup(path).orElseThrow().metadata().mtime().getEpochSecond();
  }

  /** mksquashfs refuses -Xdict-size above the block size; so does the writer, before writing. */
  @Test
  void xzDictionaryAboveTheBlockSizeIsRefusedBeforeAnythingIsWritten() throws IOException {
    WriterOptions options =
        WriterOptions.defaults()
            .withBlockSize(131072)
            .withCompression(Compression.XZ, new XzOptions(262144, 0));
    Path image = tmp.resolve("xz.sqfs");
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> SquashfsWriter.write(sample(), image, options));
    assertTrue(e.getMessage().contains("larger than the block size"), e.getMessage());
    try (Stream<Path> files = Files.list(tmp)) {
      assertEquals(List.of(), files.toList());
    }
    SquashfsWriter.write(
        sample(), image, options.withCompression(Compression.XZ, new XzOptions(131072, 0)));
    assertTrue(Files.size(image) > 0);
  }

  @Test
  void aFileThatCannotBeOpenedIsNamedAndNothingIsLeft() throws IOException {
    Tree tree =
        new TreeBuilder()
            .file("/ok", new byte[10], Attributes.FILE)
            .file(
                "/dir/unreadable",
                10,
                () -> {
                  throw new IOException("Permission denied");
                },
                Attributes.FILE)
            .build();
    IOException e = assertWriteFails(tree);
    assertTrue(e.getMessage().contains("/dir/unreadable"), e.getMessage());
    assertTrue(e.getMessage().contains("Permission denied"), e.getMessage());
  }

  @Test
  void aFileThatFailsWhileReadIsNamed() throws IOException {
    Tree tree =
        new TreeBuilder()
            .file(
                "/flaky",
                3 * BLOCK,
                () ->
                    new InputStream() {
                      int n;

                      @Override
                      public int read() throws IOException {
                        if (++n > BLOCK + 10) {
                          throw new IOException("Input/output error");
                        }
                        return 1;
                      }
                    },
                Attributes.FILE)
            .build();
    IOException e = assertWriteFails(tree);
    assertTrue(e.getMessage().contains("/flaky"), e.getMessage());
  }

  @Test
  void aFileThatGrowsWhileReadFails() throws IOException {
    for (int declared : new int[] {10, BLOCK, 2 * BLOCK + 10}) {
      byte[] more = new byte[declared + 1];
      Arrays.fill(more, (byte) 1);
      Tree tree =
          new TreeBuilder()
              .file("/grows", declared, () -> new ByteArrayInputStream(more), Attributes.FILE)
              .build();
      IOException e = assertWriteFails(tree);
      assertTrue(
          e.getMessage().contains("/grows") && e.getMessage().contains("grew"), e.getMessage());
    }
  }

  @Test
  void aFileThatShrinksWhileReadFails() throws IOException {
    for (int declared : new int[] {10, BLOCK, 2 * BLOCK + 10}) {
      byte[] less = new byte[declared - 1];
      Tree tree =
          new TreeBuilder()
              .file("/shrinks", declared, () -> new ByteArrayInputStream(less), Attributes.FILE)
              .build();
      IOException e = assertWriteFails(tree);
      assertTrue(
          e.getMessage().contains("/shrinks") && e.getMessage().contains("shrank"), e.getMessage());
    }
  }

  @Test
  void aDuplicateCandidateThatChangesFails() throws IOException {
    // The second file has the size of the first and is larger than a block, so it is read once to
    // hash it and then again to store it (a file up to a block is read once, into memory).
    int size = options().blockSize() * 2 + 5;
    int[] opened = {0};
    byte[] a = new byte[size];
    Tree tree =
        new TreeBuilder()
            .file("/a", a, Attributes.FILE)
            .file(
                "/b",
                size,
                () -> new ByteArrayInputStream(new byte[opened[0]++ == 0 ? size : size + 1]),
                Attributes.FILE)
            .build();
    IOException e = assertWriteFails(tree);
    assertTrue(e.getMessage().contains("/b"), e.getMessage());
  }

  @Test
  void aSmallFileIsReadOnceEvenWhenItsSizeWasSeenBefore() throws IOException {
    int[] opened = {0};
    Tree tree = twoSmallFilesOfOneSize(opened).build();
    SquashfsWriter.write(tree, tmp.resolve("once.sqfs"), options());
    assertEquals(1, opened[0]);
  }

  /** The read-ahead leaves hard-linked files to the writer, which still reads a small one once. */
  @Test
  void aSmallHardLinkedFileIsReadOnce() throws IOException {
    int[] opened = {0};
    Tree tree = twoSmallFilesOfOneSize(opened).hardLink("/c", "/b").build();
    SquashfsWriter.write(tree, tmp.resolve("linked.sqfs"), options());
    assertEquals(1, opened[0]);
  }

  /** {@code /a} and {@code /b}, three bytes each; {@code opened} counts the reads of {@code /b}. */
  private static TreeBuilder twoSmallFilesOfOneSize(int[] opened) {
    return new TreeBuilder()
        .file("/a", new byte[] {1, 2, 3}, Attributes.FILE)
        .file(
            "/b",
            3,
            () -> {
              opened[0]++;
              return new ByteArrayInputStream(new byte[] {1, 2, 4});
            },
            Attributes.FILE);
  }

  /**
   * A compression worker that fails (an I/O error, a bug, an error) ends the write with an
   * IOException, and neither image nor temporary file is left.
   */
  @Test
  void aFailingWorkerLeavesNothing() throws IOException {
    byte[] data = new byte[20 * BLOCK];
    new Random(3).nextBytes(data);
    Tree tree = new TreeBuilder().file("/data", data, Attributes.FILE).build();
    List<java.util.function.Supplier<RuntimeException>> failures =
        List.of(
            () -> new java.io.UncheckedIOException(new IOException("worker I/O failed")),
            () -> new IllegalStateException("worker bug"));
    for (java.util.function.Supplier<RuntimeException> failure : failures) {
      int[] blocks = {0};
      java.util.function.Supplier<Compressor> failing =
          () ->
              (src, srcOff, srcLen, dst, dstOff, cap) -> {
                synchronized (blocks) {
                  if (++blocks[0] > 5) {
                    throw failure.get();
                  }
                }
                return -1; // stored: compression "did not help"
              };
      assertWriteFails(image -> SquashfsWriter.write(tree, image, options(), failing), "worker");
      assertTrue(blocks[0] > 5, "the failing worker ran");
    }
    // A worker that cannot even make its compressor.
    java.util.function.Supplier<Compressor> broken =
        () -> {
          throw new IllegalStateException("no compressor");
        };
    assertWriteFails(image -> SquashfsWriter.write(tree, image, options(), broken), "compressor");
  }

  /**
   * Every compressor the workers made is closed when the write returns, failed or not, and none
   * while a worker could still use it (a closed zstd context used again would crash the JVM).
   */
  @Test
  void everyCompressorIsClosedOnceNoWorkerUsesIt() throws IOException {
    byte[] data = new byte[40 * BLOCK];
    new Random(5).nextBytes(data);
    Tree tree = new TreeBuilder().file("/data", data, Attributes.FILE).build();
    for (int failAfter : new int[] {Integer.MAX_VALUE, 7}) {
      Queue<AtomicBoolean> made = new ConcurrentLinkedQueue<>();
      AtomicInteger blocks = new AtomicInteger();
      AtomicInteger usedClosed = new AtomicInteger();
      java.util.function.Supplier<Compressor> tracked =
          () -> {
            AtomicBoolean closed = new AtomicBoolean();
            made.add(closed);
            return new Compressor() {
              @Override
              public int compress(
                  byte[] src, int srcOff, int srcLen, byte[] dst, int dstOff, int cap) {
                if (closed.get()) {
                  usedClosed.incrementAndGet();
                }
                if (blocks.incrementAndGet() > failAfter) {
                  throw new IllegalStateException("worker fails");
                }
                return -1; // stored
              }

              @Override
              public void close() {
                closed.set(true);
              }
            };
          };
      WriterOptions threads = options().withProcessors(3);
      if (failAfter == Integer.MAX_VALUE) {
        SquashfsWriter.write(tree, tmp.resolve("ok.sqfs"), threads, tracked);
        Files.delete(tmp.resolve("ok.sqfs"));
      } else {
        assertWriteFails(image -> SquashfsWriter.write(tree, image, threads, tracked), "worker");
      }
      assertFalse(made.isEmpty(), "the workers made compressors");
      assertTrue(made.stream().allMatch(AtomicBoolean::get), "all closed");
      assertEquals(0, usedClosed.get(), "none used once closed");
    }
  }

  private interface Write {
    void to(Path image) throws IOException;
  }

  /** As {@link #assertWriteFails(Tree)} for any write; the message must hold {@code part}. */
  private IOException assertWriteFails(Write write, String part) throws IOException {
    Path image = tmp.resolve("fails.sqfs");
    Files.write(image, "old".getBytes(UTF_8));
    IOException e = assertThrows(IOException.class, () -> write.to(image));
    assertTrue(e.getMessage().contains(part), e.getMessage());
    assertArrayEquals("old".getBytes(UTF_8), Files.readAllBytes(image));
    try (Stream<Path> files = Files.list(tmp)) {
      assertEquals(List.of(image), files.toList(), "no temporary file is left");
    }
    Files.delete(image);
    return e;
  }

  /** Writes over an existing image; the write must fail and leave the old image alone. */
  private IOException assertWriteFails(Tree tree) throws IOException {
    Path image = tmp.resolve("fails.sqfs");
    Files.write(image, "old".getBytes(UTF_8));
    IOException e =
        assertThrows(IOException.class, () -> SquashfsWriter.write(tree, image, options()));
    assertArrayEquals("old".getBytes(UTF_8), Files.readAllBytes(image));
    try (Stream<Path> files = Files.list(tmp)) {
      assertEquals(List.of(image), files.toList(), "no temporary file is left");
    }
    Files.delete(image);
    return e;
  }

  /** Walks both trees; compares what an image stores (mtimes at seconds) and hard-link groups. */
  static void assertSameTree(Tree expected, Tree actual) throws IOException {
    List<String> problems = new ArrayList<>();
    Map<Long, Long> keys = new HashMap<>();
    compare(expected, actual, expected.root(), actual.root(), problems, keys);
    assertEquals(List.of(), problems);
  }

  private static void compare(
      Tree expected, Tree actual, Entry a, Entry b, List<String> problems, Map<Long, Long> keys)
      throws IOException {
    Metadata x = a.metadata();
    Metadata y = b.metadata();
    String what =
        x.type()
            + " "
            + Integer.toOctalString(x.permissions())
            + " "
            + x.uid()
            + ":"
            + x.gid()
            + " "
            + x.mtime().getEpochSecond()
            + " "
            + x.size()
            + " "
            + x.symlinkTarget()
            + " "
            + x.rdevMajor()
            + ":"
            + x.rdevMinor()
            + " "
            + x.nlink();
    String got =
        y.type()
            + " "
            + Integer.toOctalString(y.permissions())
            + " "
            + y.uid()
            + ":"
            + y.gid()
            + " "
            + y.mtime().getEpochSecond()
            + " "
            + y.size()
            + " "
            + y.symlinkTarget()
            + " "
            + y.rdevMajor()
            + ":"
            + y.rdevMinor()
            + " "
            + y.nlink();
    if (!what.equals(got) || !a.path().equals(b.path())) {
      problems.add(a.path() + ": expected " + what + " but " + b.path() + " is " + got);
    }
    if (!x.sameXattrs(y)) {
      problems.add(a.path() + ": xattrs " + x.xattrs().keySet() + " vs " + y.xattrs().keySet());
    }
    if (!a.isDirectory()) {
      Long known = keys.putIfAbsent(x.linkKey(), y.linkKey());
      if (known != null && known != y.linkKey()) {
        problems.add(a.path() + ": not in the hard-link group it belongs to");
      }
    }
    switch (x.type()) {
      case FILE -> {
        try (InputStream ia = expected.open(a);
            InputStream ib = actual.open(b)) {
          if (!Arrays.equals(ia.readAllBytes(), ib.readAllBytes())) {
            problems.add(a.path() + ": content differs");
          }
        }
      }
      case DIRECTORY -> {
        List<Entry> as = expected.children(a);
        List<Entry> bs = actual.children(b);
        if (as.size() != bs.size()) {
          problems.add(a.path() + ": " + as.size() + " children but " + bs.size());
          return;
        }
        for (int i = 0; i < as.size(); i++) {
          compare(expected, actual, as.get(i), bs.get(i), problems, keys);
        }
      }
      default -> {}
    }
  }
}
