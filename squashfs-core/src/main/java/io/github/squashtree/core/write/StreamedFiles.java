package io.github.squashtree.core.write;

import io.github.squashtree.core.compression.CompressorOptions;
import io.github.squashtree.core.internal.codec.Codecs;
import io.github.squashtree.core.internal.codec.Decompressor;
import io.github.squashtree.core.internal.format.DataBlock;
import io.github.squashtree.core.internal.format.FragmentEntry;
import io.github.squashtree.core.internal.format.Inode;
import io.github.squashtree.core.tree.Entry;
import io.github.squashtree.core.tree.StoredContent;
import io.github.squashtree.core.tree.Tree;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * File content taken as it arrives, before the tree that holds it is known ({@link
 * StreamingWrite}): full blocks go to the pipeline at once, the tail waits in memory until the file
 * is complete. Duplicates are found as for a tree's files (same size and CRC-32C, then the content
 * compared), but the earlier content cannot be read from its source again, so it is read back from
 * the image: blocks are compared as stored (the compressors are deterministic, so equal stored
 * bytes are equal content, and content that differs is never taken for equal), tails decoded from
 * their fragment. A duplicate longer than a block is known only once its blocks are written: they
 * are taken back ({@link ImageOutput#rewind}).
 */
final class StreamedFiles implements AutoCloseable {
  private final ImageOutput out;
  private final BlockPipeline pipeline;
  private final FragmentPacker fragments;
  private final WriterOptions options;
  private final CompressorOptions codecOptions;
  private final int blockSize;
  private final byte[] zeros;
  private final DuplicateIndex written = new DuplicateIndex();
  private Decompressor decompressor;
  private long cachedFragment = -1;
  private byte[] fragment;
  private byte[] stored;
  private boolean used;
  private final WriteListener events;

  StreamedFiles(
      ImageOutput out,
      BlockPipeline pipeline,
      FragmentPacker fragments,
      WriterOptions options,
      CompressorOptions codecOptions,
      int blockSize,
      WriteListener events) {
    this.out = out;
    this.events = events;
    this.pipeline = pipeline;
    this.fragments = fragments;
    this.options = options;
    this.codecOptions = codecOptions;
    this.blockSize = blockSize;
    this.zeros = new byte[blockSize];
  }

  /** Whether any content was streamed: the tree's files then name theirs. */
  boolean used() {
    return used;
  }

  /** The data written for {@code file} if the tree names content streamed into this write. */
  FileData dataOf(Tree tree, Entry file) throws IOException {
    if (!used) {
      return null;
    }
    StoredContent c = tree.storedContent(file).orElse(null);
    if (c instanceof StreamedContent s && s.owner() == this) {
      if (s.data().size != file.metadata().size()) {
        throw new IOException(
            file.path()
                + ": "
                + file.metadata().size()
                + " bytes, but its content has "
                + s.size());
      }
      if (s.duplicate()) {
        events.fileDeduplicated(file);
      }
      return s.data();
    }
    return null;
  }

  /** Writes the next {@code size} bytes of {@code in} as one file's content. */
  StreamedContent write(InputStream in, long size) throws IOException {
    if (size < 0) {
      throw new IllegalArgumentException("negative size " + size);
    }
    used = true;
    int tail = tailInFragment(size) ? (int) (size % blockSize) : 0;
    long blocks = (size - tail + blockSize - 1) / blockSize;
    if (blocks > Integer.MAX_VALUE) {
      throw new IOException(size + " bytes are more than an image stores in one file");
    }
    FileData data = new FileData(size, (int) blocks);
    boolean dedup = options.deduplicate() && size > 0;
    if (size > 0 && size <= blockSize) {
      byte[] content = new byte[(int) size];
      readFully(in, content, (int) size, 0, size);
      CRC32C crc = new CRC32C();
      crc.update(content);
      if (dedup) {
        for (DuplicateIndex.Written w : written.candidates(size, (int) crc.getValue())) {
          if (sameContent(w.data(), content)) {
            return new StreamedContent(this, w.data(), true);
          }
        }
      }
      if (tail > 0) {
        fragments.add(content, 0, tail, data);
      } else {
        byte[] block = pipeline.buffer();
        System.arraycopy(content, 0, block, 0, (int) size);
        boolean hole = submit(block, (int) size, data, 0);
        report(hole ? 0 : 1, hole ? 1 : 0);
      }
      events.bytesRead(size);
      if (dedup) {
        written.add(new DuplicateIndex.Written(null, (int) crc.getValue(), data));
      }
      return new StreamedContent(this, data, false);
    }
    CRC32C crc = new CRC32C();
    long read = 0;
    // Heard of once the file is known not to be a duplicate, whose blocks are taken back.
    long holes = 0;
    for (int i = 0; i < blocks; i++) {
      int length = (int) Math.min(blockSize, size - read);
      byte[] block = pipeline.buffer();
      readFully(in, block, length, read, size);
      crc.update(block, 0, length);
      read += length;
      if (submit(block, length, data, i)) {
        holes++;
      }
    }
    byte[] rest = new byte[tail];
    readFully(in, rest, tail, read, size);
    crc.update(rest, 0, tail);
    if (dedup) {
      for (DuplicateIndex.Written w : written.candidates(size, (int) crc.getValue())) {
        pipeline.drain(); // every block of both files in place
        if (sameStored(w.data(), data) && sameTail(w.data(), rest)) {
          out.rewind(data.blocksStart);
          return new StreamedContent(this, w.data(), true);
        }
      }
    }
    if (tail > 0) {
      fragments.add(rest, 0, tail, data);
    }
    report(blocks - holes, holes);
    events.bytesRead(size); // a duplicate's content counts once, as a tree's does
    if (dedup) {
      written.add(new DuplicateIndex.Written(null, (int) crc.getValue(), data));
    }
    return new StreamedContent(this, data, false);
  }

  /** Tells the listener of a streamed file's blocks. */
  private void report(long written, long holes) {
    for (long i = 0; i < written; i++) {
      events.blockWritten();
    }
    for (long i = 0; i < holes; i++) {
      events.sparseBlock();
    }
  }

  private boolean tailInFragment(long size) {
    return switch (options.fragments()) {
      case NONE -> false;
      case ALWAYS -> true;
      case SMALL_FILES -> size < blockSize;
    };
  }

  /**
   * Submits a block read in full: a hole when it is all zeros, else to be compressed.
   *
   * @return whether it was a hole
   */
  private boolean submit(byte[] block, int length, FileData data, int i) throws IOException {
    if (Arrays.mismatch(block, 0, length, zeros, 0, length) < 0) {
      pipeline.release(block);
      data.sparseBytes += length;
      pipeline.submitSparse(data.block(i));
      return true;
    }
    pipeline.submit(block, length, data.block(i));
    return false;
  }

  /**
   * Whether the content {@code earlier} stores (a file of one block or less) is {@code content}.
   */
  private boolean sameContent(FileData earlier, byte[] content) throws IOException {
    if (earlier.fragmentIndex != Inode.NONE) {
      return sameTail(earlier, content);
    }
    pipeline.drain();
    int word = earlier.words[0];
    if (DataBlock.isSparse(word)) {
      return Arrays.mismatch(content, 0, content.length, zeros, 0, content.length) < 0;
    }
    byte[] block = decode(earlier.blocksStart, word, content.length);
    return Arrays.equals(block, 0, content.length, content, 0, content.length);
  }

  /** Whether two files' blocks are stored alike: the same words and the same stored bytes. */
  private boolean sameStored(FileData a, FileData b) throws IOException {
    if (!Arrays.equals(a.words, b.words)) {
      return false;
    }
    byte[] x = pipeline.buffer();
    byte[] y = pipeline.buffer();
    try {
      long pa = a.blocksStart;
      long pb = b.blocksStart;
      for (int word : a.words) {
        int n = DataBlock.storedSize(word);
        out.read(pa, x, 0, n);
        out.read(pb, y, 0, n);
        if (!Arrays.equals(x, 0, n, y, 0, n)) {
          return false;
        }
        pa += n;
        pb += n;
      }
      return true;
    } finally {
      pipeline.release(x);
      pipeline.release(y);
    }
  }

  /** Whether the tail {@code earlier} keeps in a fragment is {@code tail} (both or neither). */
  private boolean sameTail(FileData earlier, byte[] tail) throws IOException {
    if (earlier.fragmentIndex == Inode.NONE) {
      return tail.length == 0;
    }
    byte[] block = fragment(earlier.fragmentIndex);
    return Arrays.equals(
        block, earlier.fragmentOffset, earlier.fragmentOffset + tail.length, tail, 0, tail.length);
  }

  /**
   * The content of fragment block {@code index}: the one being filled, or decoded from the image.
   */
  private byte[] fragment(long index) throws IOException {
    byte[] filling = fragments.filling(index);
    if (filling != null) {
      return filling;
    }
    if (index != cachedFragment) {
      pipeline.drain();
      FragmentEntry e = fragments.entries().get(Math.toIntExact(index));
      fragment = decode(e.start(), e.sizeWord(), blockSize).clone();
      cachedFragment = index;
    }
    return fragment;
  }

  /** Decodes the block stored at {@code at} with size word {@code word} (a scratch array). */
  private byte[] decode(long at, int word, int length) throws IOException {
    int n = DataBlock.storedSize(word);
    byte[] raw = new byte[n];
    out.read(at, raw, 0, n);
    if (!DataBlock.isCompressed(word)) {
      return raw;
    }
    if (decompressor == null) {
      decompressor = Codecs.decompressor(options.compression(), codecOptions);
      stored = new byte[blockSize];
    }
    int m = decompressor.decompress(raw, 0, n, stored, 0, blockSize);
    if (m < length) {
      throw new IOException("a block this write stored decodes to " + m + " bytes, not " + length);
    }
    return stored;
  }

  private static void readFully(InputStream in, byte[] dst, int length, long done, long size)
      throws IOException {
    int n = in.readNBytes(dst, 0, length);
    if (n != length) {
      throw new EOFException("content ends after " + (done + n) + " of " + size + " bytes");
    }
  }

  @Override
  public void close() {
    if (decompressor != null) {
      decompressor.close();
      decompressor = null;
    }
  }
}
