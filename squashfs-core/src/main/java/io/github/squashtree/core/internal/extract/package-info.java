/**
 * Internal: extraction of an image into a directory, relative to open directory descriptors, never
 * through a symlink; the engine of {@link io.github.squashtree.core.image.SquashfsImage#extract}.
 */
package io.github.squashtree.core.internal.extract;
