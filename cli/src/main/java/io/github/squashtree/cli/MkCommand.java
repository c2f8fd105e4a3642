package io.github.squashtree.cli;

import io.github.squashtree.core.host.DirectoryTree;
import io.github.squashtree.core.image.ImageInfo;
import io.github.squashtree.core.image.ReaderOptions;
import io.github.squashtree.core.image.SquashfsImage;
import io.github.squashtree.core.tree.MergedTree;
import io.github.squashtree.core.tree.Tree;
import io.github.squashtree.core.write.SquashfsWriter;
import io.github.squashtree.core.write.WriteResult;
import io.github.squashtree.core.write.WriterOptions;
import io.github.squashtree.tar.TreeEdit;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code sqfs mk}: a directory or an image into a new image, with mksquashfs's defaults. */
@Command(
    name = "mk",
    footerHeading = "%nExample:%n",
    footer = "  sqfs mk /srv/root root.sqfs --comp zstd --exclude \"var/cache/**\"",
    description = {
      "Make an image of SOURCE at IMAGE, replacing it. SOURCE is a directory, an image, a tar"
          + " archive (plain, gzip, xz or zstd; - for stdin) or an OCI image layout (DIR or"
          + " DIR:REF, REF an org.opencontainers.image.ref.name), its layers flattened.",
      "Defaults as mksquashfs: gzip level 9 (compressed by libdeflate: --deflate), 128K blocks,"
          + " fragments, duplicate detection, xattrs, export table. SOURCE_DATE_EPOCH sets the"
          + " creation time and clamps later mtimes to it."
    })
final class MkCommand implements Callable<Integer> {
  /** What --append takes from IMAGE: these cannot be given with it. */
  private static final List<String> IMAGE_SETTINGS =
      List.of("--comp", "--level", "--block-size", "--xz-filters", "--xz-dict-size", "--lz4-hc");

  @ParentCommand Main main;

  @Spec CommandSpec spec;

  @Parameters(
      index = "0",
      paramLabel = "SOURCE",
      description =
          "A directory, an image, a tar archive (- for stdin) or an OCI layout (DIR or DIR:REF).")
  Path source;

  @Parameters(
      index = "1",
      paramLabel = "IMAGE",
      description = "The image to write (replaced when complete).")
  Path image;

  @Mixin WriterOptionsMixin writing = new WriterOptionsMixin();

  @Mixin SourceOptions edits = new SourceOptions();

  @Mixin OffsetOption offset = new OffsetOption();

  @Option(
      names = "--append",
      description =
          "IMAGE's tree with SOURCE added (SOURCE wins where both have a name; directories merge),"
              + " written with IMAGE's compression and block size, so its blocks are copied;"
              + " replaces IMAGE when complete.")
  boolean append;

  @Mixin ArchiveOptionsMixin archive = new ArchiveOptionsMixin();

  @Option(
      names = "--whiteouts",
      paramLabel = "STYLE",
      defaultValue = "char",
      description =
          "With --oci-whiteouts: char, 0/0 character devices (default); xattr, empty files with"
              + " overlay.whiteout in a directory marked overlay.opaque=x (Linux 6.7+).")
  String whiteouts;

  @Override
  public Integer call() throws Exception {
    WriterOptions options = writing.options().withOffset(offset.bytes());
    if (Files.isDirectory(image)) {
      throw new Main.UsageException(image + ": is a directory");
    }
    if (!source.toString().equals("-")) {
      OutputArgument.requireNotAnInput(image, Map.of("SOURCE", source));
    }
    boolean appending = append && Files.exists(image);
    if (appending) {
      for (String name : IMAGE_SETTINGS) {
        if (spec != null && spec.commandLine().getParseResult().hasMatchedOption(name)) {
          throw new Main.UsageException(
              name + " cannot be used with --append: IMAGE's compression and block size are kept");
        }
      }
    }
    main.subject = source.toString();
    ArchiveSource archived = ArchiveSource.of(source.toString());
    if (archived != null) {
      if (append) {
        throw new Main.UsageException("--append takes a directory or an image as SOURCE");
      }
      main.subject = archived.subject();
      TreeEdit edit = edits.edit(warning -> Diagnostics.print(main.err, "warning: " + warning));
      // No total to show: an archive is read once, as it comes.
      Progress progress = new Progress(main.err, "writing", main.progressWanted());
      WriteResult r;
      try {
        r = archived.write(image, options, archive.options(whiteouts), progress, edit);
      } finally {
        progress.finish();
      }
      new MkSummary(main.summary()).print(image, options, r);
      return Main.OK;
    }
    if (archive.ociWhiteouts) {
      throw new Main.UsageException("--oci-whiteouts: SOURCE is not a tar archive");
    }
    try (Tree tree = openSource()) {
      Tree view = edits.apply(tree, warning -> Diagnostics.print(main.err, "warning: " + warning));
      Tree written = view;
      SquashfsImage base = null;
      try {
        if (appending) {
          main.subject = image.toString();
          base = SquashfsImage.open(image, ReaderOptions.defaults().withOffset(offset.bytes()));
          ImageInfo info = base.info();
          options =
              options
                  .withCompression(info.compression(), info.compressorOptions().orElse(null))
                  .withBlockSize(info.blockSize());
          written = MergedTree.of(base, view);
          main.subject = source.toString();
        }
        Progress progress = Progress.forWrite(written, main.err, main.progressWanted());
        WriteResult r;
        try {
          r = SquashfsWriter.write(written, image, options, progress);
        } finally {
          progress.finish();
        }
        new MkSummary(main.summary()).print(image, options, r);
      } finally {
        if (base != null) {
          base.close();
        }
      }
    }
    return Main.OK;
  }

  private Tree openSource() throws IOException {
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
