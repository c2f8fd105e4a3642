package io.github.squashtree.core.write;

import io.github.squashtree.core.tree.Entry;
import io.github.squashtree.core.tree.Tree;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileSystemException;
import java.util.Arrays;
import java.util.zip.CRC32C;
import java.util.zip.CheckedInputStream;

/**
 * Writes each file's content: full blocks through the pipeline (all-zero blocks become holes), the
 * tail into a fragment or a short last block. Duplicate files share one copy: candidates are files
 * of the same size with the same CRC-32C, confirmed by comparing the bytes.
 */
final class FileDataWriter {
  private final Tree tree;
  private final BlockPipeline pipeline;
  private final FragmentPacker fragments;
  private final WriterOptions options;
  private final int blockSize;
  private final DuplicateIndex written = new DuplicateIndex();
  private final byte[] zeros;
  long duplicates;
  long dataBlocks;
  long sparseBlocks;
  long bytesRead;

  FileDataWriter(
      Tree tree, BlockPipeline pipeline, FragmentPacker fragments, WriterOptions options) {
    this.tree = tree;
    this.pipeline = pipeline;
    this.fragments = fragments;
    this.options = options;
    this.blockSize = options.blockSize();
    this.zeros = new byte[blockSize];
  }

  FileData write(Entry file) throws IOException {
    long size = file.metadata().size();
    boolean dedup = options.deduplicate() && size > 0;
    if (dedup && size <= blockSize) {
      // A small file is read once, into memory: hashed, compared and written from there.
      byte[] content = new byte[(int) size];
      try (InputStream in = open(file)) {
        readFully(in, content, content.length, file);
        if (in.read() >= 0) {
          throw new IOException(file.path() + ": file grew while it was read");
        }
      }
      int crc = crcOf(content);
      for (DuplicateIndex.Written w : written.candidates(size, crc)) {
        if (sameContent(w.entry(), content)) {
          duplicates++;
          return w.data();
        }
      }
      FileData data = store(file, new ByteArrayInputStream(content), size);
      written.add(new DuplicateIndex.Written(file, crc, data));
      return data;
    }
    if (dedup && written.hasSize(size)) {
      // Hash first (one extra read, only for files whose size was seen before).
      int crc = crcOf(file, size);
      for (DuplicateIndex.Written w : written.candidates(size, crc)) {
        if (sameContent(w.entry(), file)) {
          duplicates++;
          return w.data();
        }
      }
    }
    CRC32C crc = new CRC32C();
    FileData data;
    try (InputStream in = open(file)) {
      data = store(file, new CheckedInputStream(in, crc), size);
    }
    if (dedup) {
      written.add(new DuplicateIndex.Written(file, (int) crc.getValue(), data));
    }
    return data;
  }

  /**
   * Writes {@code size} bytes of {@code in} as the content of {@code file}; fails if it has more.
   */
  private FileData store(Entry file, InputStream in, long size) throws IOException {
    boolean tailInFragment = tailInFragment(size);
    long fullBlocks = size / blockSize;
    int tail = (int) (size % blockSize);
    int blockCount = (int) (tailInFragment || tail == 0 ? fullBlocks : fullBlocks + 1);
    FileData data = new FileData(size, blockCount);
    long read = 0;
    for (int i = 0; i < blockCount; i++) {
      int length = (int) Math.min(blockSize, size - read);
      byte[] block = new byte[blockSize];
      readFully(in, block, length, file);
      read += length;
      if (Arrays.mismatch(block, 0, length, zeros, 0, length) < 0) {
        data.sparseBytes += length;
        sparseBlocks++;
        pipeline.submitSparse(data.block(i));
      } else {
        dataBlocks++;
        pipeline.submit(block, length, data.block(i));
      }
    }
    if (tailInFragment && tail > 0) {
      byte[] rest = new byte[tail];
      readFully(in, rest, tail, file);
      read += tail;
      fragments.add(rest, 0, tail, data);
    }
    if (in.read() >= 0) {
      throw new IOException(file.path() + ": file grew while it was read");
    }
    bytesRead += read;
    return data;
  }

  private boolean tailInFragment(long size) {
    return switch (options.fragments()) {
      case NONE -> false;
      case ALWAYS -> true;
      case SMALL_FILES -> size < blockSize;
    };
  }

  private static int crcOf(byte[] content) {
    CRC32C crc = new CRC32C();
    crc.update(content, 0, content.length);
    return (int) crc.getValue();
  }

  private int crcOf(Entry file, long size) throws IOException {
    CRC32C crc = new CRC32C();
    byte[] buffer = new byte[64 * 1024];
    long total = 0;
    try (InputStream in = open(file)) {
      int n;
      while ((n = in.read(buffer)) > 0) {
        crc.update(buffer, 0, n);
        total += n;
      }
    }
    if (total != size) {
      throw new IOException(file.path() + ": file changed size while it was read");
    }
    return (int) crc.getValue();
  }

  /** Whether the file {@code a} holds exactly {@code content}. */
  private boolean sameContent(Entry a, byte[] content) throws IOException {
    try (InputStream in = open(a)) {
      byte[] x = in.readNBytes(content.length);
      return Arrays.equals(x, content) && in.read() < 0;
    }
  }

  private boolean sameContent(Entry a, Entry b) throws IOException {
    byte[] x = new byte[64 * 1024];
    byte[] y = new byte[64 * 1024];
    try (InputStream ia = open(a);
        InputStream ib = open(b)) {
      while (true) {
        int n = ia.readNBytes(x, 0, x.length);
        int m = ib.readNBytes(y, 0, y.length);
        if (n != m || Arrays.mismatch(x, 0, n, y, 0, m) >= 0) {
          return false;
        }
        if (n == 0) {
          return true;
        }
      }
    }
  }

  /**
   * Opens a source file so that its errors name it (a tree's own exceptions need not); host file
   * system exceptions already name the host file and pass unchanged.
   */
  private InputStream open(Entry file) throws IOException {
    InputStream in;
    try {
      in = tree.open(file);
    } catch (FileSystemException e) {
      throw e;
    } catch (IOException e) {
      throw named(file, e);
    }
    return new FilterInputStream(in) {
      @Override
      public int read() throws IOException {
        try {
          return super.read();
        } catch (FileSystemException e) {
          throw e;
        } catch (IOException e) {
          throw named(file, e);
        }
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        try {
          return super.read(b, off, len);
        } catch (FileSystemException e) {
          throw e;
        } catch (IOException e) {
          throw named(file, e);
        }
      }
    };
  }

  private static IOException named(Entry file, IOException e) {
    return new IOException(file.path() + ": " + e.getMessage(), e);
  }

  private static void readFully(InputStream in, byte[] dst, int length, Entry file)
      throws IOException {
    int n = in.readNBytes(dst, 0, length);
    if (n != length) {
      throw new IOException(file.path() + ": file shrank while it was read");
    }
  }
}
