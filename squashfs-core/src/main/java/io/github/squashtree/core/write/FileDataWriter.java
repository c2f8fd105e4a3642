package io.github.squashtree.core.write;

import io.github.squashtree.core.SquashfsFormatException;
import io.github.squashtree.core.compression.CompressorOptions;
import io.github.squashtree.core.internal.codec.Codecs;
import io.github.squashtree.core.internal.codec.Compressor;
import io.github.squashtree.core.internal.format.DataBlock;
import io.github.squashtree.core.internal.read.FileLayout;
import io.github.squashtree.core.internal.read.ImageReader;
import io.github.squashtree.core.internal.read.StoredFile;
import io.github.squashtree.core.tree.Entry;
import io.github.squashtree.core.tree.Tree;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileSystemException;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.zip.CRC32C;
import java.util.zip.CheckedInputStream;

/**
 * Writes each file's content: full blocks through the pipeline (all-zero blocks become holes), the
 * tail into a fragment or a short last block. Duplicate files share one copy: candidates are files
 * of the same size with the same CRC-32C, confirmed by comparing the bytes. A file that a source
 * image stores with this write's compression keeps its compressed blocks: they are decoded (to
 * check them, hash them and find zero blocks) but not compressed again, once the image's first
 * blocks proved to be what this write's compressor makes of them.
 */
final class FileDataWriter implements AutoCloseable {
  private final Tree tree;
  private final BlockPipeline pipeline;
  private final FragmentPacker fragments;
  private final WriterOptions options;
  private final CompressorOptions codecOptions;
  private final int blockSize;
  private final Map<ImageReader, SourceBlocks> sources = new IdentityHashMap<>();
  private Compressor probe;
  private final DuplicateIndex written = new DuplicateIndex();
  private final byte[] zeros;
  private final boolean reuse;
  private final StreamedFiles streamed;
  private final WriteListener events;

  /**
   * @param codecOptions the codec settings this write compresses with ({@code null} for lzma)
   * @param reuse whether blocks stored with the same compression may be copied
   * @param streamed content written before the tree, which the tree's files may name
   * @param events hears of bytes read, blocks and duplicates
   */
  FileDataWriter(
      Tree tree,
      BlockPipeline pipeline,
      FragmentPacker fragments,
      WriterOptions options,
      CompressorOptions codecOptions,
      boolean reuse,
      StreamedFiles streamed,
      WriteListener events) {
    this.tree = tree;
    this.events = events;
    this.streamed = streamed;
    this.pipeline = pipeline;
    this.fragments = fragments;
    this.options = options;
    this.codecOptions = codecOptions;
    this.reuse = reuse;
    this.blockSize = options.blockSize();
    this.zeros = new byte[blockSize];
  }

  /**
   * Whether a file is read whole, into memory, before it is written: a small file when duplicates
   * are looked for. The writer is then given its content ({@link #write(Entry, byte[])}).
   */
  boolean readsWhole(Entry file) {
    long size = file.metadata().size();
    // A tree whose content was streamed names it: nothing to read ahead.
    return options.deduplicate() && size > 0 && size <= blockSize && !streamed.used();
  }

  /** Writes a small file from its whole {@code content} (see {@link #readsWhole}). */
  FileData write(Entry file, byte[] content) throws IOException {
    long size = content.length;
    int crc = crcOf(content);
    for (DuplicateIndex.Written w : written.candidates(size, crc)) {
      if (sameContent(w.entry(), content)) {
        events.fileDeduplicated(file);
        return w.data();
      }
    }
    FileData data = storeWhole(content);
    written.add(new DuplicateIndex.Written(file, crc, data));
    return data;
  }

  /**
   * Writes a file whose content has not been read yet: a small one is read whole here, any other is
   * streamed.
   */
  FileData write(Entry file) throws IOException {
    FileData streamedData = streamed.dataOf(tree, file);
    if (streamedData != null) {
      return streamedData;
    }
    if (readsWhole(file)) {
      return write(file, readWhole(file));
    }
    long size = file.metadata().size();
    boolean dedup = options.deduplicate() && size > 0;
    if (dedup && written.hasSize(size)) {
      // Hash first (one extra read, only for files whose size was seen before).
      int crc = crcOf(file, size);
      for (DuplicateIndex.Written w : written.candidates(size, crc)) {
        if (sameContent(w.entry(), file)) {
          events.fileDeduplicated(file);
          return w.data();
        }
      }
    }
    CRC32C crc = new CRC32C();
    FileData data;
    StoredFile stored =
        reuse
            ? tree.storedContent(file)
                .filter(StoredFile.class::isInstance)
                .map(StoredFile.class::cast)
                .orElse(null)
            : null;
    if (stored != null && source(stored.image()).copyable()) {
      data = copy(file, stored, size, crc);
    } else {
      // A stored file's content is the tree's (see Tree#storedContent), read here from the image.
      try (InputStream in = stored != null ? openStored(file, stored) : open(file)) {
        data = store(file, new CheckedInputStream(in, crc), size);
      }
    }
    if (dedup) {
      written.add(new DuplicateIndex.Written(file, (int) crc.getValue(), data));
    }
    return data;
  }

