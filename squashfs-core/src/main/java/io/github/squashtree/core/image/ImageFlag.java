package io.github.squashtree.core.image;

/**
 * The flags of a SquashFS 4.0 superblock, as {@code unsquashfs -s} describes them. Bit 2 ({@code
 * CHECK}) is unused by Linux; bits above {@link #UNCOMPRESSED_IDS} are undefined.
 */
public enum ImageFlag {
  /** Inodes are stored uncompressed. */
  UNCOMPRESSED_INODES,
  /** Data blocks are stored uncompressed. */
  UNCOMPRESSED_DATA,
  /** An old flag no reader interprets. */
  CHECK,
  /** Fragment blocks are stored uncompressed. */
  UNCOMPRESSED_FRAGMENTS,
  /** No file tail is packed into a fragment. */
  NO_FRAGMENTS,
  /** The tail of every file, not only of small ones, is packed into a fragment. */
  ALWAYS_FRAGMENTS,
  /** Duplicate files are stored once. */
  DUPLICATES,
  /** An export table lets the kernel serve the image over NFS. */
  EXPORTABLE,
  /** Extended attributes are stored uncompressed. */
  UNCOMPRESSED_XATTRS,
  /** No extended attributes are stored. */
  NO_XATTRS,
  /** A compressor-options block follows the superblock. */
  COMPRESSOR_OPTIONS,
  /** The id table is stored uncompressed. */
  UNCOMPRESSED_IDS;

  /**
   * The bit of this flag in the superblock's {@code flags} field.
   *
   * @return the flag's bit mask
   */
  public int bit() {
    return 1 << ordinal();
  }
}
