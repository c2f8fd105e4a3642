package io.github.squashtree.bench;

import io.github.squashtree.core.host.DirectoryTree;
import io.github.squashtree.core.internal.read.ImageTree;
import io.github.squashtree.overlay.CompareOptions;
import io.github.squashtree.overlay.Comparison;
import io.github.squashtree.overlay.TreeComparator;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@code sqfs diff NEW IMAGE}'s work in a warm JVM: a directory compared with an image, both opened
 * afresh each time (the image's metadata is decoded each time, the directory's stat calls hit the
 * kernel's caches). goal-table.sh's trees:
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar Compare -p newTree=benchmarks/data/minbase-bookworm-t1 \
 *     -p image=benchmarks/data/images/minbase-bookworm-gzip.sqfs
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class CompareBenchmark {
  /** The new tree, a directory. */
  @Param({"benchmarks/data/minbase-bookworm-t1"})
  public String newTree;

  /** The image it is compared with. */
  @Param({"benchmarks/data/images/minbase-bookworm-gzip.sqfs"})
  public String image;

  /** Compare content too ({@code --checksum}). */
  @Param({"false"})
  public boolean checksum;

  @Benchmark
  public Comparison compare() throws IOException {
    try (DirectoryTree after = DirectoryTree.open(Path.of(newTree));
        ImageTree before = ImageTree.open(Path.of(image))) {
      return TreeComparator.compare(
          before, after, CompareOptions.defaults().withChecksum(checksum));
    }
  }
}
