package io.github.squashtree.core.tree;

import java.time.Instant;

/** The resolution at which a tree records modification times. */
public enum TimePrecision {
  /** Whole seconds, as SquashFS stores them. */
  SECONDS,
  /** Nanoseconds, as Linux file systems store them. */
  NANOSECONDS;

  /**
   * The coarser of two precisions: the one at which times of both trees can be compared.
   *
   * @param a one precision
   * @param b another
   * @return the coarser of the two
   */
  public static TimePrecision coarser(TimePrecision a, TimePrecision b) {
    return a == SECONDS || b == SECONDS ? SECONDS : NANOSECONDS;
  }

  /**
   * {@code time} truncated (towards negative infinity) to this precision.
   *
   * @param time a time
   * @return it at this precision
   */
  public Instant truncate(Instant time) {
    return this == SECONDS ? Instant.ofEpochSecond(time.getEpochSecond()) : time;
  }
}
