/**
 * SquashFS images read without mounting: {@link io.github.squashtree.core.image.SquashfsImage} is a
 * {@link io.github.squashtree.core.tree.Tree} of the image, with its superblock facts ({@link
 * io.github.squashtree.core.image.ImageInfo}), positional reads, extraction into a directory and
 * verification, each with its options, listener and result.
 */
package io.github.squashtree.core.image;
