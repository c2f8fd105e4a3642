package io.github.squashtree.cli;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Writes JSON strings: quotes, backslashes and control characters escaped, the rest as UTF-8. */
final class Json {
  private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

  private Json() {}

  /** Writes raw name bytes as a JSON string; bytes that are not UTF-8 become U+FFFD. */
  static void string(LineWriter w, byte[] raw) throws IOException {
    for (byte b : raw) {
      if (b < 0x20 || b == '"' || b == '\\') { // negative: not ASCII
        string(w, new String(raw, StandardCharsets.UTF_8));
        return;
      }
    }
    w.ch('"').bytes(raw).ch('"');
  }

  /**
   * Writes {@code "key":"name"} and, when the bytes are not UTF-8, {@code "key_b64":"…"} with the
   * bytes in base64: the string shows the name (malformed bytes as U+FFFD), the base64 field gives
   * its bytes back exactly, so a script can find the file again.
   */
  static void name(LineWriter w, String key, byte[] raw) throws IOException {
    w.ch('"').ascii(key).ascii("\":");
    string(w, raw);
    if (!isUtf8(raw)) {
      w.ascii(",\"").ascii(key).ascii("_b64\":\"");
      w.bytes(Base64.getEncoder().encode(raw)).ch('"');
    }
  }

  /** Whether {@code raw} is well-formed UTF-8. */
  static boolean isUtf8(byte[] raw) {
    for (byte b : raw) {
      if (b < 0) {
        try {
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(raw));
          return true;
        } catch (CharacterCodingException e) {
          return false;
        }
      }
    }
    return true; // ASCII
  }

  static void string(LineWriter w, String s) throws IOException {
    w.ch('"');
    int n = s.length();
    int plainFrom = 0;
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c >= 0x20 && c != '"' && c != '\\' && !Character.isSurrogate(c)) {
        continue;
      }
      if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
        i++; // a valid pair: UTF-8 encodes it as one code point
        continue;
      }
      w.utf8(s.substring(plainFrom, i));
      escape(w, c);
      plainFrom = i + 1;
    }
    w.utf8(s.substring(plainFrom));
    w.ch('"');
  }

  private static void escape(LineWriter w, char c) throws IOException {
    switch (c) {
      case '"' -> w.ascii("\\\"");
      case '\\' -> w.ascii("\\\\");
      case '\n' -> w.ascii("\\n");
      case '\r' -> w.ascii("\\r");
      case '\t' -> w.ascii("\\t");
      case '\b' -> w.ascii("\\b");
      case '\f' -> w.ascii("\\f");
      default -> // other control characters and lone surrogates
          w.ascii("\\u")
              .ch((char) HEX[c >> 12 & 0xF])
              .ch((char) HEX[c >> 8 & 0xF])
              .ch((char) HEX[c >> 4 & 0xF])
              .ch((char) HEX[c & 0xF]);
    }
  }

  /** The JSON form of a string, for callers outside the hot path. */
  static String quote(String s) {
    var bytes = new java.io.ByteArrayOutputStream();
    LineWriter w = new LineWriter(bytes);
    try {
      string(w, s);
      w.flush();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }
}
