/**
 * The host's file system as a source: {@link io.github.squashtree.core.host.DirectoryTree}, a
 * directory on disk as a {@link io.github.squashtree.core.tree.Tree}.
 */
package io.github.squashtree.core.host;
