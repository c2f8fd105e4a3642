package io.github.squashtree.core.image;

import java.util.Optional;

/**
 * What a verification found.
 *
 * @param inodes distinct inodes reached from the root
 * @param directories directories listed
 * @param files regular files whose content was decoded (hard links counted once)
 * @param hardLinks further names of files already counted
 * @param symlinks symbolic links
 * @param specials devices, fifos and sockets
 * @param dataBlocks data blocks decoded (sparse blocks not counted)
 * @param fragmentBlocks fragment blocks decoded
 * @param contentBytes bytes of file content checked
 * @param exportEntries export table entries checked (0 when the image has no export table)
 * @param problem the first corruption found, or {@code null} when the image is sound
 */
public record VerifyReport(
    long inodes,
    long directories,
    long files,
    long hardLinks,
    long symlinks,
    long specials,
    long dataBlocks,
    long fragmentBlocks,
    long contentBytes,
    long exportEntries,
    String problem) {

  /**
   * Whether no corruption was found.
   *
   * @return true when no problem was found
   */
  public boolean ok() {
    return problem == null;
  }

  /**
   * The first corruption found.
   *
   * @return it, or empty when the image is sound
   */
  public Optional<String> firstProblem() {
    return Optional.ofNullable(problem);
  }
}
