package io.github.squashtree.core.image;

import java.util.List;

/**
 * What an extraction did.
 *
 * @param files regular files written (each hard-link group once)
 * @param directories directories made
 * @param symlinks symbolic links made
 * @param hardLinks further names of files already written
 * @param specialFiles devices, fifos and sockets made
 * @param bytes bytes of file content written
 * @param warnings what could not be restored, in the order met
 */
public record ExtractResult(
    long files,
    long directories,
    long symlinks,
    long hardLinks,
    long specialFiles,
    long bytes,
    List<String> warnings) {
  /**
   * Keeps an unmodifiable copy of the warnings.
   *
   * @param files regular files written (each hard-link group once)
   * @param directories directories made
   * @param symlinks symbolic links made
   * @param hardLinks further names of files already written
   * @param specialFiles devices, fifos and sockets made
   * @param bytes bytes of file content written
   * @param warnings what could not be restored, in the order met
   */
  public ExtractResult {
    warnings = List.copyOf(warnings);
  }
}
