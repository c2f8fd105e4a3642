package io.github.squashtree.core.write;

import io.github.squashtree.core.compression.Compression;
import io.github.squashtree.core.compression.CompressorOptions;
import io.github.squashtree.core.compression.DeflateImplementation;
import io.github.squashtree.core.internal.format.Superblock;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * How an image is written. Defaults follow mksquashfs: gzip level 9, 128 KiB blocks, fragments for
 * small files, duplicate detection, xattrs and an export table; gzip blocks are compressed by the
 * JDK's zlib, as mksquashfs compresses them ({@link #withDeflate} chooses libdeflate: smaller, a
 * third of the CPU, with {@code com.fulcrumgenomics:jlibdeflate}; see {@link
 * DeflateImplementation}).
 *
 * @param compression the codec of every compressed block
 * @param compressorOptions codec settings, or {@code null} for the codec's defaults
 * @param blockSize bytes of content per data block, a power of two from 4 KiB to 1 MiB
 * @param fragments which file tails are packed into fragment blocks
 * @param deduplicate whether files of equal content are stored once
 * @param xattrs whether extended attributes are stored
 * @param exportTable whether the image gets an export table, so it can be NFS-exported
 * @param allRoot whether every entry is owned by 0:0
 * @param mkfsTime the superblock's creation time; empty means the newest mtime in the tree, so that
 *     the same tree always gives the same bytes
 * @param allTime when present, every inode gets this mtime
 * @param processors threads compressing blocks
 * @param clampTime when present, mtimes later than this become this (as mksquashfs does for {@code
 *     SOURCE_DATE_EPOCH}); {@code allTime} wins over it
 * @param reuseStoredBlocks whether a file read from a SquashFS image with the same codec, codec
 *     settings and block size keeps its compressed blocks as stored there (each still decoded, so a
 *     corrupt block fails the write) instead of having them compressed again, once the image's
 *     first blocks proved to be what this write's compressor makes of them (else its files are
 *     compressed again): the output is the same bytes either way
 * @param offset where the image starts in its file, in bytes (as {@code mksquashfs -o}): the bytes
 *     before it are kept from the file being replaced (zeros where it is shorter or new); every
 *     offset inside the image counts from there, and the padding to 4 KiB is of the image's size
 * @param deflate what compresses gzip blocks (zlib by default); the image's bytes depend on it, so
 *     a write whose choice cannot load fails rather than use the other
 */
