package io.github.squashtree.core.write;

import io.github.squashtree.core.compression.CompressorOptions;
import io.github.squashtree.core.internal.format.DataBlock;
import io.github.squashtree.core.internal.format.Inode;
import io.github.squashtree.core.internal.read.FileLayout;
import io.github.squashtree.core.internal.read.ImageReader;
import io.github.squashtree.core.internal.read.StoredFile;
import io.github.squashtree.core.tree.Entry;
import io.github.squashtree.core.tree.Tree;
import java.io.IOException;
import java.io.InputStream;

/**
 * Writes each file's content: full blocks through the pipeline (all-zero blocks become holes), the
 * tail into a fragment or a short last block. Duplicates are found as mksquashfs finds them, a
 * file's blocks and its tail separately ({@link StoredParts}): a file shares the blocks of an
 * earlier one whose blocks are equal, and the place in a fragment of an earlier equal tail; one
 * that shares both with the same file is its duplicate. A file that a source image stores with this
 * write's compression keeps its compressed blocks: they are decoded (to check them, hash them and
 * find zero blocks) but not compressed again, once the image's first blocks proved to be what this
 * write's compressor makes of them.
 */
final class FileDataWriter implements AutoCloseable {
  private final SourceFiles files;
  private final Tree tree;
  private final BlockPipeline pipeline;
  private final FragmentPacker fragments;
  private final WriterOptions options;
  private final int blockSize;
  private final SourceImages sources;
  private final StoredParts parts = new StoredParts();
  private final PartComparison compare;
  private final byte[] zeros;
  private final boolean reuse;
  private final StreamedFiles streamed;
  private final WriteListener events;

