package io.github.squashtree.overlay;

import io.github.squashtree.core.tree.TimePrecision;
import java.time.Instant;

/**
 * When two modification times count as equal.
 *
 * <p>At {@link TimePrecision#NANOSECONDS} they must be the same instant. At {@link
 * TimePrecision#SECONDS} both are floored to the second ({@code st_mtime}, towards negative
 * infinity: 10.3 s and 10 s are equal, 10.9 s and 11 s are not), and then taken modulo 2^32, the
 * range of a SquashFS inode's unsigned 32-bit mtime: that is what mksquashfs stores for times
 * before 1970 or after 2106 (it keeps the low 32 bits; 1960-01-01 becomes 2096-02-06), so a tree
 * and its image compare equal whatever the times. The price: at whole seconds, times 2^32 seconds
 * (136 years) apart are equal.
 */
final class MtimeRule {
  private MtimeRule() {}

  /** Whether {@code a} and {@code b} are equal at {@code precision}. */
  static boolean same(Instant a, Instant b, TimePrecision precision) {
    if (precision == TimePrecision.NANOSECONDS) {
      return a.equals(b);
    }
    return seconds(a) == seconds(b);
  }

  /** The whole-second time as SquashFS holds it: floored, then reduced modulo 2^32. */
  static long seconds(Instant t) {
    return Math.floorMod(t.getEpochSecond(), 1L << 32);
  }
}
