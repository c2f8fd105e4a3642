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

/**
 * File content taken as it arrives, before the tree that holds it is known ({@link
 * StreamingWrite}): full blocks go to the pipeline at once, the tail waits in memory until the file
 * is complete. Duplicates are found as for a tree's files, blocks and tails separately ({@link
 * StoredParts}), but the earlier content cannot be read from its source again, so it is read back
 * from the image: blocks are compared as stored (the compressors are deterministic, so equal stored
 * bytes are equal content, and content that differs is never taken for equal), tails decoded from
 * their fragment. Blocks found stored already are known only once they are written: they are taken
 * back ({@link ImageOutput#rewind}).
 */
final class StreamedFiles implements AutoCloseable {
  private final ImageOutput out;
  private final BlockPipeline pipeline;
  private final FragmentPacker fragments;
  private final WriterOptions options;
  private final CompressorOptions codecOptions;
  private final int blockSize;
  private final byte[] zeros;
  private final StoredParts parts = new StoredParts();
  private Decompressor decompressor;
  private long cachedFragment = -1;
  private byte[] fragment;
  private byte[] stored;
  private boolean used;

  /** Blocks of one file at most: 2^25 words (128 MiB) held until its inode is written. */
  static final long MAX_BLOCKS = 1L << 25;

  /** How many bytes the block {@link #decode} decoded last holds. */
  private int decodedLength;

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
    return write(in, size, null);
  }

  /**
   * Writes a file's content: the next {@code size} bytes of {@code in}, or, with {@code ranges} (a
   * sparse file's {@code [offset, length, ...]} pairs), only its data ranges' bytes, the rest
   * holes. A block wholly in a hole is then a hole without a byte read or checked: a file of a
   * terabyte of holes costs its block count, not its size (its digest is the same: a hole is hashed
   * as a mark, however it was found).
   */
  StreamedContent write(InputStream source, long size, long[] ranges) throws IOException {
    HoleFilledInput holed = ranges == null ? null : new HoleFilledInput(source, ranges, size);
    InputStream in = holed == null ? source : holed;
    if (size < 0) {
      throw new IllegalArgumentException("negative size " + size);
    }
    used = true;
    int tail = tailInFragment(size) ? (int) (size % blockSize) : 0;
    long blocks = (size - tail + blockSize - 1) / blockSize;
    if (blocks > MAX_BLOCKS) {
      // Each block costs a word in memory until the inode is written: bounded.
      throw new IOException(
          size
              + " bytes take more than "
              + MAX_BLOCKS
              + " blocks of "
              + blockSize
              + " bytes (a larger block size holds them)");
    }
    boolean dedup = options.deduplicate() && size > 0;
    if (size > 0 && size <= blockSize) {
      byte[] content = new byte[(int) size];
      readFully(in, content, (int) size, 0, size);
      return blocks == 0 ? tailOnly(content, dedup) : oneBlock(content, dedup);
    }
    FileData data = new FileData(size, (int) blocks);
    BlockDigest digest = new BlockDigest(zeros);
    long read = 0;
    // Heard of once the file's blocks are known not to be stored already: then they are taken back.
    long holes = 0;
    for (int i = 0; i < blocks; i++) {
      int length = (int) Math.min(blockSize, size - tail - read);
      if (holed != null && holed.holeAhead(length)) {
        holed.skipHole(length);
        digest.addHole(length);
        read += length;
        data.sparseBytes += length;
        pipeline.submitSparse(data.block(i));
        holes++;
        continue;
      }
      byte[] block = pipeline.buffer();
      readFully(in, block, length, read, size);
      read += length;
      boolean hole = digest.add(block, length);
      submit(block, length, data, i, hole);
      if (hole) {
        holes++;
      }
    }
    byte[] rest = new byte[tail];
    readFully(in, rest, tail, read, size);
    if (dedup && blocks > 0) {
      for (StoredParts.Blocks b : parts.blocks((int) blocks, digest.first())) {
        if (b.crc() != digest.value()) {
          continue;
        }
        pipeline.drain(); // every block of both files in place
        if (sameStored(b.data(), data)) {
          out.rewind(data.blocksStart);
          return sharingBlocks(size, b.data(), digest.holeBytes(), rest);
        }
      }
    }
    report(blocks - holes, holes);
    if (size > 0) {
      events.bytesRead(size); // a duplicate's content counts once, as a tree's does
    }
    if (tail > 0) {
      placeTail(rest, data, dedup);
    }
    if (dedup && blocks > 0) {
      parts.addBlocks(
          (int) blocks,
          digest.first(),
          new StoredParts.Blocks(null, size - tail, digest.value(), data));
    }
    return new StreamedContent(this, data, false);
  }

  /** A file wholly in a fragment: a duplicate, one sharing another file's tail, or stored. */
  private StreamedContent tailOnly(byte[] content, boolean dedup) throws IOException {
    int crc = PartComparison.crc(content, 0, content.length);
    StoredParts.Tail same = dedup ? storedTail(content, crc) : null;
    if (same != null && same.data().size == content.length) {
      return new StreamedContent(this, same.data(), true);
    }
    FileData data = new FileData(content.length, 0);
    if (same != null) {
      shareTail(data, same);
    } else {
      fragments.add(content, 0, content.length, data);
      if (dedup) {
        parts.addTail(crc, new StoredParts.Tail(null, 0, content.length, data));
      }
    }
    events.bytesRead(content.length);
    return new StreamedContent(this, data, false);
  }

  /** A file of one block, at most a block long: its blocks shared, or stored. */
  private StreamedContent oneBlock(byte[] content, boolean dedup) throws IOException {
    int size = content.length;
    BlockDigest digest = new BlockDigest(zeros);
    boolean hole = digest.add(content, size);
    if (dedup) {
      for (StoredParts.Blocks b : parts.blocks(1, digest.first())) {
        if (sameBlock(b.data(), content)) {
          return sharingBlocks(size, b.data(), digest.holeBytes(), new byte[0]);
        }
      }
    }
    FileData data = new FileData(size, 1);
    byte[] block = pipeline.buffer();
    System.arraycopy(content, 0, block, 0, size);
    submit(block, size, data, 0, hole);
    report(hole ? 0 : 1, hole ? 1 : 0);
    events.bytesRead(size);
    if (dedup) {
      parts.addBlocks(1, digest.first(), new StoredParts.Blocks(null, size, digest.value(), data));
    }
    return new StreamedContent(this, data, false);
  }

  /**
   * A file whose blocks are those stored for {@code owner}: its duplicate when its tail is the
   * owner's too, else content of its own sharing them, its tail shared or stored (as {@link
   * FileDataWriter} does for a tree's files).
   */
  private StreamedContent sharingBlocks(long size, FileData owner, long holeBytes, byte[] tail)
      throws IOException {
    if (tail.length == 0) {
      if (owner.size == size && owner.fragmentIndex == Inode.NONE) {
        return new StreamedContent(this, owner, true);
      }
      events.bytesRead(size);
      return new StreamedContent(this, FileData.sharingBlocks(size, owner, holeBytes), false);
    }
    int crc = PartComparison.crc(tail, 0, tail.length);
    StoredParts.Tail same = storedTail(tail, crc);
    if (same != null
        && owner.size == size
        && owner.fragmentIndex == same.data().fragmentIndex
        && owner.fragmentOffset == same.data().fragmentOffset) {
      return new StreamedContent(this, owner, true);
    }
    FileData data = FileData.sharingBlocks(size, owner, holeBytes);
    if (same != null) {
      shareTail(data, same);
    } else {
      fragments.add(tail, 0, tail.length, data);
      parts.addTail(crc, new StoredParts.Tail(null, size - tail.length, tail.length, data));
    }
    events.bytesRead(size);
    return new StreamedContent(this, data, false);
  }

  /** Puts {@code tail} into a fragment, or shares an equal one stored already. */
  private void placeTail(byte[] tail, FileData data, boolean dedup) throws IOException {
    int crc = PartComparison.crc(tail, 0, tail.length);
    StoredParts.Tail same = dedup ? storedTail(tail, crc) : null;
    if (same != null) {
      shareTail(data, same);
    } else {
      fragments.add(tail, 0, tail.length, data);
      if (dedup) {
        parts.addTail(crc, new StoredParts.Tail(null, data.size - tail.length, tail.length, data));
      }
    }
  }

  /** The stored tail equal to {@code tail}, decoded from its fragment to compare, if any. */
  private StoredParts.Tail storedTail(byte[] tail, int crc) throws IOException {
    for (StoredParts.Tail t : parts.tails(tail.length, crc)) {
      if (sameTail(t.data(), tail)) {
        return t;
      }
    }
    return null;
  }

  private static void shareTail(FileData data, StoredParts.Tail tail) {
    data.fragmentIndex = tail.data().fragmentIndex;
    data.fragmentOffset = tail.data().fragmentOffset;
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

  /** Submits a block read in full: a hole, or to be compressed. */
  private void submit(byte[] block, int length, FileData data, int i, boolean hole)
      throws IOException {
    if (hole) {
      pipeline.release(block);
      data.sparseBytes += length;
      pipeline.submitSparse(data.block(i));
    } else {
      pipeline.submit(block, length, data.block(i));
    }
  }

  /**
   * Whether the one block {@code earlier} stores is {@code content}: both holes (whatever their
   * lengths), or the same bytes.
   */
  private boolean sameBlock(FileData earlier, byte[] content) throws IOException {
    pipeline.drain();
    int word = earlier.words[0];
    boolean zero = BlockDigest.isZero(zeros, content, content.length);
    if (DataBlock.isSparse(word) || zero) {
      return DataBlock.isSparse(word) && zero;
    }
    byte[] block = decode(earlier.blocksStart, word, content.length);
    return decodedLength == content.length
        && Arrays.equals(block, 0, content.length, content, 0, content.length);
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
    int end = earlier.fragmentOffset + tail.length;
    if (end > block.length) {
      throw new IOException("a fragment this write stored is shorter than the tails it holds");
    }
    return Arrays.equals(block, earlier.fragmentOffset, end, tail, 0, tail.length);
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
      // A fragment block holds what was packed into it: as much as its tails need, not a block.
      fragment = Arrays.copyOf(decode(e.start(), e.sizeWord(), 0), decodedLength);
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
      decodedLength = n;
      return raw;
    }
    if (decompressor == null) {
      decompressor = Codecs.decompressor(options.compression(), codecOptions);
      stored = new byte[blockSize];
    }
    int m = decompressor.decompress(raw, 0, n, stored, 0, blockSize);
    decodedLength = m;
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
