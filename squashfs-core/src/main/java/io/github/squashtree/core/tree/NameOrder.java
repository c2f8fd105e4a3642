package io.github.squashtree.core.tree;

import java.util.Arrays;
import java.util.Comparator;

/**
 * The order of names in a directory: unsigned comparison of their bytes ({@link Names}), like
 * strcmp.
 */
public final class NameOrder {
  private NameOrder() {}

  /** Compares names as mksquashfs and the kernel order directory entries. */
  public static final Comparator<String> NAMES = NameOrder::compare;

  /**
   * Orders entries of one directory by name. Compares the ends of their paths in place: cutting out
   * the names allocated two strings per comparison, in the sort of every listing.
   */
  public static final Comparator<Entry> ENTRIES =
      (x, y) -> compare(x.path(), nameStart(x.path()), y.path(), nameStart(y.path()));

  private static int nameStart(String path) {
    return path.lastIndexOf('/') + 1;
  }

  /**
   * The order of the UTF-8 encodings without encoding: UTF-8 bytes sort as code points do, and two
   * chars that are not surrogates sort as their code points. Only where the first difference
   * involves a surrogate (a pair, or a byte {@link Names} escaped) are the names encoded and
   * compared as bytes. Comparisons are the inner loop of sorting and merging listings.
   */
  private static int compare(String a, String b) {
    return compare(a, 0, b, 0);
  }

  /** Compares {@code a} from {@code aFrom} with {@code b} from {@code bFrom}, as above. */
  private static int compare(String a, int aFrom, String b, int bFrom) {
    int aLength = a.length() - aFrom;
    int bLength = b.length() - bFrom;
    int n = Math.min(aLength, bLength);
    for (int i = 0; i < n; i++) {
      char x = a.charAt(aFrom + i);
      char y = b.charAt(bFrom + i);
      if (x != y) {
        if (Character.isSurrogate(x) || Character.isSurrogate(y)) {
          return Arrays.compareUnsigned(
              Names.encode(a.substring(aFrom)), Names.encode(b.substring(bFrom)));
        }
        return x - y;
      }
    }
    return aLength - bLength;
  }
}
