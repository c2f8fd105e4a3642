package io.github.squashtree.core.image;

/**
 * Limits and cache sizes of a reader. The defaults keep any image readable within a 64 MiB heap.
 *
 * @param metadataCacheBlocks decoded 8 KiB metadata blocks kept (default 1024, 8 MiB)
 * @param fragmentCacheBlocks decoded fragment blocks kept (default 4)
 * @param maxXattrValueSize longest xattr value accepted (default 65536, Linux's XATTR_SIZE_MAX)
 * @param maxXattrCount most xattrs accepted on one inode (default 8192)
 */
public record ReaderOptions(
    int metadataCacheBlocks, int fragmentCacheBlocks, int maxXattrValueSize, int maxXattrCount) {

  public ReaderOptions {
    if (metadataCacheBlocks < 1 || fragmentCacheBlocks < 1) {
      throw new IllegalArgumentException("caches must hold at least one block");
    }
    if (maxXattrValueSize < 0 || maxXattrCount < 0) {
      throw new IllegalArgumentException("limits must not be negative");
    }
  }

  public static ReaderOptions defaults() {
    return new ReaderOptions(1024, 4, 65536, 8192);
  }

  public ReaderOptions withMetadataCacheBlocks(int blocks) {
    return new ReaderOptions(blocks, fragmentCacheBlocks, maxXattrValueSize, maxXattrCount);
  }

  public ReaderOptions withFragmentCacheBlocks(int blocks) {
    return new ReaderOptions(metadataCacheBlocks, blocks, maxXattrValueSize, maxXattrCount);
  }
}
