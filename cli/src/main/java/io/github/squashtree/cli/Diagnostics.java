package io.github.squashtree.cli;

import io.github.squashtree.core.tree.Names;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * The lines sqfs writes to stderr: {@code sqfs: } and a message, as one line a terminal shows as it
 * is. A message may quote a name from an image, and a name can hold any byte but '/' and NUL: a
 * newline that would start a line of its own ("sqfs: all good"), an escape sequence the terminal
 * would obey. So what a terminal would not show as text ({@link PrintableBytes}) becomes {@code
 * \xHH} and the backslash itself {@code \\}: the line still tells the name's bytes ({@link Names}).
 * Written as UTF-8 whatever the locale, like the rest of sqfs's output.
 */
final class Diagnostics {
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private Diagnostics() {}

  /** Writes {@code sqfs: message} as one line. */
  static void print(PrintStream err, String message) {
    byte[] line =
        ("sqfs: " + printable(String.valueOf(message)) + "\n").getBytes(StandardCharsets.UTF_8);
    err.write(line, 0, line.length);
    err.flush();
  }

  /** {@code message} with what a terminal would not show as text escaped (see the class). */
  static String printable(String message) {
    byte[] b = Names.encode(message);
    StringBuilder out = new StringBuilder(b.length + 16);
    int plain = 0; // the start of the bytes not yet appended
    int i = 0;
    while (i < b.length) {
      int length = b[i] == '\\' ? 0 : PrintableBytes.length(b, i);
      if (length > 0) {
        i += length;
        continue;
      }
      out.append(new String(b, plain, i - plain, StandardCharsets.UTF_8));
      if (b[i] == '\\') {
        out.append("\\\\");
      } else {
        out.append("\\x").append(HEX[b[i] >> 4 & 0xF]).append(HEX[b[i] & 0xF]);
      }
      plain = ++i;
    }
    return out.append(new String(b, plain, b.length - plain, StandardCharsets.UTF_8)).toString();
  }
}
