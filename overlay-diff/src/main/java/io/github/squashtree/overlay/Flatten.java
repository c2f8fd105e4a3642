package io.github.squashtree.overlay;

import io.github.squashtree.core.tree.ForwardingTree;
import io.github.squashtree.core.tree.Tree;
import io.github.squashtree.core.write.SquashfsWriter;
import io.github.squashtree.core.write.WriteListener;
import io.github.squashtree.core.write.WriteResult;
import io.github.squashtree.core.write.WriterOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * A stack of layers (a base image with its delta layers and/or upper directory) merged into one
 * image without mounting: whiteouts and opaque directories resolved by {@link OverlayTree}, the
 * result written by the one writer, so it is the image {@link SquashfsWriter} makes of the mounted
 * merged directory with the same options.
 *
 * <pre>{@code
 * try (Tree base = SquashfsImage.open(Path.of("root.sqfs"));
 *     Tree layer = SquashfsImage.open(Path.of("layer1.sqfs"))) {
 *   Flatten.of(List.of(base, layer), OverlayNamespace.TRUSTED)
 *       .write(Path.of("flat.sqfs"), WriterOptions.defaults());
 * }
 * }</pre>
 *
 * <p>The layers stay the caller's: they must stay open while the merged tree is read or written,
 * and closing {@link #tree()} does not close them.
 */
public final class Flatten {
  private final Tree merged;

  private Flatten(Tree merged) {
    this.merged = merged;
  }

  /**
   * The merged view of {@code bottomFirst} (the base first, the topmost layer last), reading
   * overlay attributes (whiteouts, opaque marks) of {@code namespace}.
   *
   * @param bottomFirst the layers, base first
   * @param namespace where whiteouts and opaque marks are read
   * @return the merged view
   * @throws IllegalArgumentException if there are no layers, or more than overlayfs stacks
   */
  public static Flatten of(List<? extends Tree> bottomFirst, OverlayNamespace namespace) {
    return new Flatten(
        OverlayTree.stack(bottomFirst.stream().map(Flatten::kept).toList(), namespace));
  }

  /**
   * The merged tree, as the mounted overlay's merged directory shows it.
   *
   * @return the merged tree
   */
  public Tree tree() {
    return merged;
  }

  /**
   * Writes the merged tree as the image {@code image}.
   *
   * @param image the image file to make, replaced if it exists
   * @param options how to write it
   * @return what was written
   * @throws IOException if a layer cannot be read or the image cannot be written
   */
  public WriteResult write(Path image, WriterOptions options) throws IOException {
    return write(image, options, WriteListener.NONE);
  }

  /**
   * Writes the merged tree as the image {@code image}, telling {@code listener} how it goes.
   *
   * @param image the image file to make, replaced if it exists
   * @param options how to write it
   * @param listener hears how the write progresses
   * @return what was written
   * @throws IOException if a layer cannot be read or the image cannot be written
   */
  public WriteResult write(Path image, WriterOptions options, WriteListener listener)
      throws IOException {
    return SquashfsWriter.write(merged, image, options, listener);
  }

  /** The layer seen through a view whose close leaves it open: the caller owns the layers. */
  private static Tree kept(Tree layer) {
    return new ForwardingTree(layer) {
      @Override
      public void close() {}
    };
  }
}
