package io.github.squashtree.tar;

import java.io.IOException;

/**
 * A tar archive, an OCI layout or one of its blobs that cannot be taken as it is: truncated,
 * malformed, over a limit, or asking for something unsafe (a name with {@code ..}, an absolute
 * path, a hard link to nothing). The message names the entry and where it is.
 */
public class TarFormatException extends IOException {
  private static final long serialVersionUID = 1L;

  public TarFormatException(String message) {
    super(message);
  }

  public TarFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
