package io.github.squashtree.core.tree;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Names, symlink targets and xattr names as the tree model holds them: strings that stand for bytes
 * exactly.
 *
 * <p>A name in an image (or on Linux) is bytes, UTF-8 by custom only. Valid UTF-8 decodes as usual;
 * each byte of a malformed sequence becomes the unpaired surrogate U+DC80..U+DCFF (Python's
 * "surrogateescape"), which {@link #encode} turns back into that byte. So every byte string
 * survives a round trip through the model (an image copied by {@code mk IMAGE} or {@code flatten}
 * keeps a Latin-1 name), where plain UTF-8 decoding would make it U+FFFD for good.
 */
public final class Names {
  private static final char ESCAPE_BASE = 0xDC00;
  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private Names() {}

  /**
   * The string standing for {@code bytes}: UTF-8, malformed bytes escaped.
   *
   * @param bytes a name's bytes
   * @return the string standing for them
   */
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

  /**
   * The bytes {@code name} stands for; the inverse of {@link #decode}.
   *
   * @param name a string as {@link #decode} makes them
   * @return the bytes it stands for
   */
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

  /**
   * The host path of {@code name} (one name, or names joined by '/') in {@code dir}, with the bytes
   * the names stand for. Java makes a path from a string in the platform's charset only; a name
   * with bytes that are not UTF-8 goes through a {@code file:} URI instead, whose %XX escapes are
   * taken as bytes (on other file systems than the default one, such bytes become U+FFFD).
   *
   * @param dir a directory
   * @param name a name, or names joined by '/'
   * @return the path in {@code dir}
   */
  public static Path hostPath(Path dir, String name) {
    if (!hasEscapes(name)) {
      return dir.resolve(name);
    }
    if (dir.getFileSystem() != FileSystems.getDefault()) {
      return dir.resolve(forHost(name));
    }
    String base = dir.toAbsolutePath().toUri().getRawPath();
    StringBuilder uri = new StringBuilder("file://").append(base);
    if (!base.endsWith("/")) {
      uri.append('/');
    }
    for (byte b : encode(name)) {
      int c = b & 0xFF;
      if (c < 0x80 && (Character.isLetterOrDigit(c) || "-._~/".indexOf(c) >= 0)) {
        uri.append((char) c);
      } else {
        uri.append('%').append(HEX[c >> 4]).append(HEX[c & 15]);
      }
    }
    return Path.of(URI.create(uri.toString()));
  }

  /**
   * The name of the host path {@code p} as this model holds names: its bytes, where they are not
   * UTF-8 (Java's {@code toString} shows them as U+FFFD), read from its {@code file:} URI.
   *
   * @param p a host path
   * @return its last name, as this model holds names
   */
  public static String hostName(Path p) {
    String name = p.getFileName().toString();
    if (name.indexOf('\uFFFD') < 0 || p.getFileSystem() != FileSystems.getDefault()) {
      return name;
    }
    byte[] path = rawBytes(p);
    int from = path.length;
    while (from > 0 && path[from - 1] != '/') {
      from--;
    }
    return decode(Arrays.copyOfRange(path, from, path.length));
  }

  /**
   * The bytes of the host path {@code p} for a system call: {@code charset} (the JVM's file-name
   * charset) for a path Java can show, the bytes behind its {@code file:} URI for one it cannot.
   *
   * @param p a host path
   * @param charset the JVM's file-name charset
   * @return the path's bytes
   */
  public static byte[] hostBytes(Path p, Charset charset) {
    String s = p.toString();
    if (s.indexOf('\uFFFD') < 0 || p.getFileSystem() != FileSystems.getDefault()) {
      return s.getBytes(charset);
    }
    return rawBytes(p);
  }

  /** The absolute path's bytes, from its {@code file:} URI (no trailing '/'). */
  private static byte[] rawBytes(Path p) {
    String raw = p.toAbsolutePath().toUri().getRawPath();
    if (raw.length() > 1 && raw.endsWith("/")) {
      raw = raw.substring(0, raw.length() - 1);
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == '%' && i + 2 < raw.length()) {
        bytes.write(Integer.parseInt(raw.substring(i + 1, i + 3), 16));
        i += 2;
      } else {
        bytes.write(c);
      }
    }
    return bytes.toByteArray();
  }

  /**
   * {@code name} with U+FFFD for each byte that is not UTF-8: the nearest string Java can make a
   * path of or show where the bytes cannot go (another file system, messages).
   *
   * @param name a name as this model holds it
   * @return the name with U+FFFD for bytes that are not UTF-8
   */
  public static String forHost(String name) {
    if (!hasEscapes(name)) {
      return name;
    }
    StringBuilder s = new StringBuilder(name.length());
    for (int i = 0; i < name.length(); i++) {
      s.append(isEscape(name, i) ? '\uFFFD' : name.charAt(i));
    }
    return s.toString();
  }

  /**
   * Whether {@code name} holds a byte that is not UTF-8 (an escape {@link #decode} made).
   *
   * @param name a name as this model holds it
   * @return whether it stands for bytes that are not UTF-8
   */
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
