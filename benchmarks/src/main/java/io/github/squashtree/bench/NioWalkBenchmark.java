package io.github.squashtree.bench;

import io.github.squashtree.fixtures.KernelMount;
import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * {@code Files.walk} with {@code readAttributes(PosixFileAttributes)} of every entry, through the
 * squashfs file system ({@code via=squashfs}) and through the default provider over the kernel's
 * loop mount of the same image ({@code via=mount}, root only): the ratio of the two is issue 19's
 * goal (at most 1.0, warm). {@code withOwners} also asks each entry's owner and group names, which
 * the default provider looks up in the user database; {@code withoutOwners} takes the numbers the
 * walk needs anyway (type, size, permissions, time).
 *
 * <p>{@code imageFile} names the image (benchmarks/nio-vs-mount.sh passes the Debian minbase one);
 * empty, the generated {@code megabytes}/{@code codec} image is used.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 10, time = 2)
@Fork(1)
public class NioWalkBenchmark extends ImageParams {
  @Param({"squashfs", "mount"})
  public String via;

  private FileSystem fs;
  private KernelMount mount;
  private Path mountPoint;
  private Path root;

  @Setup(Level.Trial)
  public void open() throws IOException {
    Path image = imagePath();
    if (via.equals("mount")) {
      mountPoint = Files.createTempDirectory("nio-walk-mnt");
      mount = KernelMount.squashfs(image, mountPoint);
      root = mountPoint;
    } else {
      fs = FileSystems.newFileSystem(image);
      root = fs.getPath("/");
    }
  }

  @TearDown(Level.Trial)
  public void close() throws IOException {
    if (fs != null) {
      fs.close();
    }
    if (mount != null) {
      mount.close();
      Files.delete(mountPoint);
    }
  }

  @Benchmark
  public long withOwners(Blackhole bh) throws IOException {
    return walk(bh, true);
  }

  @Benchmark
  public long withoutOwners(Blackhole bh) throws IOException {
    return walk(bh, false);
  }

  private long walk(Blackhole bh, boolean owners) throws IOException {
    long n = 0;
    try (Stream<Path> all = Files.walk(root)) {
      for (Path p : (Iterable<Path>) all::iterator) {
        PosixFileAttributes a =
            Files.readAttributes(p, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        bh.consume(a.isDirectory());
        bh.consume(a.size());
        bh.consume(a.lastModifiedTime());
        bh.consume(a.permissions());
        if (owners) {
          bh.consume(a.owner().getName());
          bh.consume(a.group().getName());
        }
        n++;
      }
    }
    return n;
  }
}
