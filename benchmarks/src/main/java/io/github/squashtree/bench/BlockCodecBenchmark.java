package io.github.squashtree.bench;

import io.github.squashtree.core.compression.Compression;
import io.github.squashtree.core.compression.CompressorOptions;
import io.github.squashtree.core.compression.DeflateImplementation;
import io.github.squashtree.core.compression.GzipOptions;
import io.github.squashtree.core.compression.ZstdOptions;
import io.github.squashtree.core.internal.codec.Codecs;
import io.github.squashtree.core.internal.codec.Compressor;
import io.github.squashtree.core.internal.codec.Decompressor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One data block compressed, and decoded, by the writer's and the reader's codecs: the blocks of a
 * real tree cut as mksquashfs cuts them (the whole blocks of each file, the tails packed into
 * fragment blocks), one per operation in turn. Setup prints the set's compressed size, so a run
 * gives speed and ratio of each codec, level and deflate implementation side by side:
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar BlockCodec -p codec=gzip -p impl=libdeflate,zlib \
 *     -p level=1,6,9 -p dir=benchmarks/data/minbase-bookworm
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class BlockCodecBenchmark {
  private static final int BLOCK = 128 * 1024;

  /** Any mksquashfs {@code -comp} name. */
  @Param({"gzip"})
  public String codec;

  /** gzip 1..9 or zstd 1..22; 0 for the codec's default (gzip 9, zstd 15). */
  @Param({"0"})
  public int level;

  /** gzip only: libdeflate or zlib, for both directions. */
  @Param({"libdeflate", "zlib"})
  public String impl;

  /** A directory whose files give the blocks; empty for the generated benchmark tree. */
  @Param({""})
  public String dir;

  /** At most this many megabytes of blocks are held. */
  @Param({"64"})
  public int megabytes;

  private byte[][] blocks;
  private byte[][] packed;
  private int[] packedLength;
  private Compressor compressor;
  private Decompressor decompressor;
  private byte[] out;
  private int next;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    Compression c = Compression.fromLabel(codec);
    DeflateImplementation deflate = DeflateImplementation.fromLabel(impl);
    compressor = Codecs.compressor(c, options(c), BLOCK, deflate);
    decompressor =
        c == Compression.GZIP ? Codecs.gzipDecompressor(deflate) : Codecs.decompressor(c, null);
    Path root = dir.isEmpty() ? BenchImages.tree(64, 42) : Path.of(dir);
    blocks = cut(root, (long) megabytes << 20);
    out = new byte[BLOCK];
    packed = new byte[blocks.length][];
    packedLength = new int[blocks.length];
    long raw = 0;
    long stored = 0;
    for (int i = 0; i < blocks.length; i++) {
      byte[] dst = new byte[BLOCK];
      int n = compressor.compress(blocks[i], 0, blocks[i].length, dst, 0, blocks[i].length - 1);
      // a block that does not shrink is stored as it is (and not decoded)
      packed[i] = n > 0 ? dst : blocks[i];
      packedLength[i] = n > 0 ? n : -blocks[i].length;
      raw += blocks[i].length;
      stored += n > 0 ? n : blocks[i].length;
    }
    System.out.printf(
        "%n%s level %d %s: %d blocks, %,d bytes -> %,d (%.4f)%n",
        codec,
        level,
        c == Compression.GZIP ? impl : "",
        blocks.length,
        raw,
        stored,
        (double) stored / raw);
  }

  private CompressorOptions options(Compression c) {
    if (level == 0) {
      return null;
    }
    return switch (c) {
      case GZIP -> new GzipOptions(level, 15, 0);
      case ZSTD -> new ZstdOptions(level);
      default -> throw new IllegalArgumentException("level is for gzip and zstd");
    };
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    compressor.close();
    decompressor.close();
  }

  @Benchmark
  public int compress() throws IOException {
    byte[] block = blocks[next];
    next = next + 1 == blocks.length ? 0 : next + 1;
    return compressor.compress(block, 0, block.length, out, 0, block.length - 1);
  }

  @Benchmark
  public int decompress() throws IOException {
    int i = next;
    do {
      i = i + 1 == blocks.length ? 0 : i + 1;
    } while (packedLength[i] < 0 && i != next);
    next = i;
    return decompressor.decompress(packed[i], 0, packedLength[i], out, 0, BLOCK);
  }

  /** The blocks mksquashfs would compress from the regular files below {@code root}. */
  static byte[][] cut(Path root, long limit) throws IOException {
    List<byte[]> blocks = new ArrayList<>();
    byte[] fragment = new byte[BLOCK];
    int fragmentUsed = 0;
    long total = 0;
    List<Path> files;
    try (Stream<Path> walk = Files.walk(root)) {
      files = walk.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).sorted().toList();
    }
    byte[] buf = new byte[BLOCK];
    for (Path f : files) {
      if (total >= limit) {
        break;
      }
      try (InputStream in = Files.newInputStream(f)) {
        while (total < limit) {
          int n = in.readNBytes(buf, 0, BLOCK);
          if (n == BLOCK) {
            if (!isZero(buf)) {
              blocks.add(buf.clone());
              total += BLOCK;
            }
            continue;
          }
          if (n > 0) {
            if (fragmentUsed + n > BLOCK) {
              blocks.add(Arrays.copyOf(fragment, fragmentUsed));
              total += fragmentUsed;
              fragmentUsed = 0;
            }
            System.arraycopy(buf, 0, fragment, fragmentUsed, n);
            fragmentUsed += n;
          }
          break;
        }
      } catch (IOException e) {
        // unreadable files (sockets' neighbours, permissions) are skipped
      }
    }
    if (fragmentUsed > 0) {
      blocks.add(Arrays.copyOf(fragment, fragmentUsed));
    }
    if (blocks.isEmpty()) {
      throw new IOException("no file content below " + root);
    }
    return blocks.toArray(byte[][]::new);
  }

  private static boolean isZero(byte[] b) {
    for (byte x : b) {
      if (x != 0) {
        return false;
      }
    }
    return true;
  }
}
