package io.github.squashtree.core.write;

import java.util.List;

/**
 * What a write produced, for a closing summary like mksquashfs's. The counts are the sums of what
 * the {@link WriteListener} heard.
 *
 * @param imageBytes size of the image file, padded to a multiple of 4 KiB
 * @param sourceBytes bytes of file content taken in (each content once: hard links and duplicates
 *     not again)
 * @param files regular files, each hard-link group counted once
 * @param directories directories, the root included
 * @param symlinks symbolic links, each hard-link group counted once
 * @param specialFiles block and character devices, fifos and sockets, each hard-link group once
 * @param hardLinks names beyond the first of each hard-link group
 * @param duplicateFiles files whose content was already stored for another file
 * @param fragments fragment blocks
 * @param dataBlocks data blocks stored, those copied from a source image included
 * @param sparseBlocks data blocks of zeros stored as holes
 * @param ids distinct uids and gids
 * @param xattrSets distinct sets of extended attributes
 * @param reusedBlocks data blocks copied compressed from a source image rather than compressed
 * @param warnings what the writer went on despite, in the order it happened
 */
public record WriteResult(
    long imageBytes,
    long sourceBytes,
    long files,
    long directories,
    long symlinks,
    long specialFiles,
    long hardLinks,
    long duplicateFiles,
    long fragments,
    long dataBlocks,
    long sparseBlocks,
    int ids,
    long xattrSets,
    long reusedBlocks,
    List<String> warnings) {

  /**
   * Keeps an unmodifiable copy of the warnings.
   *
   * @param imageBytes size of the image file, padded to a multiple of 4 KiB
   * @param sourceBytes bytes of file content taken in (each content once: hard links and duplicates
   *     not again)
   * @param files regular files, each hard-link group counted once
   * @param directories directories, the root included
   * @param symlinks symbolic links, each hard-link group counted once
   * @param specialFiles block and character devices, fifos and sockets, each hard-link group once
   * @param hardLinks names beyond the first of each hard-link group
   * @param duplicateFiles files whose content was already stored for another file
   * @param fragments fragment blocks
   * @param dataBlocks data blocks stored, those copied from a source image included
   * @param sparseBlocks data blocks of zeros stored as holes
   * @param ids distinct uids and gids
   * @param xattrSets distinct sets of extended attributes
   * @param reusedBlocks data blocks copied compressed from a source image rather than compressed
   * @param warnings what the writer went on despite, in the order it happened
   */
  public WriteResult {
    warnings = List.copyOf(warnings);
  }
}
