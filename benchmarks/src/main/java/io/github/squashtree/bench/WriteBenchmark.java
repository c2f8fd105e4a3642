package io.github.squashtree.bench;

import io.github.squashtree.core.compression.Compression;
import io.github.squashtree.core.compression.DeflateImplementation;
import io.github.squashtree.core.host.DirectoryTree;
import io.github.squashtree.core.write.SquashfsWriter;
import io.github.squashtree.core.write.WriteResult;
import io.github.squashtree.core.write.WriterOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
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
 * {@code sqfs mk}'s work in a warm JVM: a directory written as an image on tmpfs ({@code /dev/shm},
 * or {@code -Dsquashtree.bench.scratch=DIR}), the source in the page cache.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar Write -p dir=benchmarks/data/minbase-bookworm \
 *     -p codec=gzip -p deflate=libdeflate,zlib
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
@Fork(1)
public class WriteBenchmark {
  /** Any mksquashfs {@code -comp} name. */
  @Param({"gzip"})
  public String codec;

  /** gzip only: libdeflate or zlib. */
  @Param({"libdeflate"})
  public String deflate;

  /** Compressing threads; 0 for one per core (the writer's default). */
  @Param({"0"})
  public int processors;

  /** The directory to write; empty for the generated benchmark tree of 64 MB. */
  @Param({""})
  public String dir;

  private Path source;
  private WriterOptions options;
  private Path scratch;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    source = dir.isEmpty() ? BenchImages.tree(64, 42) : Path.of(dir);
    options =
        WriterOptions.defaults()
            .withCompression(Compression.fromLabel(codec), null)
            .withDeflate(DeflateImplementation.fromLabel(deflate));
    if (processors > 0) {
      options = options.withProcessors(processors);
    }
    scratch = BenchImages.scratchDir();
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    BenchImages.deleteTree(scratch);
  }

  @Benchmark
  public WriteResult write() throws IOException {
    Path image = scratch.resolve("out.sqfs");
    try (DirectoryTree tree = DirectoryTree.open(source)) {
      WriteResult r = SquashfsWriter.write(tree, image, options);
      Files.delete(image);
      return r;
    }
  }
}
