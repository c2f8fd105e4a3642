package io.github.squashtree.cli;

import java.io.IOException;

/**
 * Names in a listing, as stored or as GNU {@code ls -b} escapes them: a backslash and a space
 * become {@code \\} and {@code \ }, the usual control characters {@code \a \b \t \n \v \f \r}, and
 * every other byte a terminal would not show as text ({@link PrintableBytes}) {@code \ooo}, the
 * byte in octal. Escaped, a hostile name in an image can neither forge a line of the listing nor
 * steer the terminal.
 */
final class LsEscapes implements PrintableBytes.Notation {
  /** How a listing writes the name or path in {@code b} from {@code from} on. */
  interface NameWriter {
    void write(LineWriter w, byte[] b, int from) throws IOException;
  }

  /** The bytes as stored, as {@code unsquashfs -ls} prints them. */
  static final NameWriter RAW = (w, b, from) -> w.bytes(b, from, b.length - from);

  private static final LsEscapes NOTATION = new LsEscapes();

  /** Escaped as {@code ls -b} escapes. */
  static final NameWriter ESCAPED = (w, b, from) -> PrintableBytes.write(w, b, from, NOTATION);

  private static final String NAMED = "abtnvfr"; // the escapes of bytes 7 to 13

  private LsEscapes() {}

  @Override
  public int keep(byte[] b, int i) {
    return b[i] == '\\' || b[i] == ' ' ? 0 : PrintableBytes.length(b, i);
  }

  @Override
  public void escape(LineWriter w, int b) throws IOException {
    w.ch('\\');
    if (b == '\\' || b == ' ') {
      w.ch((char) b);
    } else if (b >= 7 && b <= 13) {
      w.ch(NAMED.charAt(b - 7));
    } else {
      w.octal(b);
    }
  }
}
