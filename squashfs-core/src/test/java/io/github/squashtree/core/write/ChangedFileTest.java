package io.github.squashtree.core.write;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.squashtree.core.host.DirectoryTree;
import io.github.squashtree.core.tree.Entry;
import io.github.squashtree.core.tree.ForwardingTree;
import io.github.squashtree.core.tree.Tree;
import io.github.squashtree.core.tree.TreeBuilder;
import io.github.squashtree.core.tree.TreeBuilder.Attributes;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A source file rewritten in place while it is read (same size) once gave a torn file and exit 0: a
 * write now fails naming it, whatever moment the change comes, and leaves no image.
 */
class ChangedFileTest {
  private static final int BLOCK = 4096;

  @TempDir Path tmp;

  private static byte[] random(int size, long seed) {
    byte[] b = new byte[size];
    new Random(seed).nextBytes(b);
    return b;
  }

  /** Rewrites {@code file} in place with other bytes of the same length, keeping its mtime. */
  private static void rewriteInPlace(Path file, long seed) {
    try {
      FileTime mtime = Files.getLastModifiedTime(file);
      long size = Files.size(file);
      try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
        ch.write(ByteBuffer.wrap(random((int) size, seed)), 0);
      }
      Files.setLastModifiedTime(file, mtime); // as a careful rewriter would: only ctime tells
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Path source() throws IOException {
    Path src = Files.createDirectory(tmp.resolve("src"));
    Files.write(src.resolve("a"), random(3 * BLOCK + 100, 1));
    Files.write(src.resolve("big"), random(20 * BLOCK + 7, 2));
    Files.write(src.resolve("z"), random(10, 3));
    return src;
  }

  /** A directory tree whose {@code victim} is rewritten after {@code after} bytes were read. */
  private static Tree rewritingWhileRead(DirectoryTree dir, String victim, int after) {
    return new ForwardingTree(dir) {
      @Override
      public InputStream open(Entry file) throws IOException {
        InputStream in = super.open(file);
        if (!file.path().equals(victim)) {
          return in;
        }
        return new FilterInputStream(in) {
          long read;
          boolean rewritten;

          @Override
          public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            read += Math.max(n, 0);
            if (!rewritten && read >= after) {
              rewritten = true;
              rewriteInPlace(dir.hostPath(file.path()), 99);
            }
            return n;
          }
        };
      }
    };
  }

  private void assertFailsNaming(Tree tree, String name) throws IOException {
    Path image = tmp.resolve("out.sqfs");
    IOException e =
        assertThrows(
            IOException.class,
            () ->
                SquashfsWriter.write(tree, image, SquashfsWriterTest.options().withProcessors(1)));
    assertTrue(e.getMessage().contains(name), e.getMessage());
    assertTrue(e.getMessage().contains("changed"), e.getMessage());
    try (Stream<Path> files = Files.list(tmp)) {
      assertEquals(List.of(tmp.resolve("src")), files.toList(), "no image, no temporary file");
    }
  }

  @Test
  void aFileRewrittenInPlaceWhileReadFailsTheWriteNamingIt() throws IOException {
    Path src = source();
    try (DirectoryTree dir = DirectoryTree.open(src)) {
      assertFailsNaming(rewritingWhileRead(dir, "/big", 5 * BLOCK), "big");
    }
  }

  @Test
  void aFileRewrittenBetweenListingAndReadingFailsTheWrite() throws IOException {
    Path src = source();
    try (DirectoryTree dir = DirectoryTree.open(src)) {
      Tree tree =
          new ForwardingTree(dir) {
            @Override
            public List<Entry> children(Entry directory) throws IOException {
              List<Entry> listed = super.children(directory);
              if (directory.path().equals("/")) {
                rewriteInPlace(src.resolve("z"), 5);
                // a new mtime too, else only ctime (not listed) would tell, when it is read
                Files.setLastModifiedTime(src.resolve("z"), FileTime.fromMillis(1000));
              }
              return listed;
            }
          };
      assertFailsNaming(tree, "z");
    }
  }

  /** The host tree alone: a rewrite between two reads of the stream fails its close. */
  @Test
  void closingTheStreamOfAFileRewrittenMeanwhileFails() throws IOException {
    Path src = source();
    try (DirectoryTree dir = DirectoryTree.open(src)) {
      Entry a = dir.lookup("/a").orElseThrow();
      InputStream in = dir.open(a);
      in.readNBytes(100);
      rewriteInPlace(src.resolve("a"), 7);
      in.readAllBytes();
      FileSystemException e = assertThrows(FileSystemException.class, in::close);
      assertTrue(e.getMessage().startsWith(src.resolve("a") + ": file changed while it was read"));
      // Unchanged, or removed once open (what was read is whole), a read closes cleanly.
      Entry big = dir.lookup("/big").orElseThrow();
      try (InputStream again = dir.open(big)) {
        assertEquals(20 * BLOCK + 7, again.readAllBytes().length);
      }
      try (InputStream gone = dir.open(big)) {
        Files.delete(src.resolve("big"));
        assertEquals(20 * BLOCK + 7, gone.readAllBytes().length);
      }
    }
  }

  /**
   * Any tree: a file whose first block matches stored blocks is read once to digest it and again to
   * store it; content that differs between the two is a change, not a torn file.
   */
  @Test
  void contentThatDiffersBetweenTwoReadsFailsTheWrite() throws IOException {
    byte[] y = random(3 * BLOCK, 4);
    byte[] first = y.clone();
    first[BLOCK + 1] ^= 1; // /b begins as /a does, but is not /a
    byte[] second = first.clone();
    second[2 * BLOCK + 5] ^= 1;
    int[] opened = {0};
    // Reads of /b: its first block, the digest (which differs from /a's), then the one stored.
    Tree tree =
        new TreeBuilder()
            .file("/a", y, Attributes.FILE)
            .file(
                "/b",
                first.length,
                () -> new ByteArrayInputStream(opened[0]++ < 2 ? first : second),
                Attributes.FILE)
            .build();
    Path image = tmp.resolve("out.sqfs");
    IOException e =
        assertThrows(
            IOException.class,
            () -> SquashfsWriter.write(tree, image, SquashfsWriterTest.options()));
    assertEquals("/b: file changed while it was read", e.getMessage());
    assertTrue(Files.notExists(image));
    assertEquals(3, opened[0]);
    // The same bytes every time, it is written as it is.
    opened[0] = -100;
    SquashfsWriter.write(tree, image, SquashfsWriterTest.options());
    try (Tree back = io.github.squashtree.core.internal.read.ImageTree.open(image);
        InputStream in = back.open(back.lookup("/b").orElseThrow())) {
      assertArrayEquals(first, in.readAllBytes());
    }
  }
}
