package io.github.squashtree.overlay;

import io.github.squashtree.core.tree.ForwardingTree;
import io.github.squashtree.core.tree.Tree;
import io.github.squashtree.core.write.SquashfsWriter;
import io.github.squashtree.core.write.WriteResult;
import io.github.squashtree.core.write.WriterOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Merges a stack of layers (a base image with its upper directory or delta layers) into one image
 * without mounting: whiteouts and opaque directories resolved by {@link OverlayTree}, the result
 * written by the one writer, so it is the image {@code mk} makes of the merged tree with the same
 * options.
 */
public final class Flatten {
  private Flatten() {}

  /**
   * Writes the merged view of {@code bottomFirst} (the base first, the topmost layer last) to
   * {@code image}, reading overlay attributes of {@code namespace}. The layers are not closed.
   */
  public static WriteResult write(
      List<? extends Tree> bottomFirst,
      OverlayNamespace namespace,
      Path image,
      WriterOptions options)
      throws IOException {
    OverlayTree merged =
        OverlayTree.stack(bottomFirst.stream().map(Flatten::kept).toList(), namespace);
    return SquashfsWriter.write(merged, image, options);
  }

  /** The layer seen through a view whose close leaves it open: the caller owns the layers. */
  private static Tree kept(Tree layer) {
    return new ForwardingTree(layer) {
      @Override
      public void close() {}
    };
  }
}