  /**
   * The whole content of a file that {@link #readsWhole}: exactly its size, or an error naming it.
   * Safe to call from another thread than the writer's.
   */
  byte[] readWhole(Entry file) throws IOException {
    byte[] content = new byte[(int) file.metadata().size()];
    try (InputStream in = open(file)) {
      readFully(in, content, content.length, file);
      if (in.read() >= 0) {
        throw new IOException(file.path() + ": file grew while it was read");
      }
    }
    return content;
  }

  /**
   * Writes the whole content of a small file (at most a block): straight into a fragment, or as its
   * one block.
   */
  private FileData storeWhole(byte[] content) throws IOException {
    int size = content.length;
    int tail = fragmentTail(size);
    FileData data = new FileData(size, blockCount(size, tail));
    if (tail > 0) {
      fragments.add(content, 0, tail, data);
    } else {
      byte[] block = content;
      if (size < blockSize) {
        block = pipeline.buffer();
        System.arraycopy(content, 0, block, 0, size);
      }
      submit(block, size, data, 0);
    }
    events.bytesRead(size);
    return data;
  }

  /**
   * Writes {@code size} bytes of {@code in} as the content of {@code file}; fails if it has more.
   */
  private FileData store(Entry file, InputStream in, long size) throws IOException {
    int tail = fragmentTail(size);
    int blockCount = blockCount(size, tail);
    FileData data = new FileData(size, blockCount);
    long read = 0;
    for (int i = 0; i < blockCount; i++) {
      int length = (int) Math.min(blockSize, size - read);
      byte[] block = pipeline.buffer();
      readFully(in, block, length, file);
      read += length;
      events.bytesRead(length);
      submit(block, length, data, i);
    }
    if (tail > 0) {
      byte[] rest = new byte[tail];
      readFully(in, rest, tail, file);
      read += tail;
      events.bytesRead(tail);
      fragments.add(rest, 0, tail, data);
    }
    if (in.read() >= 0) {
      throw new IOException(file.path() + ": file grew while it was read");
    }
    return data;
  }

  /**
   * Writes a file from its source image's blocks: each full block is decoded into {@code block} (so
   * a corrupt one fails here, the CRC and the zero check see the content) and its stored bytes are
   * written as they are; a short last block or tail that the image keeps elsewhere is read and
   * compressed as usual.
   */
  private FileData copy(Entry file, StoredFile stored, long size, CRC32C crc) throws IOException {
    FileLayout layout = stored.layout();
    if (layout.fileSize() != size) {
      throw new IOException(file.path() + ": the image stores " + layout.fileSize() + " bytes");
    }
    int tail = fragmentTail(size);
    int blockCount = blockCount(size, tail);
    FileData data = new FileData(size, blockCount);
    ImageReader image = stored.image();
    SourceBlocks source = source(image);
    try {
      for (int i = 0; i < blockCount; i++) {
        int length = (int) Math.min(blockSize, size - (long) i * blockSize);
        byte[] block = pipeline.buffer();
        if (i >= layout.blockCount()) {
          // The image keeps this short last block in a fragment: compress it like any other.
          readAt(stored, layout.offset(i), block, length);
          crc.update(block, 0, length);
          events.bytesRead(length);
          submit(block, length, data, i);
          continue;
        }
        byte[] raw = pipeline.buffer();
        image.readBlock(layout, i, block, raw);
        crc.update(block, 0, length);
        events.bytesRead(length);
        int word = layout.sizeWord(i);
        if (isZero(block, length)
            || !source.copyable()
            || !source.confirms(block, length, raw, word)) {
          pipeline.release(raw);
          submit(block, length, data, i);
          continue;
        }
        boolean compressed = DataBlock.isCompressed(word);
        events.blockCopied();
        pipeline.submitStored(
            compressed ? raw : block,
            compressed ? DataBlock.storedSize(word) : length,
            compressed,
            data.block(i));
        pipeline.release(compressed ? block : raw);
      }
      if (tail > 0) {
        byte[] last = new byte[tail];
        readAt(stored, size - tail, last, tail);
        crc.update(last, 0, tail);
        events.bytesRead(tail);
        fragments.add(last, 0, tail, data);
      }
    } catch (IOException e) {
      throw named(file, e);
    }
    return data;
  }

