package io.github.squashtree.tar;

import java.math.BigDecimal;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A JSON parser for the small documents of an OCI layout (index, manifests): objects as maps,
 * arrays as lists, strings, numbers as {@link BigDecimal}, booleans and null. Input is untrusted:
 * its size is capped by the caller, nesting at {@link #MAX_DEPTH}, and anything malformed is a
 * {@link TarFormatException} naming the document and the offset.
 */
final class Json {
  static final int MAX_DEPTH = 64;

  private final String text;
  private final String what;
  private int pos;

  private Json(String text, String what) {
    this.text = text;
    this.what = what;
  }

  /** Parses {@code utf8}, a whole document; {@code what} names it in errors. */
  static Object parse(byte[] utf8, String what) throws TarFormatException {
    String text;
    try {
      text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(java.nio.ByteBuffer.wrap(utf8))
              .toString();
    } catch (CharacterCodingException e) {
      throw new TarFormatException(what + ": not UTF-8");
    }
    Json p = new Json(text, what);
    p.space();
    Object v = p.value(0);
    p.space();
    if (p.pos != text.length()) {
      throw p.error("text after the document");
    }
    return v;
  }

  private Object value(int depth) throws TarFormatException {
    if (depth > MAX_DEPTH) {
      throw error("nested deeper than " + MAX_DEPTH);
    }
    if (pos >= text.length()) {
      throw error("unexpected end");
    }
    char c = text.charAt(pos);
    switch (c) {
      case '{' -> {
        pos++;
        Map<String, Object> map = new LinkedHashMap<>();
        space();
        if (peek('}')) {
          pos++;
          return map;
        }
        while (true) {
          space();
          if (!peek('"')) {
            throw error("a key must be a string");
          }
          String key = string();
          space();
          expect(':');
          space();
          map.put(key, value(depth + 1));
          space();
          if (peek(',')) {
            pos++;
            continue;
          }
          expect('}');
          return map;
        }
      }
      case '[' -> {
        pos++;
        List<Object> list = new ArrayList<>();
        space();
        if (peek(']')) {
          pos++;
          return list;
        }
        while (true) {
          space();
          list.add(value(depth + 1));
          space();
          if (peek(',')) {
            pos++;
            continue;
          }
          expect(']');
          return list;
        }
      }
      case '"' -> {
        return string();
      }
      case 't' -> {
        word("true");
        return Boolean.TRUE;
      }
      case 'f' -> {
        word("false");
        return Boolean.FALSE;
      }
      case 'n' -> {
        word("null");
        return null;
      }
      default -> {
        return number();
      }
    }
  }

  private String string() throws TarFormatException {
    expect('"');
    StringBuilder s = new StringBuilder();
    while (true) {
      if (pos >= text.length()) {
        throw error("unterminated string");
      }
      char c = text.charAt(pos++);
      if (c == '"') {
        return s.toString();
      }
      if (c < 0x20) {
        throw error("control character in a string");
      }
      if (c != '\\') {
        s.append(c);
        continue;
      }
      if (pos >= text.length()) {
        throw error("unterminated escape");
      }
      char e = text.charAt(pos++);
      switch (e) {
        case '"', '\\', '/' -> s.append(e);
        case 'b' -> s.append('\b');
        case 'f' -> s.append('\f');
        case 'n' -> s.append('\n');
        case 'r' -> s.append('\r');
        case 't' -> s.append('\t');
        case 'u' -> {
          if (pos + 4 > text.length()) {
            throw error("short \\u escape");
          }
          int v = 0;
          for (int i = 0; i < 4; i++) {
            int d = Character.digit(text.charAt(pos++), 16);
            if (d < 0) {
              throw error("bad \\u escape");
            }
            v = v << 4 | d;
          }
          s.append((char) v);
        }
        default -> throw error("bad escape \\" + e);
      }
    }
  }

  private BigDecimal number() throws TarFormatException {
    int start = pos;
    while (pos < text.length() && "+-0123456789.eE".indexOf(text.charAt(pos)) >= 0) {
      pos++;
    }
    if (start == pos || pos - start > 40) {
      throw error("not a value");
    }
    try {
      BigDecimal n = new BigDecimal(text.substring(start, pos));
      if (Math.abs(n.scale()) > 40) {
        throw error("number out of range");
      }
      return n;
    } catch (NumberFormatException e) {
      throw error("not a number");
    }
  }

  private void word(String w) throws TarFormatException {
    if (!text.startsWith(w, pos)) {
      throw error("not a value");
    }
    pos += w.length();
  }

  private boolean peek(char c) {
    return pos < text.length() && text.charAt(pos) == c;
  }

  private void expect(char c) throws TarFormatException {
    if (!peek(c)) {
      throw error("'" + c + "' expected");
    }
    pos++;
  }

  private void space() {
    while (pos < text.length() && " \t\r\n".indexOf(text.charAt(pos)) >= 0) {
      pos++;
    }
  }

  private TarFormatException error(String message) {
    return new TarFormatException(what + ": malformed JSON at offset " + pos + ": " + message);
  }
}
