package io.github.squashtree.cli;

import io.github.squashtree.core.tree.Tree;
import io.github.squashtree.overlay.Change;
import io.github.squashtree.overlay.OverlaySync;
import io.github.squashtree.overlay.SyncOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code sqfs sync NEW MERGED}: brings a mounted overlay's merged directory to NEW, touching only
 * what differs (see {@link OverlaySync}); prints each change as {@code rsync -i} would.
 */
@Command(
    name = "sync",
    description = {
      "Bring a mounted overlay (its merged dir) to NEW_TREE, changing only what differs, so that"
          + " overlayfs copies up nothing that is equal to the second. NEW_TREE is never changed.",
      "Attributes trusted.overlay.* and user.overlay.* of NEW_TREE cannot be set through an"
          + " overlay: they are left out with a warning."
    })
final class SyncCommand implements Callable<Integer> {
  @ParentCommand Main main;

  @Parameters(index = "0", paramLabel = "NEW_TREE")
  Path newTree;

  @Parameters(index = "1", paramLabel = "MERGED_DIR")
  Path merged;

  @Option(
      names = {"-n", "--dry-run"},
      description = "Only show what would change.")
  boolean dryRun;

  @Option(names = "--checksum", description = "Compare file contents byte by byte.")
  boolean checksum;

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      defaultValue = "itemize",
      description = "How to print the changes: itemize, json or paths. Default: ${DEFAULT-VALUE}.")
  ChangePrinter.Format format;

  @Override
  public Integer call() throws Exception {
    if (!Files.isDirectory(merged)) {
      throw new Main.UsageException(merged + ": not a directory");
    }
    Path target = merged.toRealPath();
    if (Files.isDirectory(newTree)) {
      Path src = newTree.toRealPath();
      if (src.startsWith(target) || target.startsWith(src)) {
        throw new Main.UsageException("NEW_TREE and MERGED_DIR must not contain each other");
      }
    }
    LineWriter w = new LineWriter(main.out);
    ChangePrinter printer = ChangePrinter.of(format, w, false, checksum);
    SyncOptions options = SyncOptions.defaults().withChecksum(checksum).withDryRun(dryRun);
    try (Tree source = TreeArgument.open(newTree)) {
      OverlaySync.sync(
          source,
          target,
          options,
          c -> print(printer, c),
          warning -> main.err.println("sqfs: warning: " + warning));
    } catch (UncheckedIOException e) {
      throw e.getCause();
    } finally {
      w.flush();
    }
    return Main.OK;
  }

  private static void print(ChangePrinter printer, Change c) {
    try {
      printer.print(c);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
