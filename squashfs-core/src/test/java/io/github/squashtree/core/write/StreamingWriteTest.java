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
