package io.github.squashtree.bench;

import io.github.squashtree.core.internal.format.DirectoryInode;
import io.github.squashtree.core.internal.format.FileInode;
import io.github.squashtree.core.internal.format.Inode;
import io.github.squashtree.core.internal.read.FileLayout;
import io.github.squashtree.core.internal.read.ImageReader;
import io.github.squashtree.core.internal.read.ListingEntry;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
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
 * Decodes all file content of an image on one thread: every data block and every tail. The file
 * list is gathered in setup, so this measures block reading and decompression only. Divide the
 * image's content bytes by the score for MB/s.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ReadAllBenchmark extends ImageParams {
  private ImageReader image;
  private final List<FileInode> files = new ArrayList<>();
  private byte[] block;
  private byte[] scratch;

  @Setup(Level.Trial)
  public void open() throws IOException {
    image = ImageReader.open(imagePath());
    collect(image.root());
    block = new byte[image.superblock().blockSize()];
    scratch = new byte[image.superblock().blockSize()];
  }

  private void collect(DirectoryInode dir) throws IOException {
    for (ListingEntry e : image.list(dir)) {
      Inode inode = image.inode(e);
      if (inode instanceof DirectoryInode sub) {
        collect(sub);
      } else if (inode instanceof FileInode f) {
        files.add(f);
      }
    }
  }

  @TearDown(Level.Trial)
  public void close() throws IOException {
    image.close();
  }

  @Benchmark
  public long readAll(Blackhole bh) throws IOException {
    long total = 0;
    for (FileInode f : files) {
      FileLayout layout = image.layout(f);
      for (int i = 0; i < layout.blockCount(); i++) {
        image.readBlock(layout, i, block, scratch);
        bh.consume(block);
        total += layout.length(i);
      }
      if (layout.tailSize() > 0) {
        bh.consume(image.tailBlock(layout));
        total += layout.tailSize();
      }
    }
    return total;
  }
}
