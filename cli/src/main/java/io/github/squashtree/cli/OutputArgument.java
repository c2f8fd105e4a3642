package io.github.squashtree.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Map;
import java.util.Objects;

/**
 * The OUT of {@code mk}, {@code layer} and {@code flatten}, which is never one of the command's
 * inputs: {@code sqfs layer NEW base.sqfs base.sqfs} once replaced the base with the delta.
 */
final class OutputArgument {
  private OutputArgument() {}

  /**
   * Refuses {@code out} when it is the same file, by device and inode (links followed), as one of
   * {@code inputs} (by what the command calls them), before anything is written.
   */
  static void requireNotAnInput(Path out, Map<String, Path> inputs)
      throws IOException, Main.UsageException {
    Object written = fileKey(out);
    if (written == null) {
      return; // a new file is nobody's input
    }
    for (Map.Entry<String, Path> input : inputs.entrySet()) {
      Path p = input.getValue();
      if (p != null && Objects.equals(written, fileKey(p))) {
        throw new Main.UsageException(
            out
                + ": is "
                + input.getKey()
                + (p.equals(out) ? "" : " (" + p + ")")
                + ", an input of this command; write the image elsewhere");
      }
    }
  }

  /** Device and inode of the file {@code p} names, or null if there is none. */
  private static Object fileKey(Path p) throws IOException {
    try {
      Object key = Files.readAttributes(p, BasicFileAttributes.class).fileKey();
      return key != null ? key : p.toRealPath();
    } catch (NoSuchFileException e) {
      return null;
    }
  }
}
