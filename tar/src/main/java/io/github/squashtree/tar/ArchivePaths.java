package io.github.squashtree.tar;

import io.github.squashtree.core.tree.Names;
import java.util.Arrays;

/**
 * Member names as paths of the tree: relative, made absolute ({@code "./usr/bin"} and {@code
 * "usr//bin/"} are {@code "/usr/bin"}, {@code "./"} is the root). An absolute name, a {@code ..}
 * component or a component longer than SquashFS stores is refused: an archive is untrusted, and
 * such a name would land outside the tree where the archive is unpacked.
 */
final class ArchivePaths {
  /** The longest name SquashFS stores. */
  static final int MAX_NAME = 256;

  private ArchivePaths() {}

  /** The tree path of {@code raw}; {@code what} ("name", "hard link target") names it in errors. */
  static String normalize(byte[] raw, String where, String what) throws TarFormatException {
    if (raw.length == 0) {
      throw new TarFormatException(where + ": empty " + what);
    }
    if (raw[0] == '/') {
      throw new TarFormatException(where + ": absolute " + what);
    }
    StringBuilder path = new StringBuilder(raw.length + 1);
    int start = 0;
    while (start <= raw.length) {
      int end = start;
      while (end < raw.length && raw[end] != '/') {
        end++;
      }
      int len = end - start;
      if (len == 2 && raw[start] == '.' && raw[start + 1] == '.') {
        throw new TarFormatException(where + ": " + what + " with a '..' component");
      }
      if (len > 0 && !(len == 1 && raw[start] == '.')) {
        if (len > MAX_NAME) {
          throw new TarFormatException(
              where
                  + ": "
                  + what
                  + " with a component of "
                  + len
                  + " bytes (at most "
                  + MAX_NAME
                  + ")");
        }
        byte[] component = Arrays.copyOfRange(raw, start, end);
        for (byte b : component) {
          if (b == 0) {
            throw new TarFormatException(where + ": " + what + " with a NUL byte");
          }
        }
        path.append('/').append(Names.decode(component));
      }
      start = end + 1;
    }
    return path.length() == 0 ? "/" : path.toString();
  }
}
