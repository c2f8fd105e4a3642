package io.github.squashtree.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.squashtree.core.compression.Compression;
import io.github.squashtree.core.internal.read.ImageTree;
import io.github.squashtree.core.tree.Names;
import io.github.squashtree.core.tree.Tree;
import io.github.squashtree.core.tree.TreeBuilder;
import io.github.squashtree.core.tree.TreeBuilder.Attributes;
import io.github.squashtree.core.write.FragmentMode;
import io.github.squashtree.core.write.SquashfsWriter;
import io.github.squashtree.core.write.WriterOptions;
import io.github.squashtree.fixtures.PeerReaders;
import io.github.squashtree.fixtures.Require;
import io.github.squashtree.fixtures.TestDirectories;
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
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.BeforeProperty;

/**
 * Random trees written with random codecs, block sizes (4 KiB to 1 MiB) and options read back equal
 * by our reader and by the readers that are not ours — unsquashfs, rdsquashfs and the kernel — and
 * give the same bytes with 1 and 4 threads.
 *
 * <p>The trees: names of any bytes but '/', NUL and newline (rdsquashfs cannot list a newline),
 * UTF-8 or not, up to 255 bytes; directories nested deep; sizes around the block boundaries, holes,
 * duplicates, hard links, every entry kind with any device number, modes, owners above 65535,
 * mtimes up to 2^32-1, xattrs of three namespaces. Bounded: at most 80 entries and 24 MiB of
 * content. A failing try is reported with its {@code seed} and {@code blockLog}: the tree and
 * options are a function of them alone, so a failure replays from those two numbers.
 */
class WriterPropertyIT {
  private static final Compression[] CODECS = Compression.values();
  private static final String[] NAME_PARTS = {
    "a",
    "B",
    "z",
    "é",
    "~",
    "\uD83D\uDE00",
    "\uFF21",
    "dir",
    "-",
    " ",
    "\"",
    "\\",
    "\t",
    Names.decode(new byte[] {(byte) 0xE9}),
    Names.decode(new byte[] {(byte) 0xFF, (byte) 0xFE}),
    Names.decode(new byte[] {(byte) 0xE2, (byte) 0x82})
  };
  private static final long CONTENT_BUDGET = 24L << 20;

  @BeforeProperty
  void needsThePeers() {
    Require.tool("unsquashfs");
    Require.tool("rdsquashfs");
    Require.kernelSquashfsMount();
  }

