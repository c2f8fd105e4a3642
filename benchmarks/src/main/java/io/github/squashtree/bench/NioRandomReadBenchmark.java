package io.github.squashtree.bench;

import io.github.squashtree.fixtures.KernelMount;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
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
 * Random 4 KiB reads in an image of {@code megabytes} (default 1024), warm: every file of 64 KiB or
 * more is opened once and read whole in setup, then each operation reads 4 KiB at a random 4
 * KiB-aligned place, chosen uniformly over those files' bytes.
 *
 * <p>{@code via}: {@code squashfs} (the file system with its default 16 MiB block cache, far
 * smaller than the data: most reads decode a block), {@code squashfs-cached} (a cache of {@code
 * dataCacheBytes=2G}, which holds every block after setup, as the page cache holds the mounted
 * image), {@code mount} (the default provider over the kernel's loop mount; root only).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgsAppend = "-Xmx3g")
public class NioRandomReadBenchmark {
  private static final int READ = 4096;
  private static final long MIN_FILE = 64 * 1024;

  @Param({"squashfs", "squashfs-cached", "mount"})
  public String via;

  @Param({"gzip"})
  public String codec;

  @Param({"1024"})
  public int megabytes;

  /** An existing image instead of the generated one. */
  @Param({""})
  public String imageFile;

  private FileSystem fs;
  private KernelMount mount;
  private Path mountPoint;
  private final List<SeekableByteChannel> channels = new ArrayList<>();
  private long[] ends; // cumulative sizes: file i holds bytes [ends[i-1], ends[i])
  private final SplittableRandom random = new SplittableRandom(42);
  private final ByteBuffer buffer = ByteBuffer.allocate(READ);

  @Setup(Level.Trial)
  public void open() throws IOException {
    Path image = BenchImages.image(imageFile, codec, megabytes);
    Path root;
    switch (via) {
      case "mount" -> {
        mountPoint = Files.createTempDirectory("nio-read-mnt");
        mount = KernelMount.squashfs(image, mountPoint);
        root = mountPoint;
      }
      case "squashfs-cached" -> {
        fs = FileSystems.newFileSystem(image, Map.of("dataCacheBytes", "2G"));
        root = fs.getPath("/");
      }
      default -> {
        fs = FileSystems.newFileSystem(image);
        root = fs.getPath("/");
      }
    }
    List<Long> sizes = new ArrayList<>();
    try (Stream<Path> all = Files.walk(root)) {
      for (Path p : (Iterable<Path>) all::iterator) {
        BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
        if (a.isRegularFile() && a.size() >= MIN_FILE) {
          channels.add(Files.newByteChannel(p));
          sizes.add(a.size());
        }
      }
    }
    ends = new long[sizes.size()];
    long total = 0;
    ByteBuffer warm = ByteBuffer.allocate(1 << 16);
    for (int i = 0; i < ends.length; i++) {
      total += sizes.get(i);
      ends[i] = total;
      SeekableByteChannel ch = channels.get(i).position(0);
      while (ch.read(warm.clear()) > 0) {
        // read everything once: the page cache, or the block cache, is warm
      }
    }
    System.err.printf(
        "%n%s: %d files of >= 64 KiB, %d MiB read warm%n", via, ends.length, total >> 20);
  }

  @TearDown(Level.Trial)
  public void close() throws IOException {
    for (SeekableByteChannel ch : channels) {
      ch.close();
    }
    if (fs != null) {
      fs.close();
    }
    if (mount != null) {
      mount.close();
      Files.delete(mountPoint);
    }
  }

  @Benchmark
  public int read4k() throws IOException {
    long at = random.nextLong(ends[ends.length - 1]);
    int i = java.util.Arrays.binarySearch(ends, at + 1);
    int file = i >= 0 ? i : -i - 1;
    long start = file == 0 ? 0 : ends[file - 1];
    long offset = (at - start) / READ * READ;
    return channels.get(file).position(offset).read(buffer.clear());
  }
}
