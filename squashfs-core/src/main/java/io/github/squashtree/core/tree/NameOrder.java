package io.github.squashtree.core.tree;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Comparator;

/** The order of names in a directory: unsigned comparison of their UTF-8 bytes, like strcmp. */
public final class NameOrder {
  private NameOrder() {}

  /** Compares names as mksquashfs and the kernel order directory entries. */
  public static final Comparator<String> NAMES = NameOrder::compare;

  /** Orders entries of one directory by name. */
  public static final Comparator<Entry> ENTRIES = Comparator.comparing(Entry::name, NAMES);

  /**
   * The order of the UTF-8 encodings without encoding: UTF-8 bytes sort as code points do, and two
   * chars that are not surrogates sort as their code points. Only where the first difference
   * involves a surrogate are the names encoded and compared as bytes (an unpaired surrogate encodes
   * as '?'). Comparisons are the inner loop of sorting and merging listings.
   */
  private static int compare(String a, String b) {
    int n = Math.min(a.length(), b.length());
    for (int i = 0; i < n; i++) {
      char x = a.charAt(i);
      char y = b.charAt(i);
      if (x != y) {
        if (Character.isSurrogate(x) || Character.isSurrogate(y)) {
          return Arrays.compareUnsigned(
              a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
        }
        return x - y;
      }
    }
    return a.length() - b.length();
  }
}
