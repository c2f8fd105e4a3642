package io.github.squashtree.cli;

import io.github.squashtree.core.tree.Names;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;

/**
 * The lines sqfs writes to stderr: {@code sqfs: } and a message, as one line a terminal shows as it
 * is. A message may quote a name from an image, and a name can hold any byte but '/' and NUL: a
 * newline that would start a line of its own ("sqfs: all good"), an escape sequence the terminal
 * would obey. So what a terminal would not show as text ({@link PrintableBytes}) becomes {@code
 * \xHH} and the backslash itself {@code \\}: the line still tells the name's bytes ({@link Names}).
 * Written as UTF-8 whatever the locale, like the rest of sqfs's output.
 */
final class Diagnostics implements PrintableBytes.Notation {
  private static final Diagnostics NOTATION = new Diagnostics();
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private Diagnostics() {}

  /** Writes {@code sqfs: message} as one line, escaped (see the class). */
  static void print(PrintStream err, String message) {
    byte[] b = Names.encode(String.valueOf(message));
    // Room for the whole line (an escape takes four bytes), so that it reaches err in one write.
    LineWriter w = new LineWriter(err, 7 + 4 * b.length);
    try {
      w.ascii("sqfs: ");
      PrintableBytes.write(w, b, 0, NOTATION);
      w.ch('\n').flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a PrintStream reports none
    }
  }

  @Override
  public int keep(byte[] b, int i) {
    return b[i] == '\\' ? 0 : PrintableBytes.length(b, i);
  }

  @Override
  public void escape(LineWriter w, int b) throws IOException {
    if (b == '\\') {
      w.ch('\\').ch('\\');
    } else {
      w.ch('\\').ch('x').ch(HEX[b >> 4]).ch(HEX[b & 0xF]);
    }
  }
}
