package io.github.squashtree.cli;

import io.github.squashtree.core.tree.Tree;
import io.github.squashtree.core.write.SquashfsWriter;
import io.github.squashtree.core.write.WriteResult;
import io.github.squashtree.core.write.WriterOptions;
import io.github.squashtree.overlay.CompareOptions;
import io.github.squashtree.overlay.DeltaLayer;
import io.github.squashtree.overlay.LayerOptions;
import io.github.squashtree.overlay.OverlayNamespace;
import io.github.squashtree.overlay.WhiteoutStyle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code sqfs layer NEW IMAGE OUT}: a delta image holding only what differs, which overlaid on
 * IMAGE (and its layers) shows NEW.
 */
@Command(
    name = "layer",
    footerHeading = "%nExample:%n",
    footer = "  sqfs layer /srv/root-v2 root.sqfs layer1.sqfs --comp zstd",
    description = {
      "Make OUT_IMAGE a delta layer: only what differs between IMAGE (with --layer and --upper on"
          + " top) and NEW_TREE, with whiteouts for deletions, so that"
          + " mount -t overlay -o lowerdir=OUT:[UPPER:][LN:...:L1:]IMAGE shows NEW_TREE.",
      "mtimes are compared at whole seconds; mk's options choose how the layer is written."
    })
final class LayerCommand implements Callable<Integer> {
  @ParentCommand Main main;

  @Parameters(
      index = "0",
      paramLabel = "NEW_TREE",
      description = "The tree the overlay should show: a directory or an image.")
  Path newTree;

  @Parameters(
      index = "1",
      paramLabel = "IMAGE",
      description = "The overlay's lower image (its lowest layer).")
  Path image;

  @Parameters(
      index = "2",
      paramLabel = "OUT_IMAGE",
      description = "The delta image to write (replaced when complete).")
  Path out;

  @Mixin LayerStackOptions stack = new LayerStackOptions();

  @Option(
      names = "--whiteouts",
      paramLabel = "STYLE",
      defaultValue = "char",
      description =
          "char: 0/0 character devices (default); xattr: empty files with overlay.whiteout in a"
              + " directory marked overlay.opaque=x (Linux 6.7+), no device nodes.")
  String whiteouts;

  @Option(names = "--checksum", description = "Compare file contents byte by byte.")
  boolean checksum;

  @Mixin WriterOptionsMixin writing = new WriterOptionsMixin();

  @Override
  public Integer call() throws Exception {
    WriterOptions options = writing.options();
    LayerOptions layerOptions = layerOptions(whiteouts, checksum, stack.namespace());
    if (Files.isDirectory(out)) {
      throw new Main.UsageException(out + ": is a directory");
    }
    OutputArgument.requireNotAnInput(
        out, stack.inputs("IMAGE", image, Map.of("NEW_TREE", newTree)));
    try (Tree below = TreeArgument.openStack(image, stack.layers, stack.upper, stack.namespace());
        Tree after = TreeArgument.open(newTree)) {
      DeltaLayer layer = DeltaLayer.plan(below, after, layerOptions);
      warnLeftOut(main, layer.leftOutAttributes());
      Progress progress = Progress.forWrite(layer.tree(), main.err, main.progressWanted());
      WriteResult r;
      try {
        r = SquashfsWriter.write(layer.tree(), out, options, progress);
      } finally {
        progress.finish();
      }
      new MkSummary(main.summary()).print(out, options, r);
      main.summary().println("Number of changes " + layer.comparison().changes().size());
    }
    return Main.OK;
  }

  static LayerOptions layerOptions(String whiteouts, boolean checksum, OverlayNamespace ns)
      throws Main.UsageException {
    WhiteoutStyle style;
    try {
      style = WhiteoutStyle.fromLabel(whiteouts);
    } catch (IllegalArgumentException e) {
      throw new Main.UsageException("--whiteouts: " + e.getMessage());
    }
    return LayerOptions.defaults()
        .withCompare(CompareOptions.defaults().withChecksum(checksum))
        .withWhiteouts(style)
        .withNamespace(ns);
  }

  static void warnLeftOut(Main main, Map<String, List<String>> leftOut) {
    leftOut.forEach(
        (path, names) ->
            Diagnostics.print(
                main.err,
                "warning: "
                    + path
                    + ": left out "
                    + String.join(", ", names)
                    + " (an overlay cannot show overlayfs's own attributes)"));
  }
}
