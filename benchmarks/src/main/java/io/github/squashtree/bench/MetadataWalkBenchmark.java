package io.github.squashtree.bench;

import io.github.squashtree.core.internal.format.DirectoryInode;
import io.github.squashtree.core.internal.format.Inode;
import io.github.squashtree.core.internal.read.ImageReader;
import io.github.squashtree.core.internal.read.ImageTree;
import io.github.squashtree.core.internal.read.ListingEntry;
import io.github.squashtree.core.tree.Entry;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * What {@code ls -lR} needs from a whole image: every directory listed, every inode decoded, its
 * uid, gid and xattrs looked up. Once through the reader, once through {@link ImageTree}, which is
 * what the CLI and the comparator use.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class MetadataWalkBenchmark extends ImageParams {
  private ImageReader image;
  private ImageTree tree;

  @Setup(Level.Trial)
  public void open() throws IOException {
    image = ImageReader.open(imagePath());
  }

  @TearDown(Level.Trial)
  public void close() throws IOException {
    image.close();
  }

  @Benchmark
  public void reader(Blackhole bh) throws IOException {
    walk(image.root(), bh);
  }

  private void walk(DirectoryInode dir, Blackhole bh) throws IOException {
    for (ListingEntry e : image.list(dir)) {
      Inode inode = image.inode(e);
      bh.consume(e.name());
      bh.consume(image.uid(inode));
      bh.consume(image.gid(inode));
      bh.consume(image.xattrs(inode));
      if (inode instanceof DirectoryInode sub) {
        walk(sub, bh);
      }
    }
  }

  @Benchmark
  public void imageTree(Blackhole bh) throws IOException {
    // A fresh tree per walk: ImageTree remembers the directories it has seen.
    tree = ImageTree.of(image);
    walk(tree.root(), bh);
  }

  private void walk(Entry dir, Blackhole bh) throws IOException {
    for (Entry e : tree.children(dir)) {
      bh.consume(e.metadata());
      if (e.isDirectory()) {
        walk(e, bh);
      }
    }
  }
}
