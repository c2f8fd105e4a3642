package io.github.squashtree.cli;

import io.github.squashtree.core.tree.Tree;
import io.github.squashtree.overlay.Change;
import io.github.squashtree.overlay.CompareOptions;
import io.github.squashtree.overlay.Comparison;
import io.github.squashtree.overlay.TreeComparator;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code sqfs diff NEW_TREE OLD_TREE}: the changes that make OLD_TREE (an image or directory,
 * overlaid by {@code --upper}) equal NEW_TREE. Exit 0 when equal, 1 when there are changes, 2 on
 * error.
 */
@Command(
    name = "diff",
    footerHeading = "%nExample:%n",
    footer = "  sqfs diff /srv/root-v2 root.sqfs --upper /var/overlay/upper",
    description = {
      "Show the changes that make OLD_TREE (overlaid by --layer's and --upper) equal NEW_TREE.",
      "Both are directories or SquashFS images. mtimes are compared at the coarser"
          + " precision of the two (whole seconds for an image).",
      "Exit status: 0 equal, 1 changes, 2 error."
    })
final class DiffCommand implements Callable<Integer> {
  static final int CHANGES = 1;

  @ParentCommand Main main;

  @Parameters(
      index = "0",
      paramLabel = "NEW_TREE",
      description = "The tree wanted: a directory or an image.")
  Path newTree;

  @Parameters(
      index = "1",
      paramLabel = "OLD_TREE",
      description =
          "The tree it is compared with: an image (or a directory), with --layer's and --upper on top.")
  Path oldTree;

  @Mixin LayerStackOptions stack = new LayerStackOptions();

  @Mixin OffsetOption offset = new OffsetOption();

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      defaultValue = "itemize",
      description =
          "itemize (like rsync -i), json (one object a line) or paths (for rsync"
              + " --files-from). Default: ${DEFAULT-VALUE}.")
  ChangePrinter.Format format;

  @Option(
      names = "-0",
      description = "With --format paths: end each path with NUL, not newline (rsync --from0).")
  boolean nul;

  @Option(names = "--checksum", description = "Compare file contents byte by byte.")
  boolean checksum;

  @Override
  public Integer call() throws Exception {
    LineWriter w = new LineWriter(main.out);
    ChangePrinter printer = ChangePrinter.of(format, w, nul, checksum, main.outIsTerminal);
    Comparison result;
    try (Tree after = TreeArgument.open(newTree);
        Tree before =
            TreeArgument.openStack(
                oldTree, offset.bytes(), stack.layers, stack.upper, stack.namespace())) {
      result =
          TreeComparator.compare(before, after, CompareOptions.defaults().withChecksum(checksum));
    }
    printer.check(result.changes());
    for (Change c : result.changes()) {
      printer.print(c);
    }
    w.flush();
    return result.isEmpty() ? Main.OK : CHANGES;
  }
}
