package io.github.squashtree.bench;

import io.github.squashtree.core.internal.format.DirectoryInode;
import io.github.squashtree.core.internal.format.FileInode;
import io.github.squashtree.core.internal.format.Inode;
import io.github.squashtree.core.internal.io.ByteSource;
import io.github.squashtree.core.internal.read.FileLayout;
import io.github.squashtree.core.internal.read.ImageReader;
import io.github.squashtree.core.internal.read.ListingEntry;
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
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Decodes one compressed full-size data block: from the image file (a positional read plus
 * decompression) and from the same image held in memory (decompression and checks only).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class BlockDecodeBenchmark extends ImageParams {
  private ImageReader fromFile;
  private ImageReader inMemory;
  private FileLayout fileLayout;
  private FileLayout memoryLayout;
  private int blockIndex;
  private byte[] block;
  private byte[] scratch;

  @Setup(Level.Trial)
  public void open() throws IOException {
    Path path = imagePath();
    fromFile = ImageReader.open(path);
    inMemory = ImageReader.open(ByteSource.of(Files.readAllBytes(path)));
    FileInode file = firstCompressedBlock(fromFile, fromFile.root());
    if (file == null) {
      throw new IllegalStateException("no compressed full block in " + path);
    }
    fileLayout = fromFile.layout(file);
    memoryLayout = inMemory.layout(file);
    block = new byte[fromFile.superblock().blockSize()];
    scratch = new byte[fromFile.superblock().blockSize()];
  }

  /** The first file with a compressed, full-size block; sets {@link #blockIndex}. */
  private FileInode firstCompressedBlock(ImageReader image, DirectoryInode dir) throws IOException {
    for (ListingEntry e : image.list(dir)) {
      Inode inode = image.inode(e);
      if (inode instanceof DirectoryInode sub) {
        FileInode found = firstCompressedBlock(image, sub);
        if (found != null) {
          return found;
        }
      } else if (inode instanceof FileInode f) {
        FileLayout layout = image.layout(f);
        for (int i = 0; i < layout.blockCount(); i++) {
          // Bit 24 set means stored uncompressed.
          boolean compressed = (layout.sizeWord(i) & (1 << 24)) == 0 && !layout.isSparse(i);
          if (compressed && layout.length(i) == layout.blockSize()) {
            blockIndex = i;
            return f;
          }
        }
      }
    }
    return null;
  }

  @TearDown(Level.Trial)
  public void close() throws IOException {
    fromFile.close();
    inMemory.close();
  }

  @Benchmark
  public byte[] fromFile() throws IOException {
    fromFile.readBlock(fileLayout, blockIndex, block, scratch);
    return block;
  }

  @Benchmark
  public byte[] inMemory() throws IOException {
    inMemory.readBlock(memoryLayout, blockIndex, block, scratch);
    return block;
  }
}
