package io.github.squashtree.overlay;

import io.github.squashtree.core.tree.TimePrecision;
import java.util.Objects;

/**
 * How {@link TreeComparator} decides that two entries differ.
 *
 * @param checksum compare the bytes of regular files of equal size (otherwise rsync's quick check:
 *     equal size and mtime mean equal content)
 * @param precision compare mtimes at least this coarsely; the trees' own precisions may make it
 *     coarser still. {@link TimePrecision#NANOSECONDS} leaves it to the trees.
 * @param threads how many threads compare large files when checksumming (1: the walking thread does
 *     all the reading)
 */
public record CompareOptions(boolean checksum, TimePrecision precision, int threads) {
  /**
   * Checks that the precision is given and the thread count.
   *
   * @param checksum compare the bytes of regular files of equal size (otherwise rsync's quick
   *     check: equal size and mtime mean equal content)
   * @param precision compare mtimes at least this coarsely; the trees' own precisions may make it
   *     coarser still. {@link TimePrecision#NANOSECONDS} leaves it to the trees.
   * @param threads how many threads compare large files when checksumming (1: the walking thread
   *     does all the reading)
   */
  public CompareOptions {
    Objects.requireNonNull(precision, "precision");
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be positive: " + threads);
    }
  }

  /**
   * Quick check, the trees' precision, up to four threads.
   *
   * @return the default options
   */
  public static CompareOptions defaults() {
    return new CompareOptions(
        false,
        TimePrecision.NANOSECONDS,
        Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors())));
  }

  /**
   * These options with or without byte-by-byte comparison.
   *
   * @param on whether file contents are compared byte by byte
   * @return the new options
   */
  public CompareOptions withChecksum(boolean on) {
    return new CompareOptions(on, precision, threads);
  }

  /**
   * These options with mtimes compared at another precision.
   *
   * @param p the precision; {@link TimePrecision#NANOSECONDS} leaves it to the trees
   * @return the new options
   */
  public CompareOptions withPrecision(TimePrecision p) {
    return new CompareOptions(checksum, p, threads);
  }

  /**
   * These options with another number of comparing threads.
   *
   * @param n threads, at least 1
   * @return the new options
   */
  public CompareOptions withThreads(int n) {
    return new CompareOptions(checksum, precision, n);
  }
}
