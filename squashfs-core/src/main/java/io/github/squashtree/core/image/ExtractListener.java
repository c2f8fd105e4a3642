package io.github.squashtree.core.image;

/** Hears how an extraction progresses; called from several threads. */
public interface ExtractListener {
  /**
   * {@code bytes} more of file content were written.
   *
   * @param bytes the number of bytes
   */
  default void bytesWritten(long bytes) {}

  /**
   * Something could not be restored, e.g. an xattr the user may not set; extraction goes on.
   *
   * @param message one line saying what and where
   */
  default void warning(String message) {}

  /** A listener that hears nothing. */
  ExtractListener NONE = new ExtractListener() {};
}
