package io.github.squashtree.core.tree;

import io.github.squashtree.core.read.FileLayout;
import io.github.squashtree.core.read.SquashfsImage;

/**
 * A regular file as a SquashFS image stores it: a writer using the same compression can copy its
 * compressed blocks instead of compressing the content again.
 */
public record StoredFile(SquashfsImage image, FileLayout layout) {}
