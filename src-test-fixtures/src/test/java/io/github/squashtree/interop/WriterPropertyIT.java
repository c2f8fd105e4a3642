package io.github.squashtree.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import io.github.squashtree.core.compression.Compression;
import io.github.squashtree.core.internal.read.ImageTree;
import io.github.squashtree.core.tree.Tree;
import io.github.squashtree.core.tree.TreeBuilder;
import io.github.squashtree.core.tree.TreeBuilder.Attributes;
import io.github.squashtree.core.write.FragmentMode;
import io.github.squashtree.core.write.SquashfsWriter;
import io.github.squashtree.core.write.WriterOptions;
import io.github.squashtree.fixtures.TreeAssertions;
import io.github.squashtree.fixtures.TreeComparison;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * Random trees (names, sizes around block boundaries, holes, duplicates, hard links, xattrs, every
 * entry kind) written with random codecs, block sizes and options read back equal, and give the
 * same bytes with 1 and 4 threads.
 */
class WriterPropertyIT {
  private static final Compression[] CODECS = Compression.values();
  private static final String[] NAME_PARTS = {"a", "B", "z", "é", "~", "\uD83D\uDE00", "dir", "-"};

  @Property(tries = 15)
  void randomTreesReadBackEqualAndDoNotDependOnThreads(
      @ForAll long seed, @ForAll @IntRange(min = 12, max = 17) int blockLog) throws IOException {
    Random random = new Random(seed);
    int block = 1 << blockLog;
    Tree tree = randomTree(random, block);
    WriterOptions options =
        WriterOptions.defaults()
            .withBlockSize(block)
            .withCompression(CODECS[random.nextInt(CODECS.length)], null)
            .withFragments(FragmentMode.values()[random.nextInt(3)])
            .withDeduplicate(random.nextBoolean())
            .withExportTable(random.nextBoolean());
    Path work = Files.createTempDirectory("writer-property");
    try {
      Path one = work.resolve("one.sqfs");
      Path four = work.resolve("four.sqfs");
      SquashfsWriter.write(tree, one, options.withProcessors(1));
      SquashfsWriter.write(tree, four, options.withProcessors(4));
      assertArrayEquals(Files.readAllBytes(one), Files.readAllBytes(four), "1 vs 4 threads");
      try (ImageTree actual = ImageTree.open(four)) {
        TreeAssertions.assertTreesEqual(tree, actual, TreeComparison.strict());
      }
    } finally {
      try (var s = Files.walk(work)) {
        for (Path p : s.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
          Files.delete(p);
        }
      }
    }
  }

  static Tree randomTree(Random random, int block) {
    TreeBuilder b = new TreeBuilder();
    List<String> dirs = new ArrayList<>(List.of(""));
    List<String> files = new ArrayList<>();
    List<String> used = new ArrayList<>();
    int count = 5 + random.nextInt(60);
    byte[] shared = bytes(random, block + 7);
    for (int i = 0; i < count; i++) {
      String dir = dirs.get(random.nextInt(dirs.size()));
      String path = dir + "/" + name(random, i);
      used.add(path);
      Attributes a = attributes(random);
      switch (random.nextInt(10)) {
        case 0, 1 -> {
          b.directory(path, a.mtime(a.mtime()));
          dirs.add(path);
        }
        case 2 -> b.symlink(path, "target-" + random.nextInt(1000), Attributes.SYMLINK);
        case 3 -> {
          switch (random.nextInt(4)) {
            case 0 -> b.blockDevice(path, random.nextInt(4096), random.nextInt(1 << 20), a);
            case 1 -> b.charDevice(path, 0, 0, Attributes.of(0));
            case 2 -> b.fifo(path, a);
            default -> b.socket(path, a);
          }
        }
        case 4 -> {
          if (files.isEmpty()) {
            b.fifo(path, a);
          } else {
            b.hardLink(path, files.get(random.nextInt(files.size())));
          }
        }
        case 5 -> {
          b.file(path, shared, a); // duplicates
          files.add(path);
        }
        default -> {
          b.file(path, content(random, block), a);
          files.add(path);
        }
      }
    }
    return b.build();
  }

  private static String name(Random random, int i) {
    StringBuilder s = new StringBuilder();
    int parts = 1 + random.nextInt(3);
    for (int k = 0; k < parts; k++) {
      s.append(NAME_PARTS[random.nextInt(NAME_PARTS.length)]);
    }
    if (random.nextInt(20) == 0) {
      s.append("x".repeat(230));
    }
    return s.append(i).toString();
  }

  /** Sizes around block boundaries; some content all zeros (holes), some compressible. */
  private static byte[] content(Random random, int block) {
    int[] sizes = {
      0, 1, block - 1, block, block + 1, 2 * block, 3 * block - 1, random.nextInt(5000)
    };
    int size = sizes[random.nextInt(sizes.length)];
    return switch (random.nextInt(3)) {
      case 0 -> new byte[size];
      case 1 -> {
        byte[] text = new byte[size];
        for (int i = 0; i < size; i++) {
          text[i] = (byte) ('a' + (i * 7 + i / 13) % 26);
        }
        yield text;
      }
      default -> bytes(random, size);
    };
  }

  private static byte[] bytes(Random random, int size) {
    byte[] b = new byte[size];
    random.nextBytes(b);
    return b;
  }

  private static Attributes attributes(Random random) {
    Attributes a =
        Attributes.of(random.nextInt(07777 + 1))
            .owner(random.nextInt(3) * 1000L, random.nextInt(3) * 100_000L)
            .mtime(Instant.ofEpochSecond(random.nextInt(Integer.MAX_VALUE), random.nextInt(1000)));
    int xattrs = random.nextInt(4);
    for (int i = 0; i < xattrs; i++) {
      String ns = new String[] {"user.", "trusted.", "security."}[random.nextInt(3)];
      a = a.xattr(ns + "k" + random.nextInt(3), bytes(random, random.nextInt(3) == 0 ? 40 : 3));
    }
    return a;
  }
}
