package io.github.squashtree.core.tree;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Comparator;

/** The order of names in a directory: unsigned comparison of their UTF-8 bytes, like strcmp. */
public final class NameOrder {
  private NameOrder() {}

  /** Compares names as mksquashfs and the kernel order directory entries. */
  public static final Comparator<String> NAMES =
      (a, b) ->
          Arrays.compareUnsigned(
              a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));

  /** Orders entries of one directory by name. */
  public static final Comparator<Entry> ENTRIES = Comparator.comparing(Entry::name, NAMES);
}
