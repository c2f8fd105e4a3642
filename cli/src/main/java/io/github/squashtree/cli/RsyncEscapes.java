package io.github.squashtree.cli;

import io.github.squashtree.core.tree.Names;
import java.io.IOException;

/**
 * Names as {@code rsync -i} prints them: a control byte (but tab), a byte that is not part of valid
 * UTF-8, and a backslash that would read as the start of an escape ({@code \#} and three digits)
 * become {@code \#ooo}, the byte in octal. A name in an image or tree can hold any byte but '/' and
 * NUL; escaped, it can neither forge a line of itemized output nor steer the terminal, and reads as
 * rsync's does. Stricter than rsync in one point: DEL and the C1 controls (U+0080..U+009F, which
 * some terminals take as the start of a control sequence) are escaped too.
 */
final class RsyncEscapes {
  private RsyncEscapes() {}

  static void write(LineWriter w, String name) throws IOException {
    byte[] b = Names.encode(name);
    int plain = 0; // the start of the bytes not yet written
    int i = 0;
    while (i < b.length) {
      int length = printableLength(b, i);
      if (length > 0) {
        i += length;
        continue;
      }
      w.bytes(b, plain, i - plain);
      int v = b[i] & 0xFF;
      w.ch('\\').ch('#').ch((char) ('0' + (v >> 6))).ch((char) ('0' + (v >> 3 & 7)));
      w.ch((char) ('0' + (v & 7)));
      plain = ++i;
    }
    w.bytes(b, plain, b.length - plain);
  }

  /** The length of the character at {@code i} when it is printed as it is, else 0. */
  private static int printableLength(byte[] b, int i) {
    int v = b[i] & 0xFF;
    if (v == '\\') {
      return startsEscape(b, i) ? 0 : 1;
    }
    if (v < 0x80) {
      return (v >= 0x20 && v != 0x7F) || v == '\t' ? 1 : 0;
    }
    if (v == 0xC2 && i + 1 < b.length && (b[i + 1] & 0xFF) < 0xA0) {
      return 0; // a C1 control
    }
    return utf8Length(b, i);
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

  /**
   * The length of the well-formed UTF-8 sequence that starts at {@code i} (no overlong form, no
   * surrogate, nothing above U+10FFFF), or 0.
   */
  private static int utf8Length(byte[] b, int i) {
    int lead = b[i] & 0xFF;
    int length;
    int low = 0x80; // the range the second byte must lie in
    int high = 0xBF;
    if (lead >= 0xC2 && lead <= 0xDF) {
      length = 2;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
      length = 3;
      low = lead == 0xE0 ? 0xA0 : low;
      high = lead == 0xED ? 0x9F : high;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
      length = 4;
      low = lead == 0xF0 ? 0x90 : low;
      high = lead == 0xF4 ? 0x8F : high;
    } else {
      return 0;
    }
    if (i + length > b.length) {
      return 0;
    }
    int second = b[i + 1] & 0xFF;
    if (second < low || second > high) {
      return 0;
    }
    for (int k = 2; k < length; k++) {
      if ((b[i + k] & 0xC0) != 0x80) {
        return 0;
      }
    }
    return length;
  }
}
