package io.github.squashtree.cli;

import io.github.squashtree.core.internal.host.HostFileSystem;
import io.github.squashtree.core.internal.host.HostStat;
import io.github.squashtree.overlay.Change;
import io.github.squashtree.overlay.PlanCheck;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import picocli.CommandLine.Option;

/**
 * What {@code sync} and {@code apply} share: they change a directory to match NEW_TREE, may only
 * show what they would do, and print each change as they make it.
 */
final class ChangeOutputOptions {
  /** Work that reports each change it makes to a listener, after a check of the whole plan. */
  interface Work {
    void run(Consumer<Change> listener, PlanCheck check) throws IOException;
  }

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

  @Option(
      names = "-0",
      description = "With --format paths: end each path with NUL, not newline (rsync --from0).")
  boolean nul;

  /**
   * The real path of the directory {@code dir} (called {@code label} in errors) that a command
   * changes, refused when it contains NEW_TREE or lies inside it.
   */
  static Path targetDirectory(Path dir, String label, Path newTree)
      throws IOException, Main.UsageException {
    if (!Files.isDirectory(dir)) {
      throw new Main.UsageException(dir + ": not a directory");
    }
    Path target = dir.toRealPath();
    if (Files.isDirectory(newTree)) {
      Path src = newTree.toRealPath();
      if (within(src, target) || within(target, src)) {
        throw new Main.UsageException("NEW_TREE and " + label + " must not contain each other");
      }
    }
    return target;
  }

  /**
   * Whether the directory {@code inner} is {@code outer} or below it, by device and inode of each
   * of its parents: through a bind mount (or a second mount of the same file system) one directory
   * has several paths, and comparing path strings let a sync empty its own NEW_TREE.
   */
  static boolean within(Path inner, Path outer) throws IOException {
    HostStat o = HOST.lstat(outer);
    for (Path p = inner; p != null; p = p.getParent()) {
      HostStat s = HOST.lstat(p);
      if (s.dev() == o.dev() && s.ino() == o.ino()) {
        return true;
      }
    }
    return false;
  }

  private static final HostFileSystem HOST = HostFileSystem.get();

  /** The progress line of a run that makes its changes ({@code label}); none for a dry run. */
  Progress progress(Main main, String label) {
    return Progress.forChanges(main.err, label, main.progressWanted() && !dryRun);
  }

  /**
   * Runs {@code work}, printing each change to {@code out} as soon as it is reported, so that a
   * failure part-way leaves a true record of what was done; a plan the format cannot print is
   * refused before anything is changed. {@code terminal} says whether {@code out} is one; {@code
   * progress} shows the content written against what the plan writes.
   */
  void printing(PrintStream out, boolean terminal, Progress progress, Work work)
      throws IOException, Main.UsageException {
    LineWriter w = new LineWriter(out);
    ChangePrinter printer = ChangePrinter.of(format, w, nul, checksum, terminal);
    try {
      work.run(
          c -> {
            try {
              if (terminal) {
                progress.beforeOutput();
              }
              printer.print(c);
              w.flush();
              progress.changed(c);
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
          },
          plan -> {
            printer.check(plan);
            progress.planned(plan);
          });
    } catch (UncheckedIOException e) {
      throw e.getCause();
    } finally {
      progress.finish();
      w.flush();
    }
  }
}
