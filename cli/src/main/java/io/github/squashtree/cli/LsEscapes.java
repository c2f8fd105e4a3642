package io.github.squashtree.cli;

import java.io.IOException;

/**
 * Names in a listing, as stored or as GNU {@code ls -b} escapes them: a backslash and a space
 * become {@code \\} and {@code \ }, the usual control characters {@code \a \b \t \n \v \f \r}, and
 * every other byte a terminal would not show as text ({@link PrintableBytes}) {@code \ooo}, the
 * byte in octal. Escaped, a hostile name in an image can neither forge a line of the listing nor
 * steer the terminal.
 */
final class LsEscapes {
  /** How a listing writes the name or path in {@code b} from {@code from} on. */
  interface NameWriter {
    void write(LineWriter w, byte[] b, int from) throws IOException;
  }

  /** The bytes as stored, as {@code unsquashfs -ls} prints them. */
  static final NameWriter RAW = (w, b, from) -> w.bytes(b, from, b.length - from);

  /** Escaped as {@code ls -b} escapes. */
  static final NameWriter ESCAPED = LsEscapes::write;

  private static final String NAMED = "abtnvfr"; // the escapes of bytes 7 to 13

  private LsEscapes() {}

  private static void write(LineWriter w, byte[] b, int from) throws IOException {
    int plain = from; // the start of the bytes not yet written
    int i = from;
    while (i < b.length) {
      int length = b[i] == '\\' || b[i] == ' ' ? 0 : PrintableBytes.length(b, i);
      if (length > 0) {
        i += length;
        continue;
      }
      w.bytes(b, plain, i - plain);
      int v = b[i] & 0xFF;
      if (v == '\\' || v == ' ') {
        w.ch('\\').ch((char) v);
      } else if (v >= 7 && v <= 13) {
        w.ch('\\').ch(NAMED.charAt(v - 7));
      } else {
        w.ch('\\').octal(v);
      }
      plain = ++i;
    }
    w.bytes(b, plain, b.length - plain);
  }
}
