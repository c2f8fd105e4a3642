package io.github.squashtree.cli;

import io.github.squashtree.core.tree.Names;
import java.io.IOException;

/**
 * Names as {@code rsync -i} prints them: a byte a terminal would not show as text ({@link
 * PrintableBytes}; tab is kept) and a backslash that would read as the start of an escape ({@code
 * \#} and three digits) become {@code \#ooo}, the byte in octal. A name in an image or tree can
 * hold any byte but '/' and NUL; escaped, it can neither forge a line of itemized output nor steer
 * the terminal, and reads as rsync's does. Stricter than rsync in one point: DEL and the C1
 * controls are escaped too.
 */
final class RsyncEscapes implements PrintableBytes.Notation {
  private static final RsyncEscapes NOTATION = new RsyncEscapes();

  private RsyncEscapes() {}

  static void write(LineWriter w, String name) throws IOException {
    PrintableBytes.write(w, Names.encode(name), 0, NOTATION);
  }

  @Override
  public int keep(byte[] b, int i) {
    return switch (b[i]) {
      case '\t' -> 1;
      case '\\' -> startsEscape(b, i) ? 0 : 1;
      default -> PrintableBytes.length(b, i);
    };
  }

  @Override
  public void escape(LineWriter w, int b) throws IOException {
    w.ch('\\').ch('#').octal(b);
  }

  /** Whether the backslash at {@code i} is followed by '#' and three digits, as an escape is. */
  private static boolean startsEscape(byte[] b, int i) {
    return i + 4 < b.length
        && b[i + 1] == '#'
        && isDigit(b[i + 2])
        && isDigit(b[i + 3])
        && isDigit(b[i + 4]);
  }

  private static boolean isDigit(byte c) {
    return c >= '0' && c <= '9';
  }
}
