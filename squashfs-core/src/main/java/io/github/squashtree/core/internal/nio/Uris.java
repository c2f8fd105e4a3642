package io.github.squashtree.core.internal.nio;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * URIs of the form {@code squashfs:<image file URI>!<absolute path>}, as {@code jar:} URIs name zip
 * entries. The path part is percent-encoded byte by byte, so a name that is not UTF-8 keeps its
 * bytes; a '!' in the image's own URI is encoded too, so the first "!/" always ends it.
 */
final class Uris {
  static final String SCHEME = "squashfs";
  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private Uris() {}

  static URI of(Path image, byte[] absolutePath) {
    String file = image.toAbsolutePath().toUri().toString().replace("!", "%21");
    StringBuilder s = new StringBuilder(SCHEME).append(':').append(file).append('!');
    for (byte b : absolutePath) {
      int c = b & 0xFF;
      if (c < 0x80 && (Character.isLetterOrDigit(c) || "/-._~!$&'()*+,;=:@".indexOf(c) >= 0)) {
        s.append((char) c);
      } else {
        s.append('%').append(HEX[c >> 4]).append(HEX[c & 15]);
      }
    }
    return URI.create(s.toString());
  }

  /** The image file a URI names. */
  static Path imageOf(URI uri) {
    checkScheme(uri);
    String spec = uri.getRawSchemeSpecificPart();
    int sep = spec.indexOf("!/");
    if (sep >= 0) {
      spec = spec.substring(0, sep);
    }
    try {
      return Path.of(new URI(spec)).toAbsolutePath();
    } catch (URISyntaxException | IllegalArgumentException e) {
      throw new IllegalArgumentException("not a squashfs URI of an image file: " + uri, e);
    }
  }

  /** The path bytes after the first "!/" of a URI. */
  static byte[] pathOf(URI uri) {
    checkScheme(uri);
    String spec = uri.getRawSchemeSpecificPart();
    int sep = spec.indexOf("!/");
    if (sep < 0) {
      throw new IllegalArgumentException(
          "URI " + uri + " names no path in the image, as squashfs:file:///root.sqfs!/etc does");
    }
    return decode(spec.substring(sep + 1));
  }

  static void checkScheme(URI uri) {
    if (uri.getScheme() == null || !uri.getScheme().equalsIgnoreCase(SCHEME)) {
      throw new IllegalArgumentException("URI scheme is not '" + SCHEME + "': " + uri);
    }
  }

  /** Percent escapes as bytes; other characters as their UTF-8 bytes. */
  private static byte[] decode(String raw) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length());
    int i = 0;
    while (i < raw.length()) {
      int c = raw.codePointAt(i);
      if (c == '%') {
        if (i + 2 >= raw.length() || hex(raw.charAt(i + 1)) < 0 || hex(raw.charAt(i + 2)) < 0) {
          throw new IllegalArgumentException("bad percent escape at " + i + " in " + raw);
        }
        out.write(hex(raw.charAt(i + 1)) << 4 | hex(raw.charAt(i + 2)));
        i += 3;
      } else {
        out.writeBytes(new String(Character.toChars(c)).getBytes(StandardCharsets.UTF_8));
        i += Character.charCount(c);
      }
    }
    return out.toByteArray();
  }

  private static int hex(char c) {
    return Character.digit(c, 16);
  }
}
