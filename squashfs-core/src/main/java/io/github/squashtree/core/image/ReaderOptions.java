package io.github.squashtree.core.image;

/**
 * Limits, cache sizes and the image's place in its file. The defaults keep any image readable
 * within a 64 MiB heap.
 *
 * @param metadataCacheBlocks decoded 8 KiB metadata blocks kept (default 1024, 8 MiB)
 * @param fragmentCacheBlocks decoded fragment blocks kept (default 4)
 * @param maxXattrValueSize longest xattr value accepted (default 65536, Linux's XATTR_SIZE_MAX)
 * @param maxXattrCount most xattrs accepted on one inode (default 8192)
 * @param offset where the image starts in its file, in bytes (default 0): an image embedded after
 *     other data (a boot loader, a firmware header) is read from there, as {@code unsquashfs -o}
 *     and {@code mount -o offset=} read it; every offset inside the image counts from there
 */
public record ReaderOptions(
    int metadataCacheBlocks,
    int fragmentCacheBlocks,
    int maxXattrValueSize,
    int maxXattrCount,
    long offset) {

  /**
   * Checks that caches hold a block and limits are not negative.
   *
   * @param metadataCacheBlocks decoded 8 KiB metadata blocks kept (default 1024, 8 MiB)
   * @param fragmentCacheBlocks decoded fragment blocks kept (default 4)
   * @param maxXattrValueSize longest xattr value accepted (default 65536, Linux's XATTR_SIZE_MAX)
   * @param maxXattrCount most xattrs accepted on one inode (default 8192)
   * @param offset where the image starts in its file, in bytes (default 0): an image embedded after
   *     other data (a boot loader, a firmware header) is read from there, as {@code unsquashfs -o}
   *     and {@code mount -o offset=} read it; every offset inside the image counts from there
   */
  public ReaderOptions {
    if (metadataCacheBlocks < 1 || fragmentCacheBlocks < 1) {
      throw new IllegalArgumentException("caches must hold at least one block");
    }
    if (maxXattrValueSize < 0 || maxXattrCount < 0) {
      throw new IllegalArgumentException("limits must not be negative");
    }
    if (offset < 0) {
      throw new IllegalArgumentException("negative image offset " + offset);
    }
  }

  /**
   * The defaults, which read any image within a 64 MiB heap.
   *
   * @return the default options
   */
  public static ReaderOptions defaults() {
    return new ReaderOptions(1024, 4, 65536, 8192, 0);
  }

  /**
   * These options with another metadata cache size.
   *
   * @param blocks decoded metadata blocks kept, at least 1
   * @return the new options
   */
  public ReaderOptions withMetadataCacheBlocks(int blocks) {
    return new ReaderOptions(blocks, fragmentCacheBlocks, maxXattrValueSize, maxXattrCount, offset);
  }

  /**
   * These options with another fragment cache size.
   *
   * @param blocks decoded fragment blocks kept, at least 1
   * @return the new options
   */
  public ReaderOptions withFragmentCacheBlocks(int blocks) {
    return new ReaderOptions(metadataCacheBlocks, blocks, maxXattrValueSize, maxXattrCount, offset);
  }

  /**
   * These options with the image starting {@code bytes} into its file.
   *
   * @param bytes the offset, not negative
   * @return the new options
   */
  public ReaderOptions withOffset(long bytes) {
    return new ReaderOptions(
        metadataCacheBlocks, fragmentCacheBlocks, maxXattrValueSize, maxXattrCount, bytes);
  }
}