  /** Submits a block read in full: a hole when it is all zeros, else to be compressed. */
  private void submit(byte[] block, int length, FileData data, int i) throws IOException {
    if (isZero(block, length)) {
      pipeline.release(block);
      hole(data, i, length);
    } else {
      events.blockWritten();
      pipeline.submit(block, length, data.block(i));
    }
  }

  private boolean isZero(byte[] block, int length) {
    return Arrays.mismatch(block, 0, length, zeros, 0, length) < 0;
  }

  private void hole(FileData data, int i, int length) throws IOException {
    data.sparseBytes += length;
    events.sparseBlock();
    pipeline.submitSparse(data.block(i));
  }

  /** What this write knows of a source image, learnt when it first meets a file of it. */
  private SourceBlocks source(ImageReader image) {
    return sources.computeIfAbsent(image, i -> new SourceBlocks(sameSettings(i)));
  }

  /** Whether {@code image} stores blocks with the codec, settings and block size of this write. */
  private boolean sameSettings(ImageReader image) {
    if (image.compression() != options.compression()
        || image.superblock().blockSize() != blockSize) {
      return false;
    }
    CompressorOptions theirs =
        image
            .compressorOptions()
            .or(() -> CompressorOptions.defaults(image.compression(), blockSize))
            .orElse(null);
    return Objects.equals(theirs, codecOptions);
  }

  /** Frees the compressor that checked source images' blocks, if one was made. */
  @Override
  public void close() {
    if (probe != null) {
      probe.close();
    }
  }

  /**
   * A source image's blocks as this write sees them. The same settings do not make the same bytes:
   * another library or version (mksquashfs's libzstd 1.5.4 against zstd-jni's 1.5.7) compresses
   * otherwise. So the first {@link #PROBES} blocks are compressed here too and compared; one that
   * differs makes the image foreign, and its files are compressed again from then on.
   */
  private final class SourceBlocks {
    private static final int PROBES = 4;
    private final boolean sameSettings;
    private int confirmed;
    private boolean foreign;

    SourceBlocks(boolean sameSettings) {
      this.sameSettings = sameSettings;
    }

    boolean copyable() {
      return sameSettings && !foreign;
    }

    /** Whether the stored form ({@code raw}, {@code word}) of {@code block} is what we make. */
    boolean confirms(byte[] block, int length, byte[] raw, int word) throws IOException {
      if (confirmed >= PROBES) {
        return true;
      }
      if (probe == null) {
        probe = Codecs.compressor(options.compression(), codecOptions, blockSize);
      }
      byte[] ours = new byte[blockSize];
      int n = probe.compress(block, 0, length, ours, 0, length - 1);
      boolean same =
          DataBlock.isCompressed(word)
              ? n == DataBlock.storedSize(word) && Arrays.equals(ours, 0, n, raw, 0, n)
              : n <= 0;
      if (same) {
        confirmed++;
      } else {
        foreign = true;
      }
      return same;
    }
  }

  /** The bytes at the end of a file of {@code size} that go into a fragment: 0 when none do. */
  private int fragmentTail(long size) {
    return tailInFragment(size) ? (int) (size % blockSize) : 0;
  }

  /** The blocks of a file of {@code size} whose last {@code fragmentTail} bytes are not in one. */
  private int blockCount(long size, int fragmentTail) {
    return (int) ((size - fragmentTail + blockSize - 1) / blockSize);
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

  /** The content of a stored file read from its image, its errors naming the file. */
  private InputStream openStored(Entry file, StoredFile stored) throws IOException {
    try {
      return stored.image().openFile(stored.layout().inode());
    } catch (IOException e) {
      throw named(file, e);
    }
  }

  /**
   * Reads {@code length} bytes of a stored file at {@code offset}, decoding only what holds them.
   */
  private static void readAt(StoredFile stored, long offset, byte[] dst, int length)
      throws IOException {
    int done = 0;
    while (done < length) {
      int n = stored.image().read(stored.layout().inode(), offset + done, dst, done, length - done);
      if (n <= 0) {
        throw new SquashfsFormatException("file ends before its inode's size");
      }
      done += n;
    }
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
