package io.github.squashtree.overlay;

import io.github.squashtree.core.tree.NameOrder;
import java.util.Comparator;

/**
 * The order of a depth-first walk with children in name order: a directory before everything in it,
 * and "/a/b" before "/a!" although '!' sorts before '/'.
 */
final class PathOrder {
  private PathOrder() {}

  /** Compares absolute paths component by component, names by {@link NameOrder#NAMES}. */
  static final Comparator<String> PATHS = PathOrder::compare;

  /**
   * One pass over the common prefix, with no substring but the two names where they first differ in
   * a surrogate: a '/' sorts before any char of a name (names hold no '/' or NUL), so it ends the
   * shorter name first. Paths of a hostile image can be thousands of components long, and sorting
   * them once cut each name out of both paths on every comparison.
   */
  private static int compare(String a, String b) {
    int n = Math.min(a.length(), b.length());
    int name = 0; // where the names being compared start
    for (int i = 0; i < n; i++) {
      char x = a.charAt(i);
      char y = b.charAt(i);
      if (x == y) {
        if (x == '/') {
          name = i + 1;
        }
        continue;
      }
      if (x == '/') {
        return -1;
      }
      if (y == '/') {
        return 1;
      }
      if (!Character.isSurrogate(x) && !Character.isSurrogate(y)) {
        return x - y; // as NameOrder: UTF-16 order is code point order outside surrogates
      }
      return NameOrder.NAMES.compare(nameAt(a, name), nameAt(b, name));
    }
    return a.length() - b.length(); // one path is the other or a directory above it
  }

  private static String nameAt(String path, int from) {
    int end = path.indexOf('/', from);
    return path.substring(from, end < 0 ? path.length() : end);
  }
}
