package io.github.squashtree.core.write;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.squashtree.core.tree.Entry;
import io.github.squashtree.core.tree.EntryType;
import io.github.squashtree.core.tree.NameOrder;
import io.github.squashtree.core.tree.Tree;
import io.github.squashtree.core.tree.TreeBuilder;
import io.github.squashtree.core.tree.TreeBuilder.Attributes;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

class ReadAheadTest {
  private static final Predicate<Entry> SMALL = e -> e.metadata().size() <= 100;

  @Test
  void givesWhatTheTreeHoldsInTheWritersOrder() throws IOException {
    Random random = new Random(11);
    TreeBuilder b = new TreeBuilder();
    for (String path : List.of("/z", "/a/b/c", "/a/b/d", "/a/e", "/m/n", "/m/o/p", "/b")) {
      byte[] content = new byte[random.nextInt(200)];
      random.nextBytes(content);
      b.file(path, content, Attributes.FILE);
    }
    Tree tree =
        b.directory("/empty", Attributes.DIRECTORY).symlink("/l", "z", Attributes.SYMLINK).build();
    try (ReadAhead walk = new ReadAhead(tree, e -> tree.open(e).readAllBytes(), SMALL, 1000)) {
      int[] read = {0};
      visit(tree, walk, walk.root(), read);
      assertTrue(read[0] > 0, "some files are small enough to be read ahead");
    }
  }

  /** Walks as TreeCollector does, checking each step against the tree itself. */
  private static void visit(Tree tree, ReadAhead walk, Entry directory, int[] read)
      throws IOException {
    List<Entry> expected = new ArrayList<>(tree.children(directory));
    expected.sort(NameOrder.ENTRIES);
    List<Entry> children = walk.children(directory);
    assertEquals(
        expected.stream().map(Entry::path).toList(), children.stream().map(Entry::path).toList());
    for (Entry child : children) {
      if (child.isDirectory()) {
        visit(tree, walk, child, read);
      } else if (walk.readsWhole(child)) {
        assertArrayEquals(tree.open(child).readAllBytes(), walk.content(child));
        read[0]++;
      } else {
        assertFalse(child.type() == EntryType.FILE && SMALL.test(child), child.path());
      }
    }
  }

  @Test
  void askingOutOfStepIsABug() throws IOException {
    Tree tree =
        new TreeBuilder()
            .file("/a", new byte[3], Attributes.FILE)
            .file("/b", new byte[3], Attributes.FILE)
            .build();
    try (ReadAhead walk = new ReadAhead(tree, e -> tree.open(e).readAllBytes(), SMALL, 1000)) {
      List<Entry> children = walk.children(walk.root());
      assertThrows(IllegalStateException.class, () -> walk.content(children.get(1)));
    }
  }

  @Test
  void holdsAtMostTheBudgetReadAhead() throws IOException {
    AtomicInteger opened = new AtomicInteger();
    Tree tree = twentyFilesOf100Bytes(opened);
    // The root's listing takes one byte of the budget, each file 100: three files fit in 350.
    try (ReadAhead walk = new ReadAhead(tree, e -> tree.open(e).readAllBytes(), SMALL, 350)) {
      assertSettlesAt(3, opened);
      List<Entry> children = walk.children(walk.root());
      assertSettlesAt(3, opened);
      walk.content(children.get(0));
      assertSettlesAt(4, opened);
      for (Entry child : children.subList(1, children.size())) {
        walk.content(child);
      }
      assertEquals(20, opened.get());
    }
  }

  @Test
  void aFailureReachesTheWriterAtItsStepAndEveryLaterOne() throws IOException {
    Tree tree =
        new TreeBuilder()
            .file("/a", new byte[5], Attributes.FILE)
            .file(
                "/b/x",
                5,
                () -> {
                  throw new IOException("/b/x: Permission denied");
                },
                Attributes.FILE)
            .file("/c", new byte[5], Attributes.FILE)
            .build();
    try (ReadAhead walk = new ReadAhead(tree, e -> tree.open(e).readAllBytes(), SMALL, 1000)) {
      List<Entry> top = walk.children(walk.root());
      assertEquals(5, walk.content(top.get(0)).length);
      List<Entry> inB = walk.children(top.get(1));
      IOException e = assertThrows(IOException.class, () -> walk.content(inB.get(0)));
      assertTrue(e.getMessage().contains("Permission denied"), e.getMessage());
      assertThrows(IOException.class, () -> walk.content(top.get(2)));
    }
  }

  @Test
  void closeStopsTheWalkBeforeItEnds() throws IOException {
    AtomicInteger opened = new AtomicInteger();
    Tree tree = twentyFilesOf100Bytes(opened);
    ReadAhead walk = new ReadAhead(tree, e -> tree.open(e).readAllBytes(), SMALL, 250);
    assertSettlesAt(2, opened);
    walk.close();
    assertFalse(
        Thread.getAllStackTraces().keySet().stream()
            .anyMatch(t -> t.getName().equals("sqfs-read-ahead") && t.isAlive()),
        "the walk's thread ended");
    assertEquals(2, opened.get());
  }

  /** Twenty files of 100 bytes in the root, counting in {@code opened} how often one is opened. */
  private static Tree twentyFilesOf100Bytes(AtomicInteger opened) {
    TreeBuilder b = new TreeBuilder();
    for (int i = 0; i < 20; i++) {
      b.file(
          "/f" + (char) ('a' + i),
          100,
          () -> {
            opened.incrementAndGet();
            return new ByteArrayInputStream(new byte[100]);
          },
          Attributes.FILE);
    }
    return b.build();
  }

  /** Waits until {@code count} reaches {@code expected} and stays there a moment. */
  private static void assertSettlesAt(int expected, AtomicInteger count) {
    waitUntil(() -> count.get() >= expected);
    try {
      Thread.sleep(100);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    assertEquals(expected, count.get());
  }

  private static void waitUntil(BooleanSupplier condition) {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
