package io.github.squashtree.cli;

import java.io.IOException;

/**
 * What a terminal shows as text, the one rule behind every escaped name in sqfs's output (stderr
 * lines, itemized changes, {@code ls -b}): printable ASCII, and well-formed UTF-8 that is not a C1
 * control (U+0080..U+009F, which some terminals take as the start of a control sequence). Control
 * characters, DEL and bytes outside well-formed UTF-8 are not; each output escapes them in its own
 * {@link Notation}.
 */
final class PrintableBytes {
  /** How one output escapes: which text it keeps as it is, and how it writes any other byte. */
  interface Notation {
    /** The length of the text at {@code i} to write as it is, or 0 to escape byte {@code i}. */
    int keep(byte[] b, int i);

    void escape(LineWriter w, int b) throws IOException;
  }

  private PrintableBytes() {}

  /** Writes {@code b} from {@code from} on in {@code notation}. */
  static void write(LineWriter w, byte[] b, int from, Notation notation) throws IOException {
    int plain = from; // the start of the bytes not yet written
    int i = from;
    while (i < b.length) {
      int length = notation.keep(b, i);
      if (length > 0) {
        i += length;
        continue;
      }
      w.bytes(b, plain, i - plain);
      notation.escape(w, b[i] & 0xFF);
      plain = ++i;
    }
    w.bytes(b, plain, b.length - plain);
  }

  /** The length of the character at {@code i} if a terminal shows it as text, else 0. */
  static int length(byte[] b, int i) {
    int v = b[i] & 0xFF;
    if (v < 0x80) {
      return v >= 0x20 && v != 0x7F ? 1 : 0;
    }
    if (v == 0xC2 && i + 1 < b.length && (b[i + 1] & 0xFF) < 0xA0) {
      return 0; // a C1 control
    }
    return utf8Length(b, i);
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
