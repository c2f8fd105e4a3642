package io.github.squashtree.core.write;

/**
 * What a write produced, for a closing summary like mksquashfs's.
 *
 * @param reusedBlocks data blocks copied compressed from a source image rather than compressed
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
    long reusedBlocks) {}
