/**
 * Internal: the reader engine ({@link io.github.squashtree.core.internal.read.ImageReader}) over
 * the metadata, directory, inode, data, fragment, id, export and xattr tables; the image as a tree;
 * the walker behind listings.
 */
package io.github.squashtree.core.internal.read;