public record WriterOptions(
    Compression compression,
    CompressorOptions compressorOptions,
    int blockSize,
    FragmentMode fragments,
    boolean deduplicate,
    boolean xattrs,
    boolean exportTable,
    boolean allRoot,
    OptionalLong mkfsTime,
    OptionalLong allTime,
    int processors,
    OptionalLong clampTime,
    boolean reuseStoredBlocks,
    long offset,
    DeflateImplementation deflate) {

  /**
   * Checks the block size, that the codec options match the codec, the thread count and the times.
   *
   * @param compression the codec of every compressed block
   * @param compressorOptions codec settings, or {@code null} for the codec's defaults
   * @param blockSize bytes of content per data block, a power of two from 4 KiB to 1 MiB
   * @param fragments which file tails are packed into fragment blocks
   * @param deduplicate whether files of equal content are stored once
   * @param xattrs whether extended attributes are stored
   * @param exportTable whether the image gets an export table, so it can be NFS-exported
   * @param allRoot whether every entry is owned by 0:0
   * @param mkfsTime the superblock's creation time; empty means the newest mtime in the tree, so
   *     that the same tree always gives the same bytes
   * @param allTime when present, every inode gets this mtime
   * @param processors threads compressing blocks
   * @param clampTime when present, mtimes later than this become this (as mksquashfs does for
   *     {@code SOURCE_DATE_EPOCH}); {@code allTime} wins over it
   * @param reuseStoredBlocks whether a file read from a SquashFS image with the same codec, codec
   *     settings and block size keeps its compressed blocks as stored there (each still decoded, so
   *     a corrupt block fails the write) instead of having them compressed again, once the image's
   *     first blocks proved to be what this write's compressor makes of them (else its files are
   *     compressed again): the output is the same bytes either way
   * @param offset where the image starts in its file, in bytes (as {@code mksquashfs -o}): the
   *     bytes before it are kept from the file being replaced (zeros where it is shorter or new);
   *     every offset inside the image counts from there, and the padding to 4 KiB is of the image's
   *     size
   * @param deflate what compresses gzip blocks (zlib by default); the image's bytes depend on it,
   *     so a write whose choice cannot load fails rather than use the other
   */
  public WriterOptions {
    Objects.requireNonNull(compression, "compression");
    Objects.requireNonNull(fragments, "fragments");
    Objects.requireNonNull(mkfsTime, "mkfsTime");
    Objects.requireNonNull(allTime, "allTime");
    Objects.requireNonNull(clampTime, "clampTime");
    Objects.requireNonNull(deflate, "deflate");
    if (blockSize < Superblock.MIN_BLOCK_SIZE
        || blockSize > Superblock.MAX_BLOCK_SIZE
        || Integer.bitCount(blockSize) != 1) {
      throw new IllegalArgumentException(
          "block size must be a power of two from 4096 to 1048576: " + blockSize);
    }
    if (compressorOptions != null && compressorOptions.compression() != compression) {
      throw new IllegalArgumentException("compressor options are for another codec");
    }
    if (offset < 0) {
      throw new IllegalArgumentException("negative image offset " + offset);
    }
    if (processors < 1) {
      throw new IllegalArgumentException("processors must be at least 1");
    }
    checkTime("mkfs time", mkfsTime);
    checkTime("all-time", allTime);
    checkTime("clamp time", clampTime);
  }

  private static void checkTime(String what, OptionalLong t) {
    if (t.isPresent() && (t.getAsLong() < 0 || t.getAsLong() > 0xFFFFFFFFL)) {
      throw new IllegalArgumentException(what + " must fit in 32 unsigned bits: " + t.getAsLong());
    }
  }

  /**
   * mksquashfs's defaults: gzip level 9, 128 KiB blocks, fragments for small files, duplicates
   * stored once, xattrs, an export table, a thread per processor, stored blocks copied.
   *
   * @return the default options
   */
  public static WriterOptions defaults() {
    return new WriterOptions(
        Compression.GZIP,
        null,
        128 * 1024,
        FragmentMode.SMALL_FILES,
        true,
        true,
        true,
        false,
        OptionalLong.empty(),
        OptionalLong.empty(),
        Runtime.getRuntime().availableProcessors(),
        OptionalLong.empty(),
        true,
        0,
        DeflateImplementation.ZLIB);
  }

  /**
   * These options with another codec.
   *
   * @param c the codec
   * @param options its settings, or {@code null} for mksquashfs's defaults
   * @return the new options
   */
  public WriterOptions withCompression(Compression c, CompressorOptions options) {
    return with(
        b -> {
          b.compression = c;
          b.compressorOptions = options;
        });
  }

  /**
   * These options with another block size.
   *
   * @param size a power of two from 4096 to 1048576
   * @return the new options
   */
  public WriterOptions withBlockSize(int size) {
    return with(b -> b.blockSize = size);
  }

  /**
   * These options with another use of fragments.
   *
   * @param mode which file tails go into fragments
   * @return the new options
   */
  public WriterOptions withFragments(FragmentMode mode) {
    return with(b -> b.fragments = mode);
  }

  /**
   * These options with or without duplicate detection.
   *
   * @param on whether files of equal content are stored once
   * @return the new options
   */
  public WriterOptions withDeduplicate(boolean on) {
    return with(b -> b.deduplicate = on);
  }

  /**
   * These options with or without extended attributes.
   *
   * @param on whether xattrs are stored
   * @return the new options
   */
  public WriterOptions withXattrs(boolean on) {
    return with(b -> b.xattrs = on);
  }

  /**
   * These options with or without an export table.
   *
   * @param on whether the image gets an export table (NFS)
   * @return the new options
   */
  public WriterOptions withExportTable(boolean on) {
    return with(b -> b.exportTable = on);
  }

  /**
   * These options with every entry owned by 0:0, or by its own owner.
   *
   * @param on whether every entry is owned by root
   * @return the new options
   */
  public WriterOptions withAllRoot(boolean on) {
    return with(b -> b.allRoot = on);
  }

  /**
   * These options with another creation time.
   *
   * @param time seconds since the epoch; empty for the newest mtime of the tree
   * @return the new options
   */
  public WriterOptions withMkfsTime(OptionalLong time) {
    return with(b -> b.mkfsTime = time);
  }

  /**
   * These options with one mtime for every entry, or none.
   *
   * @param time seconds since the epoch; empty to keep each entry's own
   * @return the new options
   */
  public WriterOptions withAllTime(OptionalLong time) {
    return with(b -> b.allTime = time);
  }

  /**
   * These options with another number of compressing threads.
   *
   * @param n threads, at least 1
   * @return the new options
   */
  public WriterOptions withProcessors(int n) {
    return with(b -> b.processors = n);
  }

  /**
   * These options with mtimes clamped, as mksquashfs does with {@code SOURCE_DATE_EPOCH}, or not.
   *
   * @param time the latest mtime written, seconds since the epoch; empty for no clamp
   * @return the new options
   */
  public WriterOptions withClampTime(OptionalLong time) {
    return with(b -> b.clampTime = time);
  }

  /**
   * These options with or without copying blocks a source image stores with the same settings.
   *
   * @param reuse whether such blocks are copied rather than compressed again
   * @return the new options
   */
  public WriterOptions withReuseStoredBlocks(boolean reuse) {
    return with(b -> b.reuseStoredBlocks = reuse);
  }

  /**
   * These options with the image written {@code bytes} into its file, after kept bytes.
   *
   * @param bytes the offset, not negative
   * @return the new options
   */
  public WriterOptions withOffset(long bytes) {
    return with(b -> b.offset = bytes);
  }

  /**
   * These options with gzip blocks compressed by {@code implementation}.
   *
   * @param implementation libdeflate (needs {@code com.fulcrumgenomics:jlibdeflate}) or zlib
   * @return the new options
   */
  public WriterOptions withDeflate(DeflateImplementation implementation) {
    return with(b -> b.deflate = implementation);
  }

  private WriterOptions with(java.util.function.Consumer<Copy> change) {
    Copy copy = new Copy(this);
    change.accept(copy);
    return copy.build();
  }

  /** A mutable copy, so that each wither names only the component it changes. */
  private static final class Copy {
    Compression compression;
    CompressorOptions compressorOptions;
    int blockSize;
    FragmentMode fragments;
    boolean deduplicate;
    boolean xattrs;
    boolean exportTable;
    boolean allRoot;
    OptionalLong mkfsTime;
    OptionalLong allTime;
    int processors;
    OptionalLong clampTime;
    boolean reuseStoredBlocks;
    long offset;
    DeflateImplementation deflate;

    Copy(WriterOptions o) {
      compression = o.compression;
      compressorOptions = o.compressorOptions;
      blockSize = o.blockSize;
      fragments = o.fragments;
      deduplicate = o.deduplicate;
      xattrs = o.xattrs;
      exportTable = o.exportTable;
      allRoot = o.allRoot;
      mkfsTime = o.mkfsTime;
      allTime = o.allTime;
      processors = o.processors;
      clampTime = o.clampTime;
      reuseStoredBlocks = o.reuseStoredBlocks;
      offset = o.offset;
      deflate = o.deflate;
    }

    WriterOptions build() {
      return new WriterOptions(
          compression,
          compressorOptions,
          blockSize,
          fragments,
          deduplicate,
          xattrs,
          exportTable,
          allRoot,
          mkfsTime,
          allTime,
          processors,
          clampTime,
          reuseStoredBlocks,
          offset,
          deflate);
    }
  }
}
