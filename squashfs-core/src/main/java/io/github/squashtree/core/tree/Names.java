package io.github.squashtree.core.tree;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Names and symlink targets as the tree model holds them: strings that stand for bytes exactly.
 *
 * <p>A name in an image (or on Linux) is bytes, UTF-8 by custom only. Valid UTF-8 decodes as usual;
 * each byte of a malformed sequence becomes the unpaired surrogate U+DC80..U+DCFF (Python's
 * "surrogateescape"), which {@link #encode} turns back into that byte. So every byte string
 * survives a round trip through the model (an image copied by {@code mk IMAGE} or {@code flatten}
 * keeps a Latin-1 name), where plain UTF-8 decoding would make it U+FFFD for good.
 */
public final class Names {
  private static final char ESCAPE_BASE = 0xDC00;

  private Names() {}

  /** The string standing for {@code bytes}: UTF-8, malformed bytes escaped. */
  public static String decode(byte[] bytes) {
    if (isAscii(bytes)) {
      return new String(bytes, StandardCharsets.ISO_8859_1); // the common case, and fast
    }
    CharsetDecoder decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes);
    CharBuffer out = CharBuffer.allocate(bytes.length); // UTF-8 never decodes to more chars
    while (true) {
      CoderResult r = decoder.decode(in, out, true);
      if (r.isUnderflow()) {
        break;
      }
      for (int i = 0; i < r.length(); i++) {
        out.put((char) (ESCAPE_BASE | (in.get() & 0xFF)));
      }
    }
    decoder.flush(out);
    return out.flip().toString();
  }

  /** The bytes {@code name} stands for; the inverse of {@link #decode}. */
  public static byte[] encode(String name) {
    if (!hasEscapes(name)) {
      return name.getBytes(StandardCharsets.UTF_8);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(name.length() * 3);
    int from = 0;
    for (int i = 0; i < name.length(); i++) {
      if (isEscape(name, i)) {
        out.writeBytes(name.substring(from, i).getBytes(StandardCharsets.UTF_8));
        out.write(name.charAt(i) & 0xFF);
        from = i + 1;
      }
    }
    out.writeBytes(name.substring(from).getBytes(StandardCharsets.UTF_8));
    return out.toByteArray();
  }

  /** Whether {@code name} holds a byte that is not UTF-8 (an escape {@link #decode} made). */
  public static boolean hasEscapes(String name) {
    for (int i = 0; i < name.length(); i++) {
      if (isEscape(name, i)) {
        return true;
      }
    }
    return false;
  }

  /** An unpaired U+DC80..U+DCFF: a low surrogate without its high one before it. */
  private static boolean isEscape(String s, int i) {
    char c = s.charAt(i);
    return c >= 0xDC80 && c <= 0xDCFF && (i == 0 || !Character.isHighSurrogate(s.charAt(i - 1)));
  }

  private static boolean isAscii(byte[] bytes) {
    for (byte b : bytes) {
      if (b < 0) {
        return false;
      }
    }
    return true;
  }
}
