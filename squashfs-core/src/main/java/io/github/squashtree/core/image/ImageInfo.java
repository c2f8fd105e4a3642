package io.github.squashtree.core.image;

import io.github.squashtree.core.compression.Compression;
import io.github.squashtree.core.compression.CompressorOptions;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What an image's superblock says about it, the facts {@code unsquashfs -s} prints.
 *
 * @param compression the codec of every compressed block
 * @param compressorOptions the codec settings the image stores, if it stores any
 * @param blockSize bytes of content per data block, a power of two from 4 KiB to 1 MiB
 * @param bytesUsed bytes of the image that hold the file system (the file may be padded beyond)
 * @param modificationTime the creation or last append time, seconds since the epoch
 * @param inodeCount inodes in the image
 * @param fragmentCount fragment blocks in the image
 * @param idCount distinct uids and gids
 * @param xattrIdCount distinct sets of extended attributes
 * @param flags the superblock flags that are set
 */
public record ImageInfo(
    Compression compression,
    Optional<CompressorOptions> compressorOptions,
    int blockSize,
    long bytesUsed,
    long modificationTime,
    long inodeCount,
    long fragmentCount,
    int idCount,
    long xattrIdCount,
    Set<ImageFlag> flags) {

  /**
   * Checks that nothing is null and keeps an unmodifiable copy of the flags.
   *
   * @param compression the codec of every compressed block
   * @param compressorOptions the codec settings the image stores, if it stores any
   * @param blockSize bytes of content per data block, a power of two from 4 KiB to 1 MiB
   * @param bytesUsed bytes of the image that hold the file system (the file may be padded beyond)
   * @param modificationTime the creation or last append time, seconds since the epoch
   * @param inodeCount inodes in the image
   * @param fragmentCount fragment blocks in the image
   * @param idCount distinct uids and gids
   * @param xattrIdCount distinct sets of extended attributes
   * @param flags the superblock flags that are set
   */
  public ImageInfo {
    Objects.requireNonNull(compression, "compression");
    Objects.requireNonNull(compressorOptions, "compressorOptions");
    flags =
        Collections.unmodifiableSet(
            flags.isEmpty() ? EnumSet.noneOf(ImageFlag.class) : EnumSet.copyOf(flags));
  }

  /**
   * Whether {@code flag} is set.
   *
   * @param flag a flag
   * @return whether it is set
   */
  public boolean has(ImageFlag flag) {
    return flags.contains(flag);
  }
}
