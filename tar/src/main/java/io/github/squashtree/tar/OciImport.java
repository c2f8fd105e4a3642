package io.github.squashtree.tar;

import io.github.squashtree.core.write.SquashfsWriter;
import io.github.squashtree.core.write.StreamingWrite;
import io.github.squashtree.core.write.WriteListener;
import io.github.squashtree.core.write.WriteResult;
import io.github.squashtree.core.write.WriterOptions;
import io.github.squashtree.overlay.OverlayNamespace;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * Flattens an image of an OCI image layout into one SquashFS image: its layers applied with their
 * whiteouts, in one pass over each, the top layer first, so that a file a later layer deletes or
 * replaces is never compressed. The image is what overlayfs shows of the layers each converted
 * alone ({@code TarImport} with OCI whiteouts) and stacked in order. Every blob is checked against
 * its digest; a mismatch fails the write naming the blob, and no image is left.
 *
 * <pre>{@code
 * OciImport.write(Path.of("layout"), "latest", Path.of("root.sqfs"), WriterOptions.defaults());
 * }</pre>
 */
public final class OciImport {
  private OciImport() {}

  /** Whether {@code dir} is an OCI image layout (it holds {@code oci-layout}). */
  public static boolean isLayout(Path dir) {
    return OciLayout.isLayout(dir);
  }

  /**
   * Writes the image {@code ref} names in the layout {@code layout} (its {@code
   * org.opencontainers.image.ref.name}; null for the only image) at {@code image}, replacing it.
   */
  public static WriteResult write(Path layout, String ref, Path image, WriterOptions options)
      throws IOException {
    return write(layout, ref, image, options, WriteListener.NONE, TreeEdit.NONE);
  }

  /**
   * As {@link #write(Path, String, Path, WriterOptions)}, the tree changed by {@code edit} (a file
   * it drops is never compressed), and {@code listener} told how the write progresses.
   */
  public static WriteResult write(
      Path layout,
      String ref,
      Path image,
      WriterOptions options,
      WriteListener listener,
      TreeEdit edit)
      throws IOException {
    OciLayout oci = OciLayout.open(layout);
    List<OciLayout.Descriptor> layers = oci.layers(ref);
    ArchiveTree merged = null;
    try (StreamingWrite write = SquashfsWriter.begin(image, options, listener)) {
      for (int i = layers.size() - 1; i >= 0; i--) {
        OciLayout.Descriptor layer = layers.get(i);
        String which = "layer " + (i + 1) + " of " + layers.size() + " (" + layer.digest() + "): ";
        ArchiveTree tree = merged == null ? new ArchiveTree() : merged.layerBelow();
        ArchiveTree above = merged;
        LayerImport apply =
            new LayerImport(
                tree,
                write,
                true,
                false,
                above == null ? edit::keeps : p -> edit.keeps(p) && above.shows(p),
                OverlayNamespace.TRUSTED.prefix(),
                listener::warning);
        try (OciLayout.VerifiedBlob blob = oci.open(layer)) {
          try {
            apply.apply(Decompression.open(blob));
          } catch (TarFormatException e) {
            // A damaged blob is reported as such, rather than as whatever it looked like.
            blob.verify();
            throw new TarFormatException(which + e.getMessage(), e);
          }
          blob.verify();
        }
        if (merged == null) {
          merged = tree;
          continue;
        }
        Set<ArchiveTree.Inode> needed = Collections.newSetFromMap(new IdentityHashMap<>());
        merged.merge(tree, needed);
        if (!needed.isEmpty()) {
          // Hard links that show to files the layers above hide: one more reading of the layer.
          try (OciLayout.VerifiedBlob blob = oci.open(layer)) {
            apply.fetch(Decompression.open(blob), needed);
            blob.verify();
          }
        }
      }
      if (merged == null) {
        merged = new ArchiveTree();
      }
      ArchiveTree tree = merged;
      tree.view(LayerMarks.FLAT);
      return write.finish(edit.apply(tree));
    }
  }
}
