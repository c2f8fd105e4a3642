package io.github.squashtree.core.image;

import io.github.squashtree.core.SquashfsFormatException;
import io.github.squashtree.core.internal.extract.Extractor;
import io.github.squashtree.core.internal.format.FileInode;
import io.github.squashtree.core.internal.format.Superblock;
import io.github.squashtree.core.internal.io.ByteSource;
import io.github.squashtree.core.internal.read.FileLayout;
import io.github.squashtree.core.internal.read.ImageReader;
import io.github.squashtree.core.internal.read.ImageTree;
import io.github.squashtree.core.internal.verify.ImageVerifier;
import io.github.squashtree.core.tree.Entry;
import io.github.squashtree.core.tree.EntryType;
import io.github.squashtree.core.tree.StoredContent;
import io.github.squashtree.core.tree.TimePrecision;
import io.github.squashtree.core.tree.Tree;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A SquashFS 4.0 image, read without mounting: a {@link Tree} of its entries, plus what only an
 * image has (its superblock facts, positional reads, extraction and verification).
 *
 * <pre>{@code
 * try (SquashfsImage image = SquashfsImage.open(Path.of("root.sqfs"))) {
 *   Entry passwd = image.lookup("/etc/passwd").orElseThrow();
 *   try (InputStream in = image.open(passwd)) {
 *     in.transferTo(System.out);
 *   }
 * }
 * }</pre>
 *
 * <p>Every size, count and offset read from the image is checked before it is used: a damaged or
 * hostile image raises {@link SquashfsFormatException} naming the structure and offset, never
 * another exception, a hang or an unbounded allocation. Modification times are whole seconds; an
 * entry's {@link io.github.squashtree.core.tree.Metadata#linkKey()} identifies its inode, so hard
 * links share it. A directory reached by a second path (a loop, a hard-linked directory) is
 * reported as corrupt. Safe for use by several threads at once; {@link #close()} ends every read in
 * progress with an exception.
 */
public final class SquashfsImage implements Tree {
  private final ImageReader reader;
  private final ImageTree tree;

  private SquashfsImage(ImageReader reader) {
    this.reader = reader;
    this.tree = ImageTree.of(reader);
  }

  /**
   * Opens the image in {@code file} with the default {@link ReaderOptions}.
   *
   * @param file an image file or a block device holding one
   * @return the open image, to be closed by the caller
   * @throws io.github.squashtree.core.MissingCodecException if the image's codec library is absent
   * @throws SquashfsFormatException if the file is not a sound SquashFS 4.0 image
   * @throws IOException if the file cannot be read
   */
  public static SquashfsImage open(Path file) throws IOException {
    return open(file, ReaderOptions.defaults());
  }

  /**
   * Opens the image in {@code file}.
   *
   * @param file an image file or a block device holding one
   * @param options limits, cache sizes and the image's offset in the file
   * @return the open image, to be closed by the caller
   * @throws io.github.squashtree.core.MissingCodecException if the image's codec library is absent
   * @throws SquashfsFormatException if the file is not a sound SquashFS 4.0 image
   * @throws IOException if the file cannot be read
   */
  public static SquashfsImage open(Path file, ReaderOptions options) throws IOException {
    Objects.requireNonNull(options, "options");
    return new SquashfsImage(ImageReader.open(ByteSource.of(file), options));
  }

  /**
   * Opens an image held in memory, from the buffer's position to its limit; the buffer must not
   * change while the image is open.
   *
   * @param bytes the image
   * @param options limits and cache sizes
   * @return the open image
   * @throws io.github.squashtree.core.MissingCodecException if the image's codec library is absent
   * @throws SquashfsFormatException if the bytes are not a sound SquashFS 4.0 image
   * @throws IOException if the image cannot be read
   */
  public static SquashfsImage open(ByteBuffer bytes, ReaderOptions options) throws IOException {
    Objects.requireNonNull(options, "options");
    return new SquashfsImage(ImageReader.open(ByteSource.of(bytes.slice()), options));
  }

  /**
   * The facts of the superblock.
   *
   * @return codec, block size, counts and flags
   */
  public ImageInfo info() {
    Superblock s = reader.superblock();
    Set<ImageFlag> flags = EnumSet.noneOf(ImageFlag.class);
    for (ImageFlag f : ImageFlag.values()) {
      if (s.hasFlag(f.bit())) {
        flags.add(f);
      }
    }
    return new ImageInfo(
        reader.compression(),
        reader.compressorOptions(),
        s.blockSize(),
        s.bytesUsed(),
        s.modificationTime(),
        s.inodeCount(),
        s.fragmentCount(),
        s.idCount(),
        reader.xattrSetCount(),
        flags);
  }

  @Override
  public Entry root() throws IOException {
    return tree.root();
  }

  @Override
  public List<Entry> children(Entry directory) throws IOException {
    return tree.children(directory);
  }

  @Override
  public Optional<Entry> lookup(String path) throws IOException {
    return tree.lookup(path);
  }

  @Override
  public InputStream open(Entry file) throws IOException {
    return tree.open(file);
  }

  /**
   * Reads up to {@code len} bytes of a regular file from {@code position}, decoding only the blocks
   * that hold them (holes read as zeros).
   *
   * @param file a regular file of this image
   * @param position where to start in the file, from 0
   * @param dst where to put the bytes
   * @param off where in {@code dst}
   * @param len how many bytes at most
   * @return the bytes read, fewer than {@code len} only at the end of the file; -1 at or past it
   * @throws IOException if the image cannot be read or a block is corrupt
   * @throws IllegalArgumentException if {@code file} is not a regular file of this image
   */
  public int read(Entry file, long position, byte[] dst, int off, int len) throws IOException {
    Objects.checkFromIndexSize(off, len, dst.length);
    if (position < 0) {
      throw new IllegalArgumentException("negative position " + position);
    }
    return reader.read(fileInode(file), position, dst, off, len);
  }

  @Override
  public Optional<StoredContent> storedContent(Entry file) throws IOException {
    return tree.storedContent(file);
  }

  /**
   * Where the image stores a regular file's content: pairs of offset and length, in increasing
   * order and not touching; the rest of the file is holes (zeros the image does not store, whole
   * blocks). A file without holes has one pair, {@code (0, size)}; an empty file has none. A tar
   * writer keeps the holes sparse with it.
   *
   * @param file a regular file of this image
   * @return {@code [offset0, length0, offset1, length1, ...]}
   * @throws IOException if the image cannot be read
   * @throws IllegalArgumentException if {@code file} is not a regular file of this image
   */
  public long[] storedRanges(Entry file) throws IOException {
    FileLayout layout = reader.layout(fileInode(file));
    long[] ranges = new long[8];
    int n = 0;
    long end = -1;
    int blocks = layout.blockCount();
    for (int i = 0; i <= blocks; i++) {
      long from;
      long length;
      if (i < blocks) {
        if (layout.isSparse(i)) {
          continue;
        }
        from = layout.offset(i);
        length = layout.length(i);
      } else {
        if (layout.tailSize() == 0) {
          continue;
        }
        from = layout.tailOffset();
        length = layout.tailSize();
      }
      if (from == end) {
        ranges[n - 1] += length; // joins the range before it
      } else {
        if (n + 2 > ranges.length) {
          ranges = Arrays.copyOf(ranges, ranges.length * 2);
        }
        ranges[n++] = from;
        ranges[n++] = length;
      }
      end = from + length;
    }
    return Arrays.copyOf(ranges, n);
  }

  @Override
  public TimePrecision precision() {
    return TimePrecision.SECONDS;
  }

  /**
   * Extracts the entry at {@code path} ("/" for everything) and what is below it into {@code dest},
   * keeping its path ({@code /usr/bin} lands in {@code dest/usr/bin}), as {@code unsquashfs -d}
   * does: content with holes kept, permissions, mtimes, symlinks, hard links, and as {@code
   * options} allow, owners, extended attributes and device nodes.
   *
   * <p>{@code dest} must be new or an empty directory. Nothing is written outside it or through a
   * symlink, and a failed extraction removes what it wrote.
   *
   * @param path the entry to extract, "/" for the whole image
   * @param dest a new or empty directory
   * @param options what to restore beyond content, and how many workers
   * @param listener hears of bytes written and warnings
   * @return what was extracted
   * @throws IOException if the image cannot be read or {@code dest} cannot be written
   */
  public ExtractResult extract(
      String path, Path dest, ExtractOptions options, ExtractListener listener) throws IOException {
    return new Extractor(reader, options, listener).extract(path, dest);
  }

  /**
   * Reads every table and every block of the image in {@code file}, as the kernel would, and
   * reports the first problem; an image too damaged to open gives a report too.
   *
   * @param file the image file
   * @param listener hears how far the check got
   * @param threads threads decoding data blocks; 0 for one per processor
   * @return what was checked and the first problem, if any
   * @throws SquashfsFormatException if the file is not a SquashFS image at all (no magic number)
   * @throws IOException if the file cannot be read
   */
  public static VerifyReport verify(Path file, VerifyListener listener, int threads)
      throws IOException {
    return verify(file, ReaderOptions.defaults(), listener, threads);
  }

  /**
   * As {@link #verify(Path, VerifyListener, int)}, the image read with {@code options} (an image
   * {@linkplain ReaderOptions#offset() at an offset} in its file, other cache sizes).
   *
   * @param file the image file
   * @param options the reader's options
   * @param listener hears how far the check got
   * @param threads threads decoding data blocks; 0 for one per processor
   * @return what was checked and the first problem, if any
   * @throws SquashfsFormatException if the file is not a SquashFS image at all (no magic number)
   * @throws IOException if the file cannot be read
   */
  public static VerifyReport verify(
      Path file, ReaderOptions options, VerifyListener listener, int threads) throws IOException {
    Objects.requireNonNull(options, "options");
    if (threads < 0) {
      throw new IllegalArgumentException("negative thread count " + threads);
    }
    int n = threads == 0 ? Runtime.getRuntime().availableProcessors() : threads;
    return new ImageVerifier(listener, n).verify(file, options);
  }

  private FileInode fileInode(Entry file) throws IOException {
    if (file.type() != EntryType.FILE) {
      throw new IllegalArgumentException(file.path() + " is not a regular file");
    }
    if (!(reader.inode(file.metadata().linkKey()) instanceof FileInode f)) {
      throw new IllegalArgumentException(file.path() + " is not a regular file of this image");
    }
    return f;
  }

  /** Closes the image; reads in progress and later calls fail. */
  @Override
  public void close() throws IOException {
    reader.close();
  }
}
