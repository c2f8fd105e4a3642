package io.github.squashtree.cli;

import io.github.squashtree.core.write.WriteResult;
import io.github.squashtree.core.write.WriterOptions;
import io.github.squashtree.overlay.Flatten;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code sqfs flatten IMAGE --upper U | --layer L... OUT}: one image of the merged overlay. */
@Command(
    name = "flatten",
    footerHeading = "%nExample:%n",
    footer = "  sqfs flatten root.sqfs --layer layer1.sqfs --layer layer2.sqfs root-v3.sqfs",
    description = {
      "Merge IMAGE with its delta layers (--layer, bottom first) and/or its upper dir (--upper)"
          + " into one new image OUT_IMAGE, without mounting: whiteouts and opaque dirs resolved.",
      "The image is the one mk makes of the merged tree with the same options."
    })
final class FlattenCommand implements Callable<Integer> {
  @ParentCommand Main main;

  @Parameters(
      index = "0",
      paramLabel = "IMAGE",
      description = "The overlay's lower image (its lowest layer).")
  Path image;

  @Parameters(
      index = "1",
      paramLabel = "OUT_IMAGE",
      description = "The image to write (replaced when complete).")
  Path out;

  @Mixin LayerStackOptions stack = new LayerStackOptions();

  @Mixin WriterOptionsMixin writing = new WriterOptionsMixin();

  @Override
  public Integer call() throws Exception {
    WriterOptions options = writing.options();
    if (stack.isEmpty()) {
      throw new Main.UsageException("flatten needs --upper or at least one --layer");
    }
    if (Files.isDirectory(out)) {
      throw new Main.UsageException(out + ": is a directory");
    }
    OutputArgument.requireNotAnInput(out, stack.inputs("IMAGE", image, Map.of()));
    try (TreeArgument.Layers layers = TreeArgument.openLayers(image, stack.layers, stack.upper)) {
      Flatten flat = Flatten.of(layers.trees(), stack.namespace());
      Progress progress = Progress.forWrite(flat.tree(), main.err, main.progressWanted());
      WriteResult r;
      try {
        r = flat.write(out, options, progress);
      } finally {
        progress.finish();
      }
      new MkSummary(main.summary()).print(out, options, r);
    }
    return Main.OK;
  }
}
