package io.github.squashtree.tar;

import java.nio.charset.StandardCharsets;

/** The number fields of tar headers and pax records, each checked for its range. */
final class TarNumbers {
  private TarNumbers() {}

  /**
   * A numeric header field: octal digits (leading spaces and NULs allowed, ended by a space, a NUL
   * or the field's end), or GNU's base-256 form (the first byte 0x80 for a positive number, 0xFF
   * for a negative one, then big-endian two's complement). An empty field is 0.
   */
  static long field(byte[] h, int off, int len, String name) throws TarFormatException {
    int first = h[off] & 0xFF;
    if (first == 0x80 || first == 0xFF) {
      return base256(h, off, len, name);
    }
    int i = off;
    int end = off + len;
    while (i < end && (h[i] == ' ' || h[i] == 0)) {
      i++;
    }
    long value = 0;
    int digits = 0;
    while (i < end && h[i] >= '0' && h[i] <= '7') {
      if (++digits > 21) { // 21 octal digits hold 63 bits
        throw new TarFormatException(name + " field too large");
      }
      value = (value << 3) | (h[i] - '0');
      i++;
    }
    while (i < end && (h[i] == ' ' || h[i] == 0)) {
      i++;
    }
    if (i != end) {
      throw new TarFormatException(
          name + " field is not a number: '" + printable(h, off, len) + "'");
    }
    return value;
  }

  private static long base256(byte[] h, int off, int len, String name) throws TarFormatException {
    boolean negative = (h[off] & 0xFF) == 0xFF;
    // Bytes beyond the last eight must be sign extension only.
    int significant = Math.min(len, 8);
    for (int i = off; i < off + len - significant; i++) {
      int b = h[i] & 0xFF;
      int expected = negative ? 0xFF : (i == off ? 0x80 : 0);
      if (b != expected) {
        throw new TarFormatException(name + " field too large");
      }
    }
    long value = negative ? -1 : 0;
    for (int i = off + len - significant; i < off + len; i++) {
      int b = h[i] & 0xFF;
      if (i == off && !negative) {
        b &= 0x7F;
      }
      value = (value << 8) | b;
    }
    if (!negative && value < 0) {
      throw new TarFormatException(name + " field too large");
    }
    return value;
  }

  /** A pax decimal: digits only, at most 18 of them (below 10^18, so no overflow). */
  static long decimal(byte[] value, String key) throws TarFormatException {
    if (value.length == 0 || value.length > 18) {
      throw new TarFormatException(
          "pax " + key + " is not a number in range: '" + text(value) + "'");
    }
    long n = 0;
    for (byte b : value) {
      if (b < '0' || b > '9') {
        throw new TarFormatException("pax " + key + " is not a number: '" + text(value) + "'");
      }
      n = n * 10 + (b - '0');
    }
    return n;
  }

  /**
   * A pax time ("-12.5", "1700000000.123456789"): seconds and nanoseconds, the nanoseconds in
   * 0..1e9 (a negative time's fraction counts towards the past). Digits beyond the ninth are cut.
   */
  static long[] time(byte[] value, String key) throws TarFormatException {
    int i = 0;
    boolean negative = value.length > 0 && value[0] == '-';
    if (negative) {
      i = 1;
    }
    int dot = i;
    while (dot < value.length && value[dot] != '.') {
      dot++;
    }
    byte[] whole = java.util.Arrays.copyOfRange(value, i, dot);
    long seconds = decimal(whole, key);
    long nanos = 0;
    if (dot < value.length) {
      int digits = 0;
      for (int j = dot + 1; j < value.length; j++) {
        byte b = value[j];
        if (b < '0' || b > '9') {
          throw new TarFormatException("pax " + key + " is not a time: '" + text(value) + "'");
        }
        if (digits < 9) {
          nanos = nanos * 10 + (b - '0');
          digits++;
        }
      }
      for (; digits < 9; digits++) {
        nanos *= 10;
      }
    }
    if (negative) {
      seconds = -seconds;
      if (nanos > 0) {
        seconds -= 1;
        nanos = 1_000_000_000 - nanos;
      }
    }
    return new long[] {seconds, nanos};
  }

  static String text(byte[] value) {
    return printable(value, 0, Math.min(value.length, 40));
  }

  /** Bytes for an error message: printable ASCII kept, the rest as \xHH. */
  static String printable(byte[] b, int off, int len) {
    StringBuilder s = new StringBuilder();
    for (int i = off; i < off + len; i++) {
      int c = b[i] & 0xFF;
      if (c >= 0x20 && c < 0x7F && c != '\\') {
        s.append((char) c);
      } else {
        s.append(String.format("\\x%02X", c));
      }
    }
    return s.toString();
  }

  static String ascii(byte[] b) {
    return new String(b, StandardCharsets.ISO_8859_1);
  }
}
