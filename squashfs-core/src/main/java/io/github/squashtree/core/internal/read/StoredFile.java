package io.github.squashtree.core.internal.read;

import io.github.squashtree.core.tree.StoredContent;

/**
 * A regular file as a SquashFS image stores it: a writer using the same compression can copy its
 * compressed blocks instead of compressing the content again.
 */
public record StoredFile(ImageReader image, FileLayout layout) implements StoredContent {}
