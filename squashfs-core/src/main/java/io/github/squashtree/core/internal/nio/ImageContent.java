package io.github.squashtree.core.internal.nio;

import io.github.squashtree.core.internal.read.FileLayout;
import io.github.squashtree.core.internal.read.ImageReader;
import java.io.IOException;
import java.util.Arrays;

/**
 * One open file's content in an image, read by position: a read decodes only the blocks it touches,
 * reads only the bytes it needs of a block stored uncompressed, fills holes with zeros, and keeps
 * the last block it decoded, so that a stream reading a block in small pieces decodes it once. Not
 * thread-safe: a channel serializes its reads.
 */
final class ImageContent implements Store.Content {
  private final ImageReader reader;
  private final FileLayout layout;
  private final BlockCache cache;
  private final int blockSize;
  private byte[] block; // the decoded block `decoded` (shared when it came from the cache)
  private byte[] scratch;
  private int decoded = -1;

  ImageContent(ImageReader reader, FileLayout layout, BlockCache cache) {
    this.reader = reader;
    this.layout = layout;
    this.cache = cache;
    this.blockSize = layout.blockSize();
  }

  @Override
  public long size() {
    return layout.fileSize();
  }

  @Override
  public int read(long position, byte[] dst, int off, int len) throws IOException {
    long size = layout.fileSize();
    if (position >= size) {
      return -1;
    }
    int n = (int) Math.min(len, size - position);
    int done = 0;
    while (done < n) {
      long at = position + done;
      long index = at / blockSize;
      int within = (int) (at % blockSize);
      int chunk;
      if (index < layout.blockCount()) {
        int i = (int) index;
        chunk = Math.min(n - done, layout.length(i) - within);
        if (layout.isSparse(i)) {
          Arrays.fill(dst, off + done, off + done + chunk, (byte) 0);
        } else if (i != decoded && ImageReader.isStoredUncompressed(layout, i)) {
          reader.readStoredPart(layout, i, within, dst, off + done, chunk);
        } else {
          decode(i);
          System.arraycopy(block, within, dst, off + done, chunk);
        }
      } else {
        byte[] tail = reader.tailBlock(layout);
        chunk = n - done;
        System.arraycopy(tail, layout.inode().fragmentOffset() + within, dst, off + done, chunk);
      }
      done += chunk;
    }
    return n;
  }

  private void decode(int i) throws IOException {
    if (i == decoded) {
      return;
    }
    decoded = -1; // a failed decode leaves no half-written block behind as valid
    if (cache.enabled()) {
      byte[] hit = cache.get(layout.position(i));
      if (hit == null) {
        hit = new byte[layout.length(i)];
        reader.readBlock(layout, i, hit, scratch());
        cache.put(layout.position(i), hit);
      }
      block = hit;
    } else {
      if (block == null) {
        block = new byte[blockSize];
      }
      reader.readBlock(layout, i, block, scratch());
    }
    decoded = i;
  }

  private byte[] scratch() {
    if (scratch == null) {
      scratch = new byte[blockSize];
    }
    return scratch;
  }
}
