package io.github.squashtree.bench;

import io.github.squashtree.core.image.ExtractListener;
import io.github.squashtree.core.image.ExtractOptions;
import io.github.squashtree.core.image.ExtractResult;
import io.github.squashtree.core.internal.extract.Extractor;
import io.github.squashtree.core.internal.read.ImageReader;
import java.io.IOException;
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
 * A whole extraction, as {@code sqfs extract} does it, into a fresh directory on tmpfs ({@code
 * /dev/shm}, or {@code -Dsquashtree.bench.scratch=DIR}). Removing the output is not timed.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5)
@Measurement(iterations = 10)
@Fork(1)
public class ExtractBenchmark extends ImageParams {
  /** Worker threads; 0 means the extractor's default (one per core). */
  @Param({"0"})
  public int threads;

  private ImageReader image;
  private ExtractOptions options;
  private Path scratch;
  private Path dest;
  private int run;

  @Setup(Level.Trial)
  public void open() throws IOException {
    image = ImageReader.open(imagePath());
    options = ExtractOptions.forCurrentUser(false);
    if (threads > 0) {
      options = options.withThreads(threads);
    }
    scratch = BenchImages.scratchDir();
  }

  @Setup(Level.Invocation)
  public void freshDestination() {
    dest = scratch.resolve("out" + run++);
  }

  @TearDown(Level.Invocation)
  public void removeOutput() throws IOException {
    BenchImages.deleteTree(dest);
  }

  @TearDown(Level.Trial)
  public void close() throws IOException {
    image.close();
    BenchImages.deleteTree(scratch);
  }

  @Benchmark
  public ExtractResult extract() throws IOException {
    return new Extractor(image, options, ExtractListener.NONE).extract("/", dest);
  }
}
