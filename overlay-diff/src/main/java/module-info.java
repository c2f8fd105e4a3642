/**
 * squashtree overlay: directory trees compared the way overlayfs sees them, and the layers that
 * turn one into another.
 *
 * <p>{@link io.github.squashtree.overlay.OverlayTree} is the merged view of a stack of layers;
 * {@link io.github.squashtree.overlay.TreeComparator} finds the changes between two trees; {@link
 * io.github.squashtree.overlay.DeltaLayer} is the layer of only those changes, written as an image
 * or put into an upper directory by {@link io.github.squashtree.overlay.UpperApply}; {@link
 * io.github.squashtree.overlay.OverlaySync} brings a mounted overlay to a new tree touching only
 * what differs; {@link io.github.squashtree.overlay.Flatten} merges a stack into one image.
 *
 * <p>Whiteouts and opaque marks live in {@code trusted.*} (or {@code user.*}) xattrs, which only
 * JNA's libc access reads from a directory: JNA is a required dependency here.
 */
module io.github.squashtree.overlay {
  requires transitive io.github.squashtree.core;
  requires com.sun.jna;

  exports io.github.squashtree.overlay;
}
