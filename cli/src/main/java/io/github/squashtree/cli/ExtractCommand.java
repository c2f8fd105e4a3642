package io.github.squashtree.cli;

import io.github.squashtree.core.image.ExtractOptions;
import io.github.squashtree.core.image.ExtractResult;
import io.github.squashtree.core.internal.extract.Extractor;
import io.github.squashtree.core.internal.host.HostFileSystem;
import io.github.squashtree.core.internal.read.ImageReader;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code sqfs extract}: an image, or the subtree at PATH, into DEST, as {@code unsquashfs -d}. */
@Command(
    name = "extract",
    footerHeading = "%nExample:%n",
    footer = "  sqfs extract root.sqfs /tmp/root /etc",
    description = "Extract an image (or PATH in it) into DEST, which must be new or empty.")
final class ExtractCommand implements Callable<Integer> {
  @ParentCommand Main main;

  @Parameters(
      index = "0",
      paramLabel = "IMAGE",
      description = "The SquashFS image (a file or a block device).")
  Path image;

  @Mixin OffsetOption offset = new OffsetOption();

  @Parameters(
      index = "1",
      paramLabel = "DEST",
      description = "The directory to create the tree in; it must be new or empty.")
  Path dest;

  @Parameters(
      index = "2",
      arity = "0..1",
      paramLabel = "PATH",
      defaultValue = "/",
      description = "The directory or file of the image to extract (default: /, all of it).")
  String path;

  @Override
  public Integer call() throws Exception {
    main.subject = image.toString();
    ExtractResult r;
    try (ImageReader img = offset.open(image)) {
      Progress progress = Progress.forExtract(img, path, main.err, main.progressWanted());
      ExtractOptions options = ExtractOptions.forCurrentUser(HostFileSystem.get().isPrivileged());
      Extractor extractor = new Extractor(img, options, progress);
      // A signal stops the extraction as a failure, which removes what it wrote.
      try (SignalStop stop = new SignalStop(extractor::cancel)) {
        r = extractor.extract(path, dest);
      } finally {
        progress.finish();
      }
    }
    main.summary()
        .println(
            "created "
                + r.files()
                + " files, "
                + r.directories()
                + " directories, "
                + r.symlinks()
                + " symlinks, "
                + r.specialFiles()
                + " devices/fifos/sockets, "
                + r.hardLinks()
                + " hard links");
    return Main.OK;
  }
}
