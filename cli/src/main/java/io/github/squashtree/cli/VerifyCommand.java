package io.github.squashtree.cli;

import io.github.squashtree.core.image.VerifyReport;
import io.github.squashtree.core.internal.verify.ImageVerifier;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code sqfs verify}: reads every table and block; exit 1 naming the first corruption. */
@Command(
    name = "verify",
    footerHeading = "%nExample:%n",
    footer = "  sqfs verify root.sqfs",
    description = "Read and decode every table and block of an image; exit 1 if it is corrupt.")
final class VerifyCommand implements Callable<Integer> {
  @ParentCommand Main main;

  @Parameters(
      index = "0",
      paramLabel = "IMAGE",
      description = "The SquashFS image (a file or a block device).")
  Path image;

  @Mixin OffsetOption offset = new OffsetOption();

  @Override
  public Integer call() throws Exception {
    main.subject = image.toString();
    Progress progress = new Progress(main.err, "verifying", main.progressWanted());
    VerifyReport r;
    try {
      r = new ImageVerifier(progress).verify(image, offset.readerOptions());
    } finally {
      progress.finish();
    }
    if (!r.ok()) {
      Diagnostics.print(main.err, image + ": corrupt: " + r.problem());
      return Main.CORRUPT;
    }
    main.summary()
        .println(
            image
                + ": OK: "
                + r.inodes()
                + " inodes ("
                + r.directories()
                + " directories, "
                + r.files()
                + " files, "
                + r.hardLinks()
                + " hard links, "
                + r.symlinks()
                + " symlinks, "
                + r.specials()
                + " devices/fifos/sockets), "
                + r.dataBlocks()
                + " data blocks, "
                + r.fragmentBlocks()
                + " fragment blocks, "
                + r.contentBytes()
                + " bytes of content, "
                + r.exportEntries()
                + " export entries");
    return Main.OK;
  }
}