  @Property(tries = 15, shrinking = ShrinkingMode.OFF)
  void randomTreesReadBackEqualEverywhereAndDoNotDependOnThreads(
      @ForAll long seed, @ForAll @IntRange(min = 12, max = 20) int blockLog) throws IOException {
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
      List<String> problems = new ArrayList<>();
      try (ImageTree actual = ImageTree.open(four)) {
        TreeAssertions.differences(tree, actual, TreeComparison.strict())
            .forEach(d -> problems.add("our reader: " + d));
      }
      TreeComparison strict = TreeComparison.strict();
      problems.addAll(PeerReaders.unsquashfs(four, tree, strict, work));
      problems.addAll(PeerReaders.rdsquashfs(four, tree, strict, work));
      if (options.compression() != Compression.LZMA) {
        problems.addAll(PeerReaders.kernel(four, tree, strict, work));
      }
      assertEquals(
          List.of(), printable(problems), options.compression() + ", " + block + "-byte blocks");
    } finally {
      TestDirectories.delete(work);
    }
  }

  static Tree randomTree(Random random, int block) {
    TreeBuilder b = new TreeBuilder();
    List<String> dirs = new ArrayList<>(List.of(""));
    List<String> files = new ArrayList<>();
    int count = 5 + random.nextInt(76);
    long[] budget = {CONTENT_BUDGET};
    byte[] shared = bytes(random, Math.min(block + 7, 300_000));
    for (int i = 0; i < count; i++) {
      // Often the newest directory, so that chains grow deep; else any.
      String dir =
          random.nextInt(3) == 0
              ? dirs.get(dirs.size() - 1)
              : dirs.get(random.nextInt(dirs.size()));
      String path = dir + "/" + name(random, i);
      int kind = random.nextInt(10);
      // Linux keeps user.* attributes on files and directories only: on other entries no reader
      // that writes to a disk could show them.
      Attributes a = attributes(random, kind <= 1 || kind >= 5);
      switch (kind) {
        case 0, 1 -> {
          b.directory(path, a);
          dirs.add(path);
        }
        case 2 -> b.symlink(path, target(random), Attributes.SYMLINK.mtime(a.mtime()));
        case 3 -> {
          switch (random.nextInt(5)) {
            case 0 -> b.blockDevice(path, random.nextInt(4096), random.nextInt(1 << 20), a);
            case 1 -> b.charDevice(path, random.nextInt(4096), random.nextInt(1 << 20), a);
            case 2 -> b.charDevice(path, 0, 0, a); // an overlayfs whiteout
            case 3 -> b.fifo(path, a);
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
          b.file(path, content(random, block, budget), a);
          files.add(path);
        }
      }
    }
    return b.build();
  }

  /** A name of 1 to 255 bytes from {@link #NAME_PARTS}, unique by its index. */
  private static String name(Random random, int i) {
    StringBuilder s = new StringBuilder();
    int parts = 1 + random.nextInt(4);
    for (int k = 0; k < parts; k++) {
      s.append(NAME_PARTS[random.nextInt(NAME_PARTS.length)]);
    }
    String suffix = Integer.toString(i);
    if (random.nextInt(15) == 0) {
      // Up to the longest name Linux allows.
      int used = Names.encode(s.toString()).length + suffix.length();
      s.append("x".repeat(Math.max(0, 255 - used)));
    }
    return s.append(suffix).toString();
  }

  private static String target(Random random) {
    return switch (random.nextInt(4)) {
      case 0 -> "/abs/target-" + random.nextInt(1000);
      case 1 -> "../" + NAME_PARTS[random.nextInt(NAME_PARTS.length)] + "/x";
      case 2 -> "t".repeat(1 + random.nextInt(4000));
      default -> "target-" + random.nextInt(1000);
    };
  }

  /**
   * Sizes around block boundaries (while the tree's content budget lasts, then small); some content
   * all zeros (holes), some with a hole inside, some compressible, some random.
   */
  private static byte[] content(Random random, int block, long[] budget) {
    int[] sizes = {
      0, 1, block - 1, block, block + 1, 2 * block, 3 * block - 1, random.nextInt(5000)
    };
    int size = sizes[random.nextInt(sizes.length)];
    if (size > budget[0]) {
      size = random.nextInt(5000);
    }
    budget[0] -= size;
    byte[] content =
        switch (random.nextInt(4)) {
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
    if (size > 2 * block && random.nextBoolean()) {
      java.util.Arrays.fill(content, block, 2 * block, (byte) 0); // a hole inside
    }
    return content;
  }

  private static byte[] bytes(Random random, int size) {
    byte[] b = new byte[size];
    random.nextBytes(b);
    return b;
  }

  private static Attributes attributes(Random random, boolean userXattrs) {
    long[] ids = {0, 1000, 65_535, 65_536, 100_000, 4_000_000_000L};
    Attributes a =
        Attributes.of(random.nextInt(07777 + 1))
            .owner(ids[random.nextInt(ids.length)], ids[random.nextInt(ids.length)])
            .mtime(Instant.ofEpochSecond(random.nextLong(1L << 32), random.nextInt(1_000_000_000)));
    int xattrs = random.nextInt(4);
    for (int i = 0; i < xattrs; i++) {
      String ns = new String[] {"user.", "trusted.", "security."}[random.nextInt(3)];
      if (ns.equals("user.") && !userXattrs) {
        continue;
      }
      String key = random.nextInt(8) == 0 ? Names.decode(new byte[] {'k', (byte) 0xE9}) : "k";
      a = a.xattr(ns + key + random.nextInt(3), bytes(random, random.nextInt(3) == 0 ? 40 : 3));
    }
    return a;
  }

  /** The problems as a report can show them: names that are not UTF-8 escaped. */
  private static List<String> printable(List<String> problems) {
    return problems.stream().map(TreeAssertions::printable).toList();
  }
}
