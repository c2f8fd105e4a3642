package io.github.squashtree.core.internal.read;

import io.github.squashtree.core.SquashfsFormatException;
import io.github.squashtree.core.internal.codec.Decompressor;
import io.github.squashtree.core.internal.format.DataBlock;
import io.github.squashtree.core.internal.format.MetadataBlock;
import io.github.squashtree.core.internal.io.ByteSource;
import java.io.EOFException;
import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.util.Arrays;
import java.util.concurrent.ConcurrentLinkedDeque;

/** Reads and decodes metadata and data blocks, checking every position against the image. */
final class BlockReader {
  private static final int MAX_IDLE_SCRATCH = 16;

  private final ByteSource source;
  private final long imageEnd;
  private final int blockSize;
  private final DecompressorPool decompressors;
  private final LruCache<Long, DecodedBlock> metadataCache;
  // Not a ThreadLocal: a block-sized array per thread would outlive the image in pooled threads.
  private final ConcurrentLinkedDeque<byte[]> fragmentScratch = new ConcurrentLinkedDeque<>();
  private volatile boolean closed;

  BlockReader(
      ByteSource source, long imageEnd, int blockSize, DecompressorPool pool, int cacheSize) {
    this.source = source;
    this.imageEnd = imageEnd;
    this.blockSize = blockSize;
    this.decompressors = pool;
    this.metadataCache = new LruCache<>(cacheSize);
  }

  int blockSize() {
    return blockSize;
  }

  long imageEnd() {
    return imageEnd;
  }

  /** From now on every read fails with "image is closed", cached blocks included. */
  void close() {
    closed = true;
    decompressors.close();
    fragmentScratch.clear();
  }

  /** Fails once the image is closed: no read, not even of a cached block, succeeds after it. */
  void ensureOpen() throws IOException {
    if (closed) {
      throw new IOException("image is closed");
    }
  }

  /** Reads raw bytes that must lie inside the image. */
  void readRaw(long position, byte[] dst, int off, int len, String what) throws IOException {
    ensureOpen();
    requireRange(position, len, imageEnd, what);
    try {
      source.readFully(position, dst, off, len);
    } catch (EOFException e) {
      throw new SquashfsFormatException("truncated image: " + what + " at offset " + position, e);
    } catch (ClosedChannelException e) {
      // A read in flight when the image was closed: say so rather than name the channel.
      if (closed) {
        throw new IOException("image is closed (while reading " + what + ")", e);
      }
      throw e;
    }
  }

  /** The metadata block starting at {@code position}, which must end by {@code tableEnd}. */
  DecodedBlock metadataBlock(long position, long tableEnd, String table) throws IOException {
    ensureOpen();
    DecodedBlock cached = metadataCache.get(position);
    if (cached != null) {
      return cached;
    }
    byte[] header = new byte[MetadataBlock.HEADER_SIZE];
    readRaw(position, header, 0, header.length, table + " metadata block header");
    int word = (header[0] & 0xFF) | (header[1] & 0xFF) << 8;
    int stored = MetadataBlock.storedSize(word, position);
    long dataStart = position + MetadataBlock.HEADER_SIZE;
    requireRange(dataStart, stored, tableEnd, table + " metadata block");
    byte[] raw = new byte[stored];
    readRaw(dataStart, raw, 0, stored, table + " metadata block");
    byte[] data;
    if (MetadataBlock.isCompressed(word)) {
      byte[] out = new byte[MetadataBlock.MAX_SIZE];
      int n = decompress(raw, 0, stored, out, MetadataBlock.MAX_SIZE, table, position);
      data = n == out.length ? out : Arrays.copyOf(out, n);
    } else {
      data = raw;
    }
    DecodedBlock block = new DecodedBlock(data, dataStart + stored);
    metadataCache.put(position, block);
    return block;
  }

  /**
   * Decodes a data or fragment block into {@code dst[0, expected)}.
   *
   * @param word the block's size word; sparse blocks are filled with zeros
   * @param expected the exact uncompressed length the block must have
   * @param scratch a buffer of at least the block size for the compressed bytes
   */
  void dataBlock(long position, int word, byte[] dst, int expected, byte[] scratch, String what)
      throws IOException {
    if (DataBlock.hasUnknownBits(word)) {
      throw new SquashfsFormatException(
          what + ": block size word 0x" + Integer.toHexString(word) + " has unknown bits");
    }
    if (DataBlock.isSparse(word)) {
      Arrays.fill(dst, 0, expected, (byte) 0);
      return;
    }
    int stored = DataBlock.storedSize(word);
    if (stored > blockSize) {
      throw new SquashfsFormatException(
          what
              + ": block at "
              + position
              + " stores "
              + stored
              + " bytes, more than the block size");
    }
    if (!DataBlock.isCompressed(word)) {
      if (stored != expected) {
        throw new SquashfsFormatException(
            what
                + ": uncompressed block at "
                + position
                + " holds "
                + stored
                + " bytes, expected "
                + expected);
      }
      readRaw(position, dst, 0, stored, what);
      return;
    }
    readRaw(position, scratch, 0, stored, what);
    int n = decompress(scratch, 0, stored, dst, expected, what, position);
    if (n != expected) {
      throw new SquashfsFormatException(
          what + ": block at " + position + " decodes to " + n + " bytes, expected " + expected);
    }
  }

  /**
   * Decodes a fragment block, whose uncompressed length is only bounded by the block size, into a
   * block-sized array (not trimmed: the many fragment blocks of an extraction would each cost a
   * copy). The compressed bytes go through a scratch buffer from a small pool.
   */
  DecodedFragment fragmentBlock(long position, int word, String what) throws IOException {
    int stored = DataBlock.storedSize(word);
    if (!DataBlock.isCompressed(word)) {
      byte[] raw = new byte[stored];
      readRaw(position, raw, 0, stored, what);
      return new DecodedFragment(raw, stored);
    }
    byte[] raw = fragmentScratch.pollFirst();
    if (raw == null) {
      raw = new byte[blockSize];
    }
    try {
      readRaw(position, raw, 0, stored, what);
      byte[] out = new byte[blockSize];
      int n = decompress(raw, 0, stored, out, blockSize, what, position);
      return new DecodedFragment(out, n);
    } finally {
      if (fragmentScratch.size() < MAX_IDLE_SCRATCH) {
        fragmentScratch.offerFirst(raw);
      }
    }
  }

  private int decompress(
      byte[] src, int off, int len, byte[] dst, int capacity, String what, long position)
      throws SquashfsFormatException {
    Decompressor d = decompressors.borrow();
    try {
      return d.decompress(src, off, len, dst, 0, capacity);
    } catch (SquashfsFormatException e) {
      throw new SquashfsFormatException(what + " at offset " + position + ": " + e.getMessage(), e);
    } finally {
      decompressors.release(d);
    }
  }

  static void requireRange(long position, long length, long end, String what)
      throws SquashfsFormatException {
    if (position < 0 || length < 0 || position > end - length) {
      throw new SquashfsFormatException(
          what + ": " + length + " bytes at offset " + position + " run past its end at " + end);
    }
  }
}
