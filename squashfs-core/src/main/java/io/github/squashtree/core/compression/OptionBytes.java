package io.github.squashtree.core.compression;

import io.github.squashtree.core.SquashfsFormatException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Little-endian access to an options payload without disturbing the caller's byte order. */
final class OptionBytes {
  private OptionBytes() {}

  /** A little-endian view of the next {@code size} bytes; advances {@code buf} past them. */
  static ByteBuffer take(ByteBuffer buf, int size, Compression c) throws SquashfsFormatException {
    if (buf.remaining() < size) {
      throw new SquashfsFormatException(
          "compression options: "
              + c.label()
              + " options need "
              + size
              + " bytes, block has "
              + buf.remaining());
    }
    ByteBuffer view = buf.slice(buf.position(), size).order(ByteOrder.LITTLE_ENDIAN);
    buf.position(buf.position() + size);
    return view;
  }

  /** A little-endian view of the next {@code size} bytes for writing; advances {@code buf}. */
  static ByteBuffer put(ByteBuffer buf, int size) {
    ByteBuffer view = buf.slice(buf.position(), size).order(ByteOrder.LITTLE_ENDIAN);
    buf.position(buf.position() + size);
    return view;
  }

  /** Throws a format exception naming the options if {@code problem} is non-null. */
  static void check(Compression c, String problem) throws SquashfsFormatException {
    if (problem != null) {
      throw new SquashfsFormatException("compression options: " + c.label() + " " + problem);
    }
  }

  /** Throws {@link IllegalArgumentException} if {@code problem} is non-null. */
  static void require(Compression c, String problem) {
    if (problem != null) {
      throw new IllegalArgumentException(c.label() + " options: " + problem);
    }
  }
}
