package io.github.squashtree.core.internal.host;

import java.nio.file.FileSystemException;

/**
 * This host cannot do what was asked: JNA is missing, the file system lacks the feature, or the
 * operation has no NIO equivalent. Callers that copy trees may report it and go on.
 */
public class UnsupportedHostOperationException extends FileSystemException {
  private static final long serialVersionUID = 1L;

  public UnsupportedHostOperationException(String file, String reason) {
    super(file, null, reason);
  }
}