  /** The digest of the blocks {@link #store} stored last. */
  private int storedCrc;

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
    this.files = new SourceFiles(tree);
    this.events = events;
    this.streamed = streamed;
    this.pipeline = pipeline;
    this.fragments = fragments;
    this.options = options;
    this.reuse = reuse;
    this.blockSize = options.blockSize();
    this.zeros = new byte[blockSize];
    this.compare = new PartComparison(files, blockSize, zeros);
    this.sources = new SourceImages(options, codecOptions);
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
    int size = content.length;
    int tail = fragmentTail(size);
    if (blockCount(size, tail) == 0) {
      return writeTailOnly(file, content);
    }
    // One block: the whole file (a block's worth, or any small file without fragments).
    BlockDigest digest = new BlockDigest(zeros);
    digest.add(content, size);
    for (StoredParts.Blocks b : parts.blocks(1, digest.first())) {
      if (compare.sameBlocks(b.entry(), b.length(), file, content)) {
        return sharingBlocks(file, size, 1, b, digest.holeBytes(), new byte[0]);
      }
    }
    FileData data = storeWhole(content);
    parts.addBlocks(1, digest.first(), new StoredParts.Blocks(file, size, digest.value(), data));
    return data;
  }

  /** A file wholly in a fragment: a duplicate, one sharing another file's tail, or stored. */
  private FileData writeTailOnly(Entry file, byte[] content) throws IOException {
    int crc = PartComparison.crc(content, 0, content.length);
    StoredParts.Tail same = storedTail(content, crc);
    if (same != null && same.data().size == content.length) {
      events.fileDeduplicated(file);
      return same.data();
    }
    FileData data = new FileData(content.length, 0);
    if (same != null) {
      shareTail(data, same);
    } else {
      fragments.add(content, 0, content.length, data);
      parts.addTail(crc, new StoredParts.Tail(file, 0, content.length, data));
    }
    // Read, if not stored (a duplicate's content counts once, as its duplicate).
    events.bytesRead(content.length);
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
    long size = file.metadata().size();
    int tail = fragmentTail(size);
    int count = blockCount(size, tail);
    boolean dedup = options.deduplicate() && size > 0;
    if (dedup && count == 0) {
      return write(file, readWhole(file));
    }
    FileData data = store(file, size, tail, count, dedup, dedup);
    if (data != null) {
      return data;
    }
    // The first block is that of stored blocks: read the whole file, then compare the candidates.
    long blockPart = size - tail;
    PartComparison.Digest d = compare.digest(file, blockPart, tail);
    for (StoredParts.Blocks b : parts.blocks(count, d.first())) {
      if (b.crc() == d.crc() && compare.sameBlocks(b.entry(), b.length(), file, blockPart)) {
        return sharingBlocks(file, size, count, b, d.holeBytes(), d.tail());
      }
    }
    data = store(file, size, tail, count, true, false);
    if (storedCrc != d.crc()) {
      throw SourceFiles.changed(file);
    }
    return data;
  }

  /**
   * The data of a file whose {@code count} blocks equal the stored {@code blocks}: their duplicate
   * when its tail is theirs too, else data of its own sharing them, with its tail stored or shared.
   */
  private FileData sharingBlocks(
      Entry file, long size, int count, StoredParts.Blocks blocks, long holeBytes, byte[] tail)
      throws IOException {
    FileData owner = blocks.data();
    if (tail.length == 0) {
      if (owner.size == size && owner.fragmentIndex == Inode.NONE) {
        events.fileDeduplicated(file);
        return owner;
      }
      events.bytesRead(size);
      return FileData.sharingBlocks(size, owner, holeBytes);
    }
    int crc = PartComparison.crc(tail, 0, tail.length);
    StoredParts.Tail same = storedTail(tail, crc);
    if (same != null
        && owner.size == size
        && owner.fragmentIndex == same.data().fragmentIndex
        && owner.fragmentOffset == same.data().fragmentOffset) {
      events.fileDeduplicated(file);
      return owner;
    }
    FileData data = FileData.sharingBlocks(size, owner, holeBytes);
    if (same != null) {
      shareTail(data, same);
    } else {
      fragments.add(tail, 0, tail.length, data);
      parts.addTail(crc, new StoredParts.Tail(file, size - tail.length, tail.length, data));
    }
    events.bytesRead(size);
    return data;
  }

  /** The stored tail equal to {@code tail}, if there is one. */
  private StoredParts.Tail storedTail(byte[] tail, int crc) throws IOException {
    for (StoredParts.Tail t : parts.tails(tail.length, crc)) {
      if (compare.sameTail(t.entry(), t.offset(), tail)) {
        return t;
      }
    }
    return null;
  }

  private static void shareTail(FileData data, StoredParts.Tail tail) {
    data.fragmentIndex = tail.data().fragmentIndex;
    data.fragmentOffset = tail.data().fragmentOffset;
  }

  /** Puts {@code tail}, the end of {@code file}, into a fragment, or shares an equal stored one. */
  private void placeTail(Entry file, long size, byte[] tail, FileData data, boolean dedup)
      throws IOException {
    if (!dedup) {
      fragments.add(tail, 0, tail.length, data);
      return;
    }
    int crc = PartComparison.crc(tail, 0, tail.length);
    StoredParts.Tail same = storedTail(tail, crc);
    if (same != null) {
      shareTail(data, same);
    } else {
      fragments.add(tail, 0, tail.length, data);
      parts.addTail(crc, new StoredParts.Tail(file, size - tail.length, tail.length, data));
    }
  }

  /**
   * The whole content of a file that {@link #readsWhole}: exactly its size, or an error naming it.
   * Safe to call from another thread than the writer's.
   */
  byte[] readWhole(Entry file) throws IOException {
    byte[] content = new byte[(int) file.metadata().size()];
    try (InputStream in = files.open(file)) {
      SourceFiles.readFully(in, content, 0, content.length, file);
      SourceFiles.requireEnd(in, file);
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
      submit(block, size, data, 0, isZero(block, size));
    }
    events.bytesRead(size);
    return data;
  }

  /**
   * Stores {@code file}: {@code count} blocks, copied from its source image where they can be, else
   * read and compressed, and a {@code tail} of that many bytes. With {@code probe}, gives up before
   * anything is written, returning null, when its first block is that of stored blocks of the same
   * count (the caller then looks for a duplicate); with {@code index}, what it stores can be found
   * again.
   */
  private FileData store(Entry file, long size, int tail, int count, boolean index, boolean probe)
      throws IOException {
    StoredFile stored =
        reuse
            ? tree.storedContent(file)
                .filter(StoredFile.class::isInstance)
                .map(StoredFile.class::cast)
                .orElse(null)
            : null;
    BlockDigest digest = new BlockDigest(zeros);
    FileData data = new FileData(size, count);
    byte[] rest;
    if (stored != null && sources.of(stored.image()).copyable()) {
      rest = copy(file, stored, size, tail, count, data, digest, index && probe);
    } else {
      // A stored file's content is the tree's (see Tree#storedContent), read here from the image.
      try (InputStream in =
          stored != null ? SourceFiles.openStored(file, stored) : files.open(file)) {
        rest = read(file, in, size, tail, count, data, digest, index && probe);
      }
    }
    if (rest == null) {
      return null;
    }
    if (tail > 0) {
      placeTail(file, size, rest, data, index);
    }
    if (index && count > 0) {
      parts.addBlocks(
          count, digest.first(), new StoredParts.Blocks(file, size - tail, digest.value(), data));
    }
    storedCrc = digest.value();
    return data;
  }

  /**
   * Reads {@code count} blocks of {@code in} into the pipeline and returns the {@code tail} bytes
   * after them; fails if the file has more. Null, with nothing written, when {@code probe} finds
   * the first block stored.
   */
  private byte[] read(
      Entry file,
      InputStream in,
      long size,
      int tail,
      int count,
      FileData data,
      BlockDigest digest,
      boolean probe)
      throws IOException {
    long blockPart = size - tail;
    for (int i = 0; i < count; i++) {
      int length = (int) Math.min(blockSize, blockPart - (long) i * blockSize);
      byte[] block = pipeline.buffer();
      SourceFiles.readFully(in, block, 0, length, file);
      boolean hole = digest.add(block, length);
      if (i == 0 && probe && parts.hasBlocks(count, digest.first())) {
        pipeline.release(block);
        return null;
      }
      events.bytesRead(length);
      submit(block, length, data, i, hole);
    }
    byte[] rest = new byte[tail];
    SourceFiles.readFully(in, rest, 0, tail, file);
    SourceFiles.requireEnd(in, file);
    if (tail > 0) {
      events.bytesRead(tail);
    }
    return rest;
  }

  /**
   * Writes a file from its source image's blocks: each full block is decoded into {@code block} (so
   * a corrupt one fails here, the digest and the zero check see the content) and its stored bytes
   * are written as they are; a short last block or tail that the image keeps elsewhere is read (and
   * compressed as usual). Returns the tail; null, with nothing written, when {@code probe} finds
   * the first block stored.
   */
  private byte[] copy(
      Entry file,
      StoredFile stored,
      long size,
      int tail,
      int count,
      FileData data,
      BlockDigest digest,
      boolean probe)
      throws IOException {
    FileLayout layout = stored.layout();
    if (layout.fileSize() != size) {
      throw new IOException(file.path() + ": the image stores " + layout.fileSize() + " bytes");
    }
    ImageReader image = stored.image();
    SourceImages.Blocks source = sources.of(image);
    try {
      for (int i = 0; i < count; i++) {
        int length = (int) Math.min(blockSize, size - tail - (long) i * blockSize);
        byte[] block = pipeline.buffer();
        if (i >= layout.blockCount()) {
          // The image keeps this short last block in a fragment: compress it like any other.
          SourceFiles.readAt(stored, layout.offset(i), block, length);
          boolean hole = digest.add(block, length);
          if (i == 0 && probe && parts.hasBlocks(count, digest.first())) {
            pipeline.release(block);
            return null;
          }
          events.bytesRead(length);
          submit(block, length, data, i, hole);
          continue;
        }
        byte[] raw = pipeline.buffer();
        image.readBlock(layout, i, block, raw);
        boolean hole = digest.add(block, length);
        if (i == 0 && probe && parts.hasBlocks(count, digest.first())) {
          pipeline.release(block);
          pipeline.release(raw);
          return null;
        }
        events.bytesRead(length);
        int word = layout.sizeWord(i);
        if (hole || !source.copyable() || !source.confirms(block, length, raw, word)) {
          pipeline.release(raw);
          submit(block, length, data, i, hole);
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
      byte[] last = new byte[tail];
      SourceFiles.readAt(stored, size - tail, last, tail);
      if (tail > 0) {
        events.bytesRead(tail);
      }
      return last;
    } catch (IOException e) {
      throw SourceFiles.named(file, e);
    }
  }

  /** Submits a block read in full: a hole when it is all zeros, else to be compressed. */
  private void submit(byte[] block, int length, FileData data, int i, boolean hole)
      throws IOException {
    if (hole) {
      pipeline.release(block);
      data.sparseBytes += length;
      events.sparseBlock();
      pipeline.submitSparse(data.block(i));
    } else {
      events.blockWritten();
      pipeline.submit(block, length, data.block(i));
    }
  }

  private boolean isZero(byte[] block, int length) {
    return BlockDigest.isZero(zeros, block, length);
  }

  /** Frees the compressor that checked source images' blocks, if one was made. */
  @Override
  public void close() {
    sources.close();
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
}
