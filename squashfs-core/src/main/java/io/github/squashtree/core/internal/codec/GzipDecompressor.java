package io.github.squashtree.core.internal.codec;

import io.github.squashtree.core.SquashfsFormatException;
import io.github.squashtree.core.compression.Compression;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/** Inflates a zlib stream (header, deflate data, adler32) with one reused {@link Inflater}. */
final class GzipDecompressor implements Decompressor {
  private final Inflater inflater = new Inflater();
  private final byte[] probe = new byte[1];

  @Override
  public int decompress(byte[] src, int srcOff, int srcLen, byte[] dst, int dstOff, int dstCap)
      throws SquashfsFormatException {
    Blocks.checkRanges(src, srcOff, srcLen, dst, dstOff, dstCap);
    if (srcLen == 0) {
      throw Blocks.empty(Compression.GZIP);
    }
    inflater.reset();
    inflater.setInput(src, srcOff, srcLen);
    try {
      return inflate(dst, dstOff, dstCap);
    } catch (DataFormatException | RuntimeException e) {
      throw Blocks.corrupt(Compression.GZIP, e);
    }
  }

  private int inflate(byte[] dst, int dstOff, int dstCap)
      throws DataFormatException, SquashfsFormatException {
    int total = 0;
    while (true) {
      int room = dstCap - total;
      long readBefore = inflater.getBytesRead();
      // once the buffer is full, one more byte of output means the block is too large
      int n = room > 0 ? inflater.inflate(dst, dstOff + total, room) : inflater.inflate(probe);
      if (room == 0 && n > 0) {
        throw Blocks.tooLarge(Compression.GZIP, dstCap);
      }
      total += n;
      if (inflater.finished()) {
        return total;
      }
      if (inflater.needsDictionary()) {
        throw Blocks.corrupt(Compression.GZIP, "stream asks for a preset dictionary");
      }
      if (inflater.needsInput()) {
        throw Blocks.corrupt(Compression.GZIP, "truncated stream");
      }
      // zlib always makes progress while it has input and room; guard against a stall anyway
      if (n == 0 && inflater.getBytesRead() == readBefore) {
        throw Blocks.corrupt(Compression.GZIP, "inflater made no progress");
      }
    }
  }

  @Override
  public void close() {
    inflater.end();
  }
}
