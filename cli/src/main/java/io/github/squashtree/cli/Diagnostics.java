package io.github.squashtree.cli;

import io.github.squashtree.core.tree.Names;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * The lines sqfs writes to stderr: {@code sqfs: } and a message, as one line a terminal shows as it
 * is. A message may quote a name from an image, and a name can hold any byte but '/' and NUL: a
 * newline that would start a line of its own ("sqfs: all good"), an escape sequence the terminal
 * would obey. So control characters, bytes that are not UTF-8 ({@link Names}' escapes) and the
 * backslash itself become {@code \xHH} and {@code \\}: the line still tells the name's bytes.
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
    int n = message.length();
    StringBuilder b = new StringBuilder(n + 16);
    for (int i = 0; i < n; i++) {
      char c = message.charAt(i);
      if (c == '\\') {
        b.append("\\\\");
      } else if (c < 0x20 || c == 0x7F) {
        hex(b, c);
      } else if (c >= 0x80 && c <= 0x9F) { // C1 controls: their UTF-8 bytes
        hex(b, 0xC2);
        hex(b, c);
      } else if (isEscapedByte(message, i)) {
        hex(b, c & 0xFF);
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }

  /** Whether {@code s} holds at {@code i} a byte that {@link Names#decode} escaped. */
  private static boolean isEscapedByte(String s, int i) {
    char c = s.charAt(i);
    return c >= 0xDC80 && c <= 0xDCFF && (i == 0 || !Character.isHighSurrogate(s.charAt(i - 1)));
  }

  private static void hex(StringBuilder b, int v) {
    b.append("\\x").append(HEX[v >> 4 & 0xF]).append(HEX[v & 0xF]);
  }
}
