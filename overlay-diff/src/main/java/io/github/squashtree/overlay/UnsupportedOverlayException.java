package io.github.squashtree.overlay;

import java.io.IOException;

/**
 * An upper or lower entry uses an overlayfs feature this library does not model yet ({@code
 * redirect} or {@code metacopy}); the message names the path and the attribute.
 */
public final class UnsupportedOverlayException extends IOException {
  private static final long serialVersionUID = 1L;

  /**
   * An exception saying what cannot be modelled or shown, and where.
   *
   * @param message what and where
   */
  public UnsupportedOverlayException(String message) {
    super(message);
  }
}
