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

  private static int compare(String a, String b) {
    if (a.equals(b)) {
      return 0;
    }
    if (a.equals("/")) {
      return -1;
    }
    if (b.equals("/")) {
      return 1;
    }
    int i = 1;
    int j = 1;
    while (true) {
      int ea = a.indexOf('/', i);
      int eb = b.indexOf('/', j);
      String na = a.substring(i, ea < 0 ? a.length() : ea);
      String nb = b.substring(j, eb < 0 ? b.length() : eb);
      int c = NameOrder.NAMES.compare(na, nb);
      if (c != 0) {
        return c;
      }
      if (ea < 0 || eb < 0) {
        return ea < 0 ? (eb < 0 ? 0 : -1) : 1;
      }
      i = ea + 1;
      j = eb + 1;
    }
  }
}
