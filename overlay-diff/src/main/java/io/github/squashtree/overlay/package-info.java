/**
 * Trees compared the way overlayfs sees them: {@link io.github.squashtree.overlay.OverlayTree} (the
 * merged view of a stack of layers), {@link io.github.squashtree.overlay.TreeComparator} and its
 * {@link io.github.squashtree.overlay.Comparison}, {@link io.github.squashtree.overlay.DeltaLayer},
 * {@link io.github.squashtree.overlay.UpperApply}, {@link io.github.squashtree.overlay.OverlaySync}
 * and {@link io.github.squashtree.overlay.Flatten}, with their options records.
 */
package io.github.squashtree.overlay;
