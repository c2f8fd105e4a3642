package io.github.squashtree.core.internal.codec;

import java.io.Closeable;
import java.io.IOException;

/** Closes decoder streams whose input is already fully in memory. */
final class Closing {
  private Closing() {}

  /**
   * Closes {@code c} (returning its arrays to the cache); an error here is meaningless because the
   * result has been delivered or a failure is already being reported.
   */
  static void quietly(Closeable c) {
    if (c == null) {
      return;
    }
    try {
      c.close();
    } catch (IOException | RuntimeException ignored) {
      // nothing left to release beyond what close already did
    }
  }
}
