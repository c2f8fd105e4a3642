package io.github.squashtree.core.write;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.github.squashtree.core.internal.format.FileInode;
import io.github.squashtree.core.internal.read.ImageReader;
import io.github.squashtree.core.internal.read.ImageTree;
import io.github.squashtree.core.tree.Tree;
import io.github.squashtree.core.tree.TreeBuilder;
import io.github.squashtree.core.tree.TreeBuilder.Attributes;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Duplicate parts, as mksquashfs finds them: files that differ only in their tail share their
 * blocks, files whose tails are equal share the place in a fragment, whether the tree is written or
 * its content streamed.
 */
class SharedPartsTest {
  private static final int BLOCK = 4096;

  @TempDir Path tmp;

  private static byte[] random(int size, long seed) {
    byte[] b = new byte[size];
    new Random(seed).nextBytes(b);
    return b;
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] c = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, c, a.length, b.length);
    return c;
  }

  /** /a: blocks X, tail T; /b: X, tail U; /c: blocks Y, tail T; /d: T alone; /e: a's copy. */
  private static Tree tree() {
    byte[] x = random(3 * BLOCK, 1);
    byte[] y = random(2 * BLOCK, 2);
    byte[] t = random(700, 3);
    byte[] u = random(900, 4);
    return new TreeBuilder()
        .file("/a", concat(x, t), Attributes.FILE)
        .file("/b", concat(x, u), Attributes.FILE)
        .file("/c", concat(y, t), Attributes.FILE)
        .file("/d", t, Attributes.FILE)
        .file("/e", concat(x, t), Attributes.FILE)
        .build();
  }

  private FileInode inode(ImageReader image, String path) throws IOException {
    return (FileInode) image.lookup(path).orElseThrow();
  }

  @Test
  void withEveryTailInAFragmentBlocksAndTailsAreSharedSeparately() throws IOException {
    Path image = tmp.resolve("always.sqfs");
    WriteResult r =
        SquashfsWriter.write(
            tree(), image, SquashfsWriterTest.options().withFragments(FragmentMode.ALWAYS));
    assertEquals(1, r.duplicateFiles(), "/e is /a's duplicate; the others share parts only");
    try (ImageTree back = ImageTree.open(image)) {
      ImageReader img = back.image();
      FileInode a = inode(img, "/a");
      FileInode b = inode(img, "/b");
      FileInode c = inode(img, "/c");
      FileInode d = inode(img, "/d");
      assertEquals(a.blocksStart(), b.blocksStart(), "/b shares /a's blocks");
      assertArrayEquals(a.blockSizes(), b.blockSizes());
      assertNotEquals(a.fragmentOffset(), b.fragmentOffset(), "its own tail");
      assertNotEquals(a.blocksStart(), c.blocksStart());
      assertEquals(a.fragmentIndex(), c.fragmentIndex(), "/c shares /a's tail");
      assertEquals(a.fragmentOffset(), c.fragmentOffset());
      assertEquals(a.fragmentIndex(), d.fragmentIndex(), "and so does /d, a tail alone");
      assertEquals(a.fragmentOffset(), d.fragmentOffset());
      SquashfsWriterTest.assertSameTree(tree(), back);
    }
    // Stored: three blocks of X, two of Y, tails T and U.
    assertEquals(5, r.dataBlocks());
  }

  /** Shared parts are found alike when the content comes streamed, before its tree. */
  @ParameterizedTest
  @EnumSource(FragmentMode.class)
  void theTreeAndItsStreamedContentGiveTheSameImage(FragmentMode mode) throws IOException {
    WriterOptions o = SquashfsWriterTest.options().withFragments(mode);
    WriteResult direct = SquashfsWriter.write(tree(), tmp.resolve("direct.sqfs"), o);
    WriteResult streamed =
        StreamingWriteTest.writeStreamed(tree(), tmp.resolve("streamed.sqfs"), o);
    assertEquals(direct, streamed);
    assertArrayEquals(
        java.nio.file.Files.readAllBytes(tmp.resolve("direct.sqfs")),
        java.nio.file.Files.readAllBytes(tmp.resolve("streamed.sqfs")));
  }
}
