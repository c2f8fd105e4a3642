package io.github.squashtree.cli;

import io.github.squashtree.core.tree.Names;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * A byte buffer for printing many short lines fast: names are written as their raw bytes, numbers
 * without formatting objects, and the buffer goes to the stream in large writes.
 */
final class LineWriter {
  private static final int SIZE = 1 << 16;
  private final OutputStream out;
  private final byte[] buf;
  private int pos;

  LineWriter(OutputStream out) {
    this(out, SIZE);
  }

  /** A writer whose buffer holds {@code capacity} bytes (at least the 20 of a number). */
  LineWriter(OutputStream out, int capacity) {
    this.out = out;
    this.buf = new byte[Math.max(20, capacity)];
  }

  LineWriter bytes(byte[] b) throws IOException {
    return bytes(b, 0, b.length);
  }

  LineWriter bytes(byte[] b, int off, int len) throws IOException {
    if (len > buf.length - pos) {
      flushBuffer();
      if (len > buf.length) {
        out.write(b, off, len);
        return this;
      }
    }
    System.arraycopy(b, off, buf, pos, len);
    pos += len;
    return this;
  }

  /** Writes a string known to be ASCII. */
  LineWriter ascii(String s) throws IOException {
    int n = s.length();
    if (n > buf.length - pos) {
      flushBuffer();
      if (n > buf.length) {
        return bytes(s.getBytes(StandardCharsets.UTF_8));
      }
    }
    for (int i = 0; i < n; i++) {
      buf[pos++] = (byte) s.charAt(i);
    }
    return this;
  }

  /**
   * Writes {@code s} as UTF-8, and a name's bytes that are not UTF-8 as they are ({@link Names}).
   */
  LineWriter utf8(String s) throws IOException {
    return bytes(Names.encode(s));
  }

  LineWriter ch(char c) throws IOException {
    if (pos == buf.length) {
      flushBuffer();
    }
    buf[pos++] = (byte) c;
    return this;
  }

  /** Writes a byte's value as three octal digits, as escapes print it. */
  LineWriter octal(int b) throws IOException {
    return ch((char) ('0' + (b >> 6 & 7)))
        .ch((char) ('0' + (b >> 3 & 7)))
        .ch((char) ('0' + (b & 7)));
  }

  LineWriter spaces(int n) throws IOException {
    for (int i = 0; i < n; i++) {
      ch(' ');
    }
    return this;
  }

  LineWriter num(long v) throws IOException {
    if (20 > buf.length - pos) {
      flushBuffer();
    }
    if (v == Long.MIN_VALUE) {
      return ascii(Long.toString(v));
    }
    if (v < 0) {
      buf[pos++] = '-';
      v = -v;
    }
    int digits = digits(v);
    int end = pos + digits;
    for (int i = end - 1; i >= pos; i--) {
      buf[i] = (byte) ('0' + v % 10);
      v /= 10;
    }
    pos = end;
    return this;
  }

  /** Writes a non-negative number right-aligned in {@code width} columns. */
  LineWriter num(long v, int width) throws IOException {
    int digits = v < 0 ? Long.toString(v).length() : digits(v);
    spaces(width - digits);
    return num(v);
  }

  static int digits(long v) {
    int d = 1;
    while (v >= 10) {
      v /= 10;
      d++;
    }
    return d;
  }

  void flushBuffer() throws IOException {
    if (pos > 0) {
      out.write(buf, 0, pos);
      pos = 0;
    }
  }

  void flush() throws IOException {
    flushBuffer();
    out.flush();
  }
}
