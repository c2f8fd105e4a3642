package io.github.squashtree.cli;

import io.github.squashtree.core.internal.format.FileInode;
import io.github.squashtree.core.internal.format.Inode;
import io.github.squashtree.core.internal.read.ImageReader;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code sqfs cat}: a regular file's content on stdout; symlinks are not followed. */
@Command(
    name = "cat",
    footerHeading = "%nExample:%n",
    footer = "  sqfs cat root.sqfs /etc/os-release",
    description = "Write a file of an image to stdout.")
final class CatCommand implements Callable<Integer> {
  @ParentCommand Main main;

  @Parameters(
      index = "0",
      paramLabel = "IMAGE",
      description = "The SquashFS image (a file or a block device).")
  Path image;

  @Mixin OffsetOption offset = new OffsetOption();

  @Parameters(
      index = "1",
      paramLabel = "PATH",
      description = "The path of a regular file in the image, e.g. /etc/hostname.")
  String path;

  @Override
  public Integer call() throws Exception {
    main.subject = image.toString();
    try (ImageReader img = offset.open(image)) {
      Inode inode =
          img.lookup(path)
              .orElseThrow(() -> new NoSuchFileException(path, null, "not in the image"));
      if (!(inode instanceof FileInode file)) {
        throw new Main.UsageException(
            path + ": not a regular file (a " + inode.entryType().label() + ")");
      }
      try (InputStream in = img.openFile(file)) {
        in.transferTo(main.out);
      }
      main.out.flush();
    }
    return Main.OK;
  }
}
