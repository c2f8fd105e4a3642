package io.github.squashtree.examples;

import io.github.squashtree.core.host.DirectoryTree;
import io.github.squashtree.core.image.SquashfsImage;
import io.github.squashtree.core.tree.Tree;
import io.github.squashtree.core.write.WriterOptions;
import io.github.squashtree.overlay.Change;
import io.github.squashtree.overlay.DeltaLayer;
import io.github.squashtree.overlay.Flatten;
import io.github.squashtree.overlay.LayerOptions;
import io.github.squashtree.overlay.OverlayNamespace;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * A new version of a root file system as a delta layer over its image, and the two flattened back
 * into one image: java OverlayLayers ROOT_IMAGE NEW_ROOT_DIR OUT_DIR.
 */
public final class OverlayLayers {
  public static void main(String[] args) throws IOException {
    Path out = Path.of(args[2]);
    try (Tree base = SquashfsImage.open(Path.of(args[0]));
        Tree next = DirectoryTree.open(Path.of(args[1]))) {
      // Only what differs: mount -t overlay -o lowerdir=layer1.sqfs:root.sqfs shows NEW_ROOT_DIR.
      DeltaLayer layer = DeltaLayer.plan(base, next, LayerOptions.defaults());
      for (Change c : layer.comparison().changes()) {
        System.out.println(c.kind() + " " + c.path());
      }
      layer.write(out.resolve("layer1.sqfs"), WriterOptions.defaults());

      // The stack merged into one image, without mounting: what mksquashfs makes of the mount.
      try (Tree layer1 = SquashfsImage.open(out.resolve("layer1.sqfs"))) {
        Flatten.of(List.of(base, layer1), OverlayNamespace.TRUSTED)
            .write(out.resolve("flat.sqfs"), WriterOptions.defaults());
      }
    }
  }
}
