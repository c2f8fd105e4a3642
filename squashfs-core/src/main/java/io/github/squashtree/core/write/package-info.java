/**
 * Any {@link io.github.squashtree.core.tree.Tree} written as a SquashFS image: {@link
 * io.github.squashtree.core.write.SquashfsWriter} with {@link
 * io.github.squashtree.core.write.WriterOptions} (mksquashfs's defaults), a {@link
 * io.github.squashtree.core.write.WriteListener} for progress and a {@link
 * io.github.squashtree.core.write.WriteResult}; {@link
 * io.github.squashtree.core.write.StreamingWrite} for sources whose content comes before their tree
 * (tar).
 */
package io.github.squashtree.core.write;
