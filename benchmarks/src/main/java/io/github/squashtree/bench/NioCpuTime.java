package io.github.squashtree.bench;

import io.github.squashtree.fixtures.KernelMount;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * The work of {@link NioWalkBenchmark} and {@link NioRandomReadBenchmark} measured in the calling
 * thread's CPU time (user + system, so the mount's system calls count) besides wall time: on a
 * shared machine wall time grows with the load, CPU time much less. Needs root (loop mounts).
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.github.squashtree.bench.NioCpuTime walk IMAGE
 * java -Xmx3g -cp benchmarks/target/benchmarks.jar io.github.squashtree.bench.NioCpuTime read IMAGE
 * </pre>
 */
public final class NioCpuTime {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private NioCpuTime() {}

  public static void main(String[] args) throws IOException {
    Path image = Path.of(args[1]);
    Path mnt = Files.createTempDirectory("nio-cpu-mnt");
    try (KernelMount mount = KernelMount.squashfs(image, mnt)) {
      if (args[0].equals("walk")) {
        walks(image, mnt);
      } else {
        reads(image, mnt);
      }
    } finally {
      Files.delete(mnt);
    }
  }

  /** Median CPU and wall time of a task, after warming it up. */
  private static String measure(int warmups, int runs, int opsPerRun, Task task)
      throws IOException {
    for (int i = 0; i < warmups; i++) {
      task.run();
    }
    long[] cpu = new long[runs];
    long[] wall = new long[runs];
    for (int i = 0; i < runs; i++) {
      long c = THREADS.getCurrentThreadCpuTime();
      long w = System.nanoTime();
      task.run();
      wall[i] = System.nanoTime() - w;
      cpu[i] = THREADS.getCurrentThreadCpuTime() - c;
    }
    Arrays.sort(cpu);
    Arrays.sort(wall);
    return String.format(
        "cpu %10.3f  wall %10.3f",
        cpu[runs / 2] / 1e3 / opsPerRun, wall[runs / 2] / 1e3 / opsPerRun);
  }

  private interface Task {
    void run() throws IOException;
  }

  private static long sink;

  private static void walks(Path image, Path mnt) throws IOException {
    try (FileSystem fs = FileSystems.newFileSystem(image)) {
      for (boolean owners : new boolean[] {false, true}) {
        String label = owners ? "withOwners" : "withoutOwners";
        System.out.printf(
            "walk %-14s squashfs (us/walk) %s%n",
            label, measure(20, 31, 1, () -> walk(fs.getPath("/"), owners)));
        System.out.printf(
            "walk %-14s mount    (us/walk) %s%n",
            label, measure(20, 31, 1, () -> walk(mnt, owners)));
      }
    }
  }

  private static void walk(Path root, boolean owners) throws IOException {
    try (Stream<Path> all = Files.walk(root)) {
      for (Path p : (Iterable<Path>) all::iterator) {
        PosixFileAttributes a =
            Files.readAttributes(p, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        sink += a.size() + a.permissions().size() + a.lastModifiedTime().toMillis();
        if (owners) {
          sink += a.owner().getName().length() + a.group().getName().length();
        }
      }
    }
  }

  private static void reads(Path image, Path mnt) throws IOException {
    try (FileSystem small = FileSystems.newFileSystem(image);
        FileSystem cached = FileSystems.newFileSystem(image, Map.of("dataCacheBytes", "2G"))) {
      readsIn("squashfs", small.getPath("/"), 2_000);
      readsIn("squashfs-cached", cached.getPath("/"), 100_000);
      readsIn("mount", mnt, 100_000);
    }
  }

  private static void readsIn(String label, Path root, int ops) throws IOException {
    List<SeekableByteChannel> channels = new ArrayList<>();
    List<Long> sizes = new ArrayList<>();
    try (Stream<Path> all = Files.walk(root)) {
      for (Path p : (Iterable<Path>) all::iterator) {
        BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
        if (a.isRegularFile() && a.size() >= 64 * 1024) {
          channels.add(Files.newByteChannel(p));
          sizes.add(a.size());
        }
      }
    }
    long[] ends = new long[sizes.size()];
    long total = 0;
    ByteBuffer warm = ByteBuffer.allocate(1 << 16);
    for (int i = 0; i < ends.length; i++) {
      total += sizes.get(i);
      ends[i] = total;
      SeekableByteChannel ch = channels.get(i);
      while (ch.read(warm.clear()) > 0) {
        // warm: page cache or block cache
      }
    }
    SplittableRandom random = new SplittableRandom(42);
    ByteBuffer buffer = ByteBuffer.allocate(4096);
    long last = total;
    Task batch =
        () -> {
          for (int k = 0; k < ops; k++) {
            long at = random.nextLong(last);
            int i = Arrays.binarySearch(ends, at + 1);
            int file = i >= 0 ? i : -i - 1;
            long start = file == 0 ? 0 : ends[file - 1];
            sink += channels.get(file).position((at - start) / 4096 * 4096).read(buffer.clear());
          }
        };
    System.out.printf(
        "random 4 KiB read %-16s (us/read) %s   (%d files, %d MiB)%n",
        label, measure(3, 7, ops, batch), ends.length, total >> 20);
    for (SeekableByteChannel ch : channels) {
      ch.close();
    }
  }
}
