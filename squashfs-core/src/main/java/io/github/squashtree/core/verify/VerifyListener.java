package io.github.squashtree.core.verify;

/** Hears how a verification progresses; may be called from several threads. */
public interface VerifyListener {
  /**
   * {@code done} of {@code total} stored bytes of the image have been checked (data and fragment
   * blocks; metadata is counted when the walk ends).
   */
  default void progress(long done, long total) {}

  VerifyListener NONE = new VerifyListener() {};
}
