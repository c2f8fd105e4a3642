package io.github.squashtree.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.squashtree.core.host.DirectoryTree;
import io.github.squashtree.core.internal.read.ImageTree;
import io.github.squashtree.core.tree.ForwardingTree;
import io.github.squashtree.core.tree.TimePrecision;
import io.github.squashtree.core.tree.Tree;
import io.github.squashtree.core.write.FragmentMode;
import io.github.squashtree.core.write.SquashfsWriter;
import io.github.squashtree.core.write.WriterOptions;
import io.github.squashtree.fixtures.Mksquashfs;
import io.github.squashtree.fixtures.Require;
import io.github.squashtree.fixtures.TreeAssertions;
import io.github.squashtree.fixtures.TreeComparison;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Duplicate detection finds what mksquashfs finds, in every fragment mode: our image of trees full
 * of duplicates and near-duplicates has the size of mksquashfs's. With {@code
 * -always-use-fragments} mksquashfs shares the blocks of files whose tails differ and the tails of
 * files whose blocks differ; the writer once found only whole duplicates there (2,666,496 bytes
 * against mksquashfs's 438,272 for 30 equal files and files sharing their first blocks).
 */
class DuplicateSizesIT {
  private static final int BLOCK = 131072;
  private static final FileTime T = FileTime.fromMillis(1_700_000_000_000L);

  @TempDir static Path tmp;
  static Path random;
  static Path text;
  static Path zeroTails;

  @BeforeAll
  static void makeTrees() throws IOException {
    random = build(tmp.resolve("random"), false);
    text = build(tmp.resolve("text"), true);
    zeroTails = Files.createDirectories(tmp.resolve("zero-tails"));
    byte[] first = bytes(new Random(3), BLOCK, false);
    write(zeroTails.resolve("a"), concat(first, new byte[100]));
    write(zeroTails.resolve("b"), concat(first, new byte[2000]));
    write(zeroTails.resolve("c"), concat(first, new byte[BLOCK]));
  }

  /**
   * The tree and its relatives: 30 equal files of 267,144 bytes; files sharing their first
   * two blocks with tails of other sizes; files with other blocks but the same tail; small files
   * equal to a tail; files whose last block is a hole of another length; all-zero files of several
   * sizes; a file of whole blocks that starts as the 30 do.
   */
  private static Path build(Path dir, boolean compressible) throws IOException {
    Files.createDirectories(dir.resolve("sub"));
    Random r = new Random(compressible ? 2 : 1);
    byte[] base = bytes(r, 267_144, compressible);
    byte[] tail = Arrays.copyOfRange(base, 2 * BLOCK, base.length);
    for (int i = 0; i < 30; i++) {
      write(dir.resolve(String.format("same%02d", i)), base);
    }
    for (int i = 0; i < 10; i++) {
      write(
          dir.resolve("prefix" + i),
          concat(Arrays.copyOf(base, 2 * BLOCK), bytes(r, 1000 + 300 * i, compressible)));
    }
    for (int i = 0; i < 4; i++) {
      write(dir.resolve("sub/tail" + i), concat(bytes(r, BLOCK * (1 + i % 2), compressible), tail));
    }
    write(dir.resolve("sub/small-as-tail"), tail);
    write(dir.resolve("sub/small-as-tail-again"), tail);
    byte[] first = Arrays.copyOf(base, BLOCK);
    write(dir.resolve("hole-a"), concat(concat(first, first), new byte[100]));
    write(dir.resolve("hole-b"), concat(concat(first, first), new byte[BLOCK]));
    for (int size : new int[] {10, 5000, BLOCK, BLOCK + 7}) {
      write(dir.resolve("zeros" + size), new byte[size]);
    }
    write(dir.resolve("whole-blocks"), Arrays.copyOf(base, 2 * BLOCK));
    try (var all = Files.walk(dir)) {
      for (Path p : all.toList()) {
        Files.setLastModifiedTime(p, T);
      }
    }
    return dir;
  }

  private static byte[] bytes(Random r, int size, boolean compressible) {
    byte[] b = new byte[size];
    if (compressible) {
      for (int i = 0; i < size; i++) {
        b[i] = (byte) ('a' + r.nextInt(4));
      }
    } else {
      r.nextBytes(b);
    }
    return b;
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] c = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, c, a.length, b.length);
    return c;
  }

  private static void write(Path p, byte[] content) throws IOException {
    Files.write(p, content);
  }

  @ParameterizedTest
  @EnumSource(FragmentMode.class)
  void sizesAreMksquashfsSizesForIncompressibleContent(FragmentMode mode) throws IOException {
    assertSameSizeAsMksquashfs(random, mode);
  }

  @ParameterizedTest
  @EnumSource(FragmentMode.class)
  void sizesAreMksquashfsSizesForCompressibleContent(FragmentMode mode) throws IOException {
    assertSameSizeAsMksquashfs(text, mode);
  }

  /**
   * mksquashfs stores an all-zero tail as a hole block, not in a fragment, and then never finds the
   * blocks of such files equal (it looks for a block count without the hole); the writer keeps the
   * tail in a fragment and shares the blocks, so its image is smaller there, and the same size in
   * the other modes, where the holes are blocks in both.
   */
  @ParameterizedTest
  @EnumSource(FragmentMode.class)
  void filesWithAllZeroTailsShareTheirBlocksAsMksquashfsDoesOrBetter(FragmentMode mode)
      throws IOException {
    long[] sizes = sizes(zeroTails, mode);
    if (mode == FragmentMode.ALWAYS) {
      assertEquals(
          sizes[0] - BLOCK, sizes[1], "one block stored once, where mksquashfs stores it twice");
    } else {
      assertEquals(sizes[0], sizes[1]);
    }
  }

  private static void assertSameSizeAsMksquashfs(Path source, FragmentMode mode)
      throws IOException {
    long[] sizes = sizes(source, mode);
    assertEquals(sizes[0], sizes[1], source.getFileName() + "-" + mode + ": image sizes");
  }

  /** The sizes of mksquashfs's image of {@code source} and ours, in {@code mode}; checks ours. */
  private static long[] sizes(Path source, FragmentMode mode) throws IOException {
    Require.tool("mksquashfs");
    String name = source.getFileName() + "-" + mode;
    Path theirs = tmp.resolve(name + "-mksquashfs.sqfs");
    List<String> flag =
        switch (mode) {
          case NONE -> List.of("-no-fragments");
          case ALWAYS -> List.of("-always-use-fragments");
          case SMALL_FILES -> List.of();
        };
    Mksquashfs.make(source, theirs, flag);
    Path ours = tmp.resolve(name + "-ours.sqfs");
    try (Tree tree = DirectoryTree.open(source)) {
      SquashfsWriter.write(
          tree,
          ours,
          WriterOptions.defaults().withFragments(mode).withMkfsTime(OptionalLong.of(0)));
    }
    try (Tree expected =
            ForwardingTree.withPrecision(DirectoryTree.open(source), TimePrecision.SECONDS);
        Tree back = ImageTree.open(ours)) {
      TreeAssertions.assertTreesEqual(expected, back, TreeComparison.strict().ignoreOwners());
    }
    return new long[] {Files.size(theirs), Files.size(ours)};
  }
}
