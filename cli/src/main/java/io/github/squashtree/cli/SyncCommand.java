package io.github.squashtree.cli;

import io.github.squashtree.core.tree.Tree;
import io.github.squashtree.overlay.OverlaySync;
import io.github.squashtree.overlay.SyncOptions;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code sqfs sync NEW MERGED}: brings a mounted overlay's merged directory to NEW, touching only
 * what differs (see {@link OverlaySync}); prints each change as {@code rsync -i} would.
 */
@Command(
    name = "sync",
    footerHeading = "%nExample:%n",
    footer = "  sqfs sync --dry-run /srv/root-v2 /mnt/merged",
    description = {
      "Bring a mounted overlay (its merged dir) to NEW_TREE, changing only what differs, so that"
          + " overlayfs copies up nothing that is equal to the second. NEW_TREE is never changed.",
      "Attributes trusted.overlay.* and user.overlay.* of NEW_TREE cannot be set through an"
          + " overlay: they are left out with a warning."
    })
final class SyncCommand implements Callable<Integer> {
  @ParentCommand Main main;

  @Parameters(
      index = "0",
      paramLabel = "NEW_TREE",
      description = "The tree the overlay should show: a directory or an image.")
  Path newTree;

  @Parameters(
      index = "1",
      paramLabel = "MERGED_DIR",
      description = "The merged directory of a mounted overlay.")
  Path merged;

  @Mixin ChangeOutputOptions output = new ChangeOutputOptions();

  @Override
  public Integer call() throws Exception {
    Path target = ChangeOutputOptions.targetDirectory(merged, "MERGED_DIR", newTree);
    SyncOptions options =
        SyncOptions.defaults().withChecksum(output.checksum).withDryRun(output.dryRun);
    try (Tree source = TreeArgument.open(newTree)) {
      Progress progress = output.progress(main, "syncing");
      output.printing(
          main.out,
          main.outIsTerminal,
          progress,
          (listener, check) ->
              OverlaySync.sync(source, target, options, listener, progress::warning, check));
    }
    return Main.OK;
  }
}
