package io.github.squashtree.core.internal.codec;

import java.util.zip.CRC32;

/**
 * The LZMA2 dictionary an .xz stream's first block header asks for, and a way to ask for less.
 *
 * <p>xz-java allocates the whole dictionary a block header names, but a SquashFS block decodes to
 * at most 1 MiB, and no match can reach further back than what was decoded: a dictionary of 1 MiB
 * decodes any block that a larger one decodes. The kernel accepts images whose options allow a
 * dictionary far above the block size (mksquashfs never writes one, others may), so the decoder
 * lowers such a header's request to {@link #CAP} rather than allocate it.
 *
 * <p>Layout (the .xz file format, 1.1.0): a 12-byte stream header, then the block header: its size
 * byte ((n + 1) * 4 bytes), a flags byte (filter count - 1 in bits 0-1, optional compressed and
 * uncompressed sizes), the optional sizes as varints, each filter as id, property size and
 * properties (all varints but the properties), zero padding, and a CRC32 of all that.
 */
final class XzBlockHeader {
  /** The largest dictionary a decoder allocates: the largest SquashFS block. */
  static final int CAP = 1 << 20;

  private static final int STREAM_HEADER = 12;
  private static final long LZMA2_ID = 0x21;
  private static final int CAP_CODE = 16; // LZMA2's dictionary code for 1 MiB

  private XzBlockHeader() {}

  /**
   * The offset in {@code src} of the LZMA2 dictionary byte of the stream's first block, or -1 when
   * the bytes are not a well-formed block header with an LZMA2 filter and a right CRC32 (the
   * decoder then reports what is wrong).
   */
  static int dictionaryByte(byte[] src, int off, int len) {
    int header = off + STREAM_HEADER;
    if (len < STREAM_HEADER + 8 || src[header] == 0) {
      return -1;
    }
    int size = ((src[header] & 0xFF) + 1) * 4;
    if (size > len - STREAM_HEADER) {
      return -1;
    }
    int end = header + size - 4; // the CRC32 follows
    if (crc(src, header, size - 4) != littleEndian(src, end)) {
      return -1; // rewritten, a damaged header would pass for a sound one
    }
    int flags = src[header + 1] & 0xFF;
    int[] pos = {header + 2};
    for (int bit : new int[] {0x40, 0x80}) {
      if ((flags & bit) != 0 && varint(src, pos, end) < 0) {
        return -1;
      }
    }
    int filters = (flags & 3) + 1;
    for (int i = 0; i < filters; i++) {
      long id = varint(src, pos, end);
      long propertySize = varint(src, pos, end);
      if (id < 0 || propertySize < 0 || propertySize > end - pos[0]) {
        return -1;
      }
      if (id == LZMA2_ID) {
        return propertySize == 1 ? pos[0] : -1;
      }
      pos[0] += (int) propertySize;
    }
    return -1;
  }

  /** The dictionary size LZMA2's property byte stands for, or -1 for a code it does not define. */
  static long dictionarySize(int code) {
    if (code > 40) {
      return -1;
    }
    if (code == 40) {
      return 0xFFFF_FFFFL;
    }
    return (2L | (code & 1)) << (code / 2 + 11);
  }

  /**
   * Lowers the dictionary byte at {@code at} to {@link #CAP} and recomputes the header's CRC32, in
   * {@code copy}, which holds the stream from offset 0.
   */
  static void cap(byte[] copy, int at) {
    copy[at] = CAP_CODE;
    int size = ((copy[STREAM_HEADER] & 0xFF) + 1) * 4;
    int v = crc(copy, STREAM_HEADER, size - 4);
    int c = STREAM_HEADER + size - 4;
    for (int i = 0; i < 4; i++) {
      copy[c + i] = (byte) (v >>> (8 * i));
    }
  }

  private static int crc(byte[] b, int off, int len) {
    CRC32 crc = new CRC32();
    crc.update(b, off, len);
    return (int) crc.getValue();
  }

  private static int littleEndian(byte[] b, int at) {
    return (b[at] & 0xFF)
        | (b[at + 1] & 0xFF) << 8
        | (b[at + 2] & 0xFF) << 16
        | (b[at + 3] & 0xFF) << 24;
  }

  /** Reads a varint (at most 9 bytes, as .xz allows) before {@code end}; -1 if malformed. */
  private static long varint(byte[] b, int[] pos, int end) {
    long value = 0;
    for (int i = 0; i < 9 && pos[0] < end; i++) {
      int v = b[pos[0]++] & 0xFF;
      value |= (long) (v & 0x7F) << (7 * i);
      if ((v & 0x80) == 0) {
        return v == 0 && i > 0 ? -1 : value;
      }
    }
    return -1;
  }
}
