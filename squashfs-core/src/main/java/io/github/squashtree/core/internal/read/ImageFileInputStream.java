package io.github.squashtree.core.internal.read;

import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/** Streams one file of an image block by block; holds one block of buffer. */
final class ImageFileInputStream extends InputStream {
  private final DataReader data;
  private final FileLayout layout;
  private final byte[] buffer;
  private byte[] scratch;
  private byte[] current;
  private int currentStart;
  private int currentEnd;
  private int nextBlock;
  private boolean tailDone;
  private long position;

  ImageFileInputStream(DataReader data, FileLayout layout) {
    this.data = data;
    this.layout = layout;
    this.buffer = new byte[(int) Math.min(layout.blockSize(), Math.max(1, layout.fileSize()))];
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
  }

  @Override
  public int read(byte[] dst, int off, int len) throws IOException {
    Objects.checkFromIndexSize(off, len, dst.length);
    if (len == 0) {
      return 0;
    }
    if (currentStart == currentEnd && !fill()) {
      return -1;
    }
    int n = Math.min(len, currentEnd - currentStart);
    System.arraycopy(current, currentStart, dst, off, n);
    currentStart += n;
    position += n;
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    long skipped = 0;
    while (skipped < n) {
      if (currentStart == currentEnd) {
        long remaining = n - skipped;
        // Whole blocks are skipped without decoding them.
        while (nextBlock < layout.blockCount() && remaining >= layout.length(nextBlock)) {
          remaining -= layout.length(nextBlock);
          skipped += layout.length(nextBlock);
          position += layout.length(nextBlock);
          nextBlock++;
        }
        if (remaining == 0 || !fill()) {
          return skipped;
        }
      }
      int step = (int) Math.min(n - skipped, currentEnd - currentStart);
      currentStart += step;
      position += step;
      skipped += step;
    }
    return skipped;
  }

  @Override
  public int available() {
    return currentEnd - currentStart;
  }

  private boolean fill() throws IOException {
    if (nextBlock < layout.blockCount()) {
      int i = nextBlock++;
      int length = layout.length(i);
      if (layout.isSparse(i)) {
        java.util.Arrays.fill(buffer, 0, length, (byte) 0);
      } else {
        if (scratch == null) {
          scratch = new byte[layout.blockSize()];
        }
        data.readBlock(layout, i, buffer, scratch);
      }
      current = buffer;
      currentStart = 0;
      currentEnd = length;
      return true;
    }
    if (!tailDone && layout.tailSize() > 0) {
      tailDone = true;
      current = data.tailBlock(layout);
      currentStart = layout.inode().fragmentOffset();
      currentEnd = currentStart + layout.tailSize();
      return true;
    }
    return false;
  }
}
