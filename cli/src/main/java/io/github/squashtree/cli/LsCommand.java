package io.github.squashtree.cli;

import io.github.squashtree.core.internal.read.ImageReader;
import io.github.squashtree.core.internal.read.ImageWalker;
import io.github.squashtree.core.tree.EntryType;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code sqfs ls}: the names in a directory of an image, or with {@code -R} every path below it.
 * {@code -l} prints the columns of {@code unsquashfs -lls}; {@code --json} one object per line.
 */
@Command(
    name = "ls",
    footerHeading = "%nExample:%n",
    footer = "  sqfs ls -l -R root.sqfs /etc",
    description = "List the contents of an image.")
final class LsCommand implements Callable<Integer> {
  @ParentCommand Main main;

  @Parameters(
      index = "0",
      paramLabel = "IMAGE",
      description = "The SquashFS image (a file or a block device).")
  Path image;

  @Mixin OffsetOption offset = new OffsetOption();

  @Parameters(
      index = "1",
      arity = "0..1",
      paramLabel = "PATH",
      defaultValue = "/",
      description = "The directory (or entry) to list (default: /).")
  String path;

  @Option(names = "-l", description = "Long format, as unsquashfs -lls prints it.")
  boolean longFormat;

  @Option(
      names = {"-n", "--numeric"},
      description = "With -l: numeric uid/gid (as unsquashfs -lln).")
  boolean numeric;

  @Option(names = "-R", description = "List recursively, with full paths.")
  boolean recursive;

  @Option(names = "--json", description = "One JSON object per entry and line.")
  boolean json;

  @Option(
      names = {"-b", "--escape"},
      description =
          "Escape what a terminal would not show as text, as ls -b does (the default on a"
              + " terminal; piped, names are their bytes, as unsquashfs prints them).")
  boolean escape;

  @Override
  public Integer call() throws Exception {
    main.subject = image.toString();
    try (ImageReader img = offset.open(image)) {
      LineWriter w = new LineWriter(main.out);
      LsEscapes.NameWriter names = escape || main.outIsTerminal ? LsEscapes.ESCAPED : LsEscapes.RAW;
      EntryPrinter printer =
          json
              ? new JsonEntryPrinter(img, w)
              : longFormat
                  ? new LongEntryPrinter(
                      img, w, numeric ? OwnerNames.numeric() : OwnerNames.host(), names)
                  : new NameEntryPrinter(w, names);
      boolean fullPaths = recursive || json;
      boolean found =
          new ImageWalker(img)
              .walk(
                  path,
                  (p, inode, ref, depth) -> {
                    if (depth == 0 && !recursive && inode.entryType() == EntryType.DIRECTORY) {
                      return true; // list the directory's children, not itself
                    }
                    printer.print(p, fullPaths || depth == 0 ? 0 : nameStart(p), inode);
                    return recursive;
                  });
      w.flush();
      if (!found) {
        throw new NoSuchFileException(path, null, "not in the image");
      }
    }
    return Main.OK;
  }

  private static int nameStart(byte[] path) {
    int i = path.length - 1;
    while (i >= 0 && path[i] != '/') {
      i--;
    }
    return i + 1;
  }
}
