package io.github.squashtree.cli;

import io.github.squashtree.core.tree.Tree;
import io.github.squashtree.overlay.ApplyOptions;
import io.github.squashtree.overlay.OverlayNamespace;
import io.github.squashtree.overlay.UpperApply;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code sqfs apply NEW IMAGE UPPER}: the minimal changes into the upper directory of an unmounted
 * overlay; prints each change to UPPER as it is made.
 */
@Command(
    name = "apply",
    footerHeading = "%nExample:%n",
    footer = "  sqfs apply /srv/root-v2 root.sqfs /var/overlay/upper",
    description = {
      "Write into UPPER, the upper dir of an unmounted overlay over IMAGE (and --layer's), the"
          + " minimal changes that make the overlay show NEW_TREE; remove from UPPER what is no"
          + " longer needed.",
      "Prints each change to UPPER (paths inside UPPER). Whiteouts and opaque marks need root:"
          + " without it nothing is changed."
    })
final class ApplyCommand implements Callable<Integer> {
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
      paramLabel = "UPPER",
      description = "The upper directory of the overlay, which must not be mounted.")
  Path upper;

  @Option(
      names = "--layer",
      paramLabel = "L",
      description = "A delta layer between IMAGE and UPPER; repeat for a stack, the bottom first.")
  List<Path> layers = new ArrayList<>();

  @Option(
      names = "--userxattr",
      description = "Overlay attributes are user.overlay.* (mount option userxattr).")
  boolean userXattrs;

  @Option(
      names = "--whiteouts",
      paramLabel = "STYLE",
      defaultValue = "char",
      description = "char: 0/0 character devices (default); xattr: overlay.whiteout files.")
  String whiteouts;

  @Mixin ChangeOutputOptions output = new ChangeOutputOptions();

  @Override
  public Integer call() throws Exception {
    OverlayNamespace ns = userXattrs ? OverlayNamespace.USER : OverlayNamespace.TRUSTED;
    ApplyOptions options =
        new ApplyOptions(LayerCommand.layerOptions(whiteouts, output.checksum, ns), output.dryRun);
    Path target = ChangeOutputOptions.targetDirectory(upper, "UPPER", newTree);
    try (Tree below = TreeArgument.openStack(image, layers, null, ns);
        Tree after = TreeArgument.open(newTree)) {
      output.printing(
          main.out,
          main.outIsTerminal,
          output.progress(main, "applying"),
          (listener, check) -> UpperApply.apply(after, below, target, options, listener, check));
    }
    return Main.OK;
  }
}
