package io.github.squashtree.core.internal.io;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * What may be opened as an image: a regular file or a block device (an image written straight to a
 * partition), symlinks followed. Anything else is refused before it is opened, naming the path: a
 * fifo or a character device would block the open or the reads forever, a directory cannot be read.
 */
public final class ImageFiles {
  private static final int S_IFMT = 0170000;
  private static final int S_IFBLK = 0060000;

  private ImageFiles() {}

  /**
   * Refuses {@code file} unless it is a regular file or a block device.
   *
   * @throws FileSystemException naming the file and what it is
   */
  public static void requireReadable(Path file) throws IOException {
    BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
    if (a.isRegularFile()) {
      return;
    }
    String what;
    if (a.isDirectory()) {
      what = "a directory";
    } else {
      Integer mode = unixMode(file);
      if (mode != null && (mode & S_IFMT) == S_IFBLK) {
        return;
      }
      what = mode == null ? "not a regular file" : kind(mode);
    }
    throw new FileSystemException(
        file.toString(), null, "is " + what + "; an image is a regular file or a block device");
  }

  /** The st_mode of {@code file}, or null where the platform does not tell it. */
  private static Integer unixMode(Path file) throws IOException {
    try {
      return (Integer) Files.getAttribute(file, "unix:mode");
    } catch (UnsupportedOperationException | IllegalArgumentException e) {
      return null;
    }
  }

  private static String kind(int mode) {
    return switch (mode & S_IFMT) {
      case 0010000 -> "a fifo";
      case 0020000 -> "a character device";
      case 0140000 -> "a socket";
      default -> "not a regular file";
    };
  }
}
