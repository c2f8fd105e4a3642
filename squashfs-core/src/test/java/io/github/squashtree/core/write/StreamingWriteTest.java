package io.github.squashtree.core.write;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.squashtree.core.image.SquashfsImage;
import io.github.squashtree.core.tree.Entry;
import io.github.squashtree.core.tree.EntryType;
import io.github.squashtree.core.tree.ForwardingTree;
import io.github.squashtree.core.tree.StoredContent;
import io.github.squashtree.core.tree.Tree;
import io.github.squashtree.core.tree.TreeBuilder;
import io.github.squashtree.core.tree.TreeBuilder.Attributes;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class StreamingWriteTest {
  @TempDir Path tmp;

  /**
   * The regular files of {@code tree} in the order a writer walks it (names sorted, depth first).
   */
  private static List<Entry> filesInWalkOrder(Tree tree) throws IOException {
    List<Entry> files = new ArrayList<>();
    collect(tree, tree.root(), files);
    return files;
  }

  private static void collect(Tree tree, Entry dir, List<Entry> out) throws IOException {
    for (Entry child : tree.children(dir)) {
      if (child.isDirectory()) {
        collect(tree, child, out);
      } else if (child.type() == EntryType.FILE) {
        out.add(child);
      }
    }
  }

  /**
   * {@code tree} with the content of {@code files} streamed into {@code write} in that order: the
   * tree then names it, as a tar source's tree does. Hard links stream once.
   */
  private static Tree streamed(StreamingWrite write, Tree tree, List<Entry> files)
      throws IOException {
    Map<Long, StoredContent> byLink = new HashMap<>();
    Map<String, StoredContent> byPath = new HashMap<>();
    for (Entry f : files) {
      long key = f.metadata().linkKey();
      StoredContent c = f.metadata().nlink() > 1 ? byLink.get(key) : null;
      if (c == null) {
        try (InputStream in = tree.open(f)) {
          c = write.content(in, f.metadata().size());
        }
        if (f.metadata().nlink() > 1) {
          byLink.put(key, c);
        }
      }
      byPath.put(f.path(), c);
    }
    return new ForwardingTree(tree) {
      @Override
      public InputStream open(Entry file) {
        throw new AssertionError("read again: " + file.path());
      }

      @Override
      public Optional<StoredContent> storedContent(Entry file) {
        return Optional.ofNullable(byPath.get(file.path()));
      }
    };
  }

  /** {@code tree} written through a streaming write, its content streamed in walk order. */
  static WriteResult writeStreamed(Tree tree, Path image, WriterOptions options)
      throws IOException {
    try (StreamingWrite write = SquashfsWriter.begin(image, options)) {
      return write.finish(streamed(write, tree, filesInWalkOrder(tree)));
    }
  }

  private static WriterOptions options(FragmentMode mode) {
    return SquashfsWriterTest.options().withFragments(mode);
  }

  @ParameterizedTest
  @EnumSource(FragmentMode.class)
  void contentStreamedInWalkOrderGivesTheBytesOfAWriteOfTheTree(FragmentMode mode)
      throws IOException {
    Tree tree = SquashfsWriterTest.sample();
    Path direct = tmp.resolve("direct.sqfs");
    WriteResult expected = SquashfsWriter.write(tree, direct, options(mode));
    Path viaStream = tmp.resolve("streamed.sqfs");
    WriteResult actual;
    try (StreamingWrite write = SquashfsWriter.begin(viaStream, options(mode))) {
      actual = write.finish(streamed(write, tree, filesInWalkOrder(tree)));
    }
    assertArrayEquals(Files.readAllBytes(direct), Files.readAllBytes(viaStream));
    assertEquals(expected, actual);
  }

  @Test
  void contentInAnyOrderGivesTheSameTreeAndTheSameBytesAtAnyThreadCount() throws IOException {
    Tree tree = SquashfsWriterTest.sample();
    List<Entry> shuffled = new ArrayList<>(filesInWalkOrder(tree));
    Collections.shuffle(shuffled, new Random(3));
    byte[] first = null;
    for (int threads : new int[] {1, 2, 5}) {
      Path image = tmp.resolve("shuffled-" + threads + ".sqfs");
      try (StreamingWrite write =
          SquashfsWriter.begin(image, SquashfsWriterTest.options().withProcessors(threads))) {
        write.finish(streamed(write, tree, shuffled));
      }
      try (SquashfsImage read = SquashfsImage.open(image)) {
        assertSameTree(tree, read);
      }
      byte[] bytes = Files.readAllBytes(image);
      if (first == null) {
        first = bytes;
      } else {
        assertArrayEquals(first, bytes, threads + " threads");
      }
    }
  }

  private static void assertSameTree(Tree expected, Tree actual) throws IOException {
    List<Entry> a = filesInWalkOrder(expected);
    List<Entry> b = filesInWalkOrder(actual);
    assertEquals(a.stream().map(Entry::path).toList(), b.stream().map(Entry::path).toList());
    for (int i = 0; i < a.size(); i++) {
      try (InputStream x = expected.open(a.get(i));
          InputStream y = actual.open(b.get(i))) {
        assertArrayEquals(x.readAllBytes(), y.readAllBytes(), a.get(i).path());
      }
    }
  }

  @ParameterizedTest
  @EnumSource(FragmentMode.class)
  void aDuplicateIsStoredOnceEvenWhenItsBlocksWereWrittenFirst(FragmentMode mode)
      throws IOException {
    Random random = new Random(11);
    byte[] big = new byte[3 * 4096 + 100];
    random.nextBytes(big);
    byte[] small = new byte[700];
    random.nextBytes(small);
    byte[] almost = big.clone();
    almost[big.length - 1] ^= 1; // same size, differs in the tail only
    byte[] sameBlocksOtherTail = big.clone();
    sameBlocksOtherTail[5000] ^= 1; // differs in a block
    TreeBuilder b = new TreeBuilder();
    // Arrival order: a, small, then the copies, between other content.
    String[] order = {"/a", "/s1", "/almost", "/b", "/s2", "/other", "/c"};
    byte[][] content = {big, small, almost, big, small, sameBlocksOtherTail, big};
    for (int i = 0; i < order.length; i++) {
      b.file(order[i], content[i], Attributes.FILE);
    }
    Tree tree = b.build();
    List<Entry> arrival = new ArrayList<>();
    for (String p : order) {
      arrival.add(tree.lookup(p).orElseThrow());
    }
    Path image = tmp.resolve("dups.sqfs");
    WriteResult r;
    try (StreamingWrite write = SquashfsWriter.begin(image, options(mode))) {
      r = write.finish(streamed(write, tree, arrival));
    }
    assertEquals(3, r.duplicateFiles());
    try (SquashfsImage read = SquashfsImage.open(image)) {
      assertSameTree(tree, read);
    }
    // Only one copy of each content is stored: the same image as without the copies.
    Path without = tmp.resolve("without.sqfs");
    try (StreamingWrite write = SquashfsWriter.begin(without, options(mode))) {
      List<Entry> firsts = arrival.subList(0, 3);
      TreeBuilder w = new TreeBuilder();
      for (int i = 0; i < 3; i++) {
        w.file(order[i], content[i], Attributes.FILE);
      }
      w.file("/other", sameBlocksOtherTail, Attributes.FILE);
      Tree t = w.build();
      List<Entry> files = new ArrayList<>();
      for (Entry e : firsts) {
        files.add(t.lookup(e.path()).orElseThrow());
      }
      files.add(t.lookup("/other").orElseThrow());
      write.finish(streamed(write, t, files));
    }
    long tables = 4096; // the tables of seven names against four differ by less than this
    assertTrue(
        Math.abs(Files.size(image) - Files.size(without)) <= tables,
        Files.size(image) + " against " + Files.size(without));
  }

  /** Many small files, a third of them copies of one far back: in fragments written long ago. */
  @ParameterizedTest
  @EnumSource(FragmentMode.class)
  void duplicatesOfTailsInFragmentsWrittenLongAgoAreFound(FragmentMode mode) throws IOException {
    Random random = new Random(17);
    TreeBuilder b = new TreeBuilder();
    List<byte[]> contents = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      byte[] c;
      if (i % 3 == 2) {
        c = contents.get(random.nextInt(contents.size()));
      } else {
        c = new byte[1 + random.nextInt(6000)];
        random.nextBytes(c);
        contents.add(c);
      }
      b.file(String.format("/f%03d", i), c, Attributes.FILE);
    }
    Tree tree = b.build();
    Path direct = tmp.resolve("direct.sqfs");
    WriteResult expected = SquashfsWriter.write(tree, direct, options(mode));
    Path viaStream = tmp.resolve("streamed.sqfs");
    WriteResult actual;
    try (StreamingWrite write = SquashfsWriter.begin(viaStream, options(mode))) {
      actual = write.finish(streamed(write, tree, filesInWalkOrder(tree)));
    }
    assertEquals(expected.duplicateFiles(), actual.duplicateFiles());
    assertTrue(actual.duplicateFiles() >= 100, actual.toString());
    assertArrayEquals(Files.readAllBytes(direct), Files.readAllBytes(viaStream));
  }

  @Test
  void aSparseFileGivenByItsDataRangesIsTheImageOfItsWholeContent() throws IOException {
    byte[] content = new byte[20 * 4096 + 100];
    Arrays.fill(content, 5 * 4096 + 7, 5 * 4096 + 50, (byte) 1); // data inside block 5
    Arrays.fill(content, 20 * 4096, content.length, (byte) 2); // and the tail
    Tree tree = new TreeBuilder().file("/s", content, Attributes.FILE).build();
    Path direct = tmp.resolve("direct.sqfs");
    SquashfsWriter.write(tree, direct, SquashfsWriterTest.options());
    long[] ranges = {5 * 4096 + 7, 43, 20 * 4096, 100};
    byte[] data = new byte[143];
    Arrays.fill(data, 0, 43, (byte) 1);
    Arrays.fill(data, 43, 143, (byte) 2);
    Path streamedImage = tmp.resolve("ranges.sqfs");
    try (StreamingWrite write = SquashfsWriter.begin(streamedImage, SquashfsWriterTest.options())) {
      StoredContent c = write.content(new ByteArrayInputStream(data), content.length, ranges);
      write.finish(
          new ForwardingTree(tree) {
            @Override
            public Optional<StoredContent> storedContent(Entry file) {
              return Optional.of(c);
            }
          });
    }
    assertArrayEquals(Files.readAllBytes(direct), Files.readAllBytes(streamedImage));
    // Ranges out of order are refused before anything is read.
    try (StreamingWrite write =
        SquashfsWriter.begin(tmp.resolve("bad.sqfs"), SquashfsWriterTest.options())) {
      assertThrows(
          IllegalArgumentException.class,
          () ->
              write.content(
                  new ByteArrayInputStream(data), content.length, new long[] {100, 1, 50, 1}));
    }
  }

  @Test
  void aTerabyteOfHolesCostsItsBlockCountNotItsSize() throws IOException {
    long size = 1L << 40;
    Path image = tmp.resolve("huge.sqfs");
    long start = System.nanoTime();
    try (StreamingWrite write =
        SquashfsWriter.begin(
            image, WriterOptions.defaults().withBlockSize(1 << 20).withProcessors(2))) {
      StoredContent c =
          write.content(new ByteArrayInputStream(new byte[] {9}), size, new long[] {size - 1, 1});
      Tree tree =
          new TreeBuilder()
              .file("/huge", size, () -> InputStream.nullInputStream(), Attributes.FILE)
              .build();
      write.finish(
          new ForwardingTree(tree) {
            @Override
            public Optional<StoredContent> storedContent(Entry file) {
              return Optional.of(c);
            }
          });
    }
    assertTrue(System.nanoTime() - start < 60_000_000_000L, "a minute at most");
    try (SquashfsImage img = SquashfsImage.open(image)) {
      Entry huge = img.lookup("/huge").orElseThrow();
      assertEquals(size, huge.metadata().size());
      byte[] last = new byte[2];
      assertEquals(1, img.read(huge, size - 1, last, 0, 2));
      assertEquals(9, last[0]);
      assertArrayEquals(
          new long[] {size - (1 << 20), 1 << 20}, img.storedRanges(huge)); // its last block
    }
    // Beyond the block bound: refused at once.
    try (StreamingWrite write =
        SquashfsWriter.begin(tmp.resolve("x.sqfs"), SquashfsWriterTest.options())) {
      IOException e =
          assertThrows(
              IOException.class,
              () -> write.content(InputStream.nullInputStream(), size, new long[0]));
      assertTrue(e.getMessage().contains("a larger block size holds them"), e.getMessage());
    }
  }

  @Test
  void contentEndingEarlyFailsAndClosingLeavesNoImage() throws IOException {
    Path image = tmp.resolve("short.sqfs");
    Files.writeString(image, "old");
    try (StreamingWrite write = SquashfsWriter.begin(image, SquashfsWriterTest.options())) {
      write.content(new ByteArrayInputStream(new byte[10_000]), 10_000);
      EOFException e =
          assertThrows(
              EOFException.class,
              () -> write.content(new ByteArrayInputStream(new byte[5000]), 9000));
      assertTrue(e.getMessage().contains("5000 of 9000"), e.getMessage());
    }
    assertEquals("old", Files.readString(image));
    try (Stream<Path> left = Files.list(tmp)) {
      assertEquals(List.of(image), left.toList());
    }
  }

  @Test
  void aTreeThatNamesContentOfAnotherSizeIsRefused() throws IOException {
    Path image = tmp.resolve("size.sqfs");
    try (StreamingWrite write = SquashfsWriter.begin(image, SquashfsWriterTest.options())) {
      StoredContent c = write.content(new ByteArrayInputStream(new byte[10]), 10);
      Tree tree = new TreeBuilder().file("/f", new byte[11], Attributes.FILE).build();
      Tree naming =
          new ForwardingTree(tree) {
            @Override
            public Optional<StoredContent> storedContent(Entry file) {
              return Optional.of(c);
            }
          };
      IOException e = assertThrows(IOException.class, () -> write.finish(naming));
      assertTrue(e.getMessage().startsWith("/f: 11 bytes"), e.getMessage());
    }
    assertFalse(Files.exists(image));
  }
}
