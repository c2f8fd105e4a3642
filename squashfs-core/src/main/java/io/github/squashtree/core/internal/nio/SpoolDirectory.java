package io.github.squashtree.core.internal.nio;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;

/**
 * Where a file system in create mode keeps file content until it writes the image: up to a memory
 * budget in memory, the rest in a private temporary directory (made on first need, mode 0700) that
 * {@link #delete()} removes with everything in it.
 */
final class SpoolDirectory {
  /** Content kept in memory across all files at most. */
  static final long MEMORY_BUDGET = 16L << 20;

  private final Path parent;
  private Path dir;
  private long reserved;
  private long files;

  SpoolDirectory(Path parent) {
    this.parent = parent;
  }

  /** Takes {@code bytes} of the memory budget; false when it is spent. */
  boolean reserve(long bytes) {
    if (reserved + bytes > MEMORY_BUDGET) {
      return false;
    }
    reserved += bytes;
    return true;
  }

  void release(long bytes) {
    reserved -= bytes;
  }

  /** A new empty file's path in the directory. */
  Path newFile() throws IOException {
    if (dir == null) {
      dir =
          Files.createTempDirectory(
              parent,
              "squashfs-spool-",
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    }
    return dir.resolve(Long.toString(files++));
  }

  /** The directory, if one was made. */
  Path path() {
    return dir;
  }

  /** Removes the directory and every file in it. */
  void delete() throws IOException {
    if (dir == null) {
      return;
    }
    try (Stream<Path> list = Files.list(dir)) {
      for (Path p : (Iterable<Path>) list::iterator) {
        Files.deleteIfExists(p);
      }
    }
    Files.deleteIfExists(dir);
    dir = null;
  }
}
