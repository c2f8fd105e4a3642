package io.github.squashtree.core;

import java.io.IOException;

/**
 * An image is malformed, truncated, uses an unsupported feature or exceeds a configured limit.
 *
 * <p>Every check of bytes read from an image reports through this exception, with a message that
 * says what was wrong and where (table, offset, inode), so that callers can treat any hostile input
 * uniformly and print it on one line.
 */
public class SquashfsFormatException extends IOException {
  private static final long serialVersionUID = 1L;

  /**
   * An exception with a message saying what was wrong and where.
   *
   * @param message what was wrong and where
   */
  public SquashfsFormatException(String message) {
    super(message);
  }

  /**
   * An exception with a message and the failure that revealed the problem.
   *
   * @param message what was wrong and where
   * @param cause the underlying failure
   */
  public SquashfsFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
