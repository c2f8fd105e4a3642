package io.github.squashtree.cli;

import io.github.squashtree.core.host.DirectoryTree;
import io.github.squashtree.core.tree.Tree;
import io.github.squashtree.core.write.SquashfsWriter;
import io.github.squashtree.core.write.WriteResult;
import io.github.squashtree.core.write.WriterOptions;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code sqfs mk}: a directory or an image into a new image, with mksquashfs's defaults. */
@Command(
    name = "mk",
    description = {
      "Make an image of SOURCE (a directory or an image) at IMAGE, replacing it.",
      "Defaults as mksquashfs: gzip level 9, 128K blocks, fragments, duplicate detection, "
          + "xattrs, export table. SOURCE_DATE_EPOCH sets the creation time and clamps later "
          + "mtimes to it."
    })
final class MkCommand implements Callable<Integer> {
  @ParentCommand Main main;

  @Parameters(index = "0", paramLabel = "SOURCE")
  Path source;

  @Parameters(index = "1", paramLabel = "IMAGE")
  Path image;

  @Mixin WriterOptionsMixin writing = new WriterOptionsMixin();

  @Override
  public Integer call() throws Exception {
    WriterOptions options = writing.options();
    if (Files.isDirectory(image)) {
      throw new Main.UsageException(image + ": is a directory");
    }
    main.subject = source.toString();
    try (Tree tree = openSource()) {
      Progress progress = Progress.forWrite(tree, main.err, main.progressWanted());
      WriteResult r;
      try {
        r = SquashfsWriter.write(tree, image, options, progress);
      } finally {
        progress.finish();
      }
      new MkSummary(main.out).print(image, options, r);
    }
    return Main.OK;
  }

  private Tree openSource() throws Exception {
    if (Files.isDirectory(source, LinkOption.NOFOLLOW_LINKS)) {
      return DirectoryTree.open(source);
    }
    return TreeArgument.open(source); // an image; refused unless a file or block device
  }

  /** The writer options the flags and the environment ask for. */
  WriterOptions options(String sourceDateEpoch) throws Main.UsageException {
    return writing.options(sourceDateEpoch);
  }
}
