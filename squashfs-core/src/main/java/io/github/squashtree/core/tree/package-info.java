/**
 * The model every source and sink shares: a {@link io.github.squashtree.core.tree.Tree} of {@link
 * io.github.squashtree.core.tree.Entry entries} with their {@link
 * io.github.squashtree.core.tree.Metadata}, names as bytes ({@link
 * io.github.squashtree.core.tree.Names}) in byte order ({@link
 * io.github.squashtree.core.tree.NameOrder}), and {@link
 * io.github.squashtree.core.tree.TreeBuilder} for trees made in memory. It imports nothing outside
 * itself.
 */
package io.github.squashtree.core.tree;
