package io.github.squashtree.core.image;

/** Hears how a verification progresses; may be called from several threads. */
public interface VerifyListener {
  /**
   * {@code done} of {@code total} bytes of the image have been checked: the stored size of each
   * data block counts once it is decoded; the rest (fragments, metadata) counts at the end.
   *
   * @param done bytes checked so far
   * @param total bytes to check in all
   */
  default void progress(long done, long total) {}

  /** A listener that hears nothing. */
  VerifyListener NONE = new VerifyListener() {};
}
