package io.github.squashtree.tar;

import io.github.squashtree.core.write.SquashfsWriter;
import io.github.squashtree.core.write.StreamingWrite;
import io.github.squashtree.core.write.WriteListener;
import io.github.squashtree.core.write.WriteResult;
import io.github.squashtree.core.write.WriterOptions;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

/**
 * Makes a SquashFS image of a tar archive in one pass over it: plain, gzip, xz or zstd (told by
 * content), ustar, GNU or pax. Each file's content is compressed as it arrives, and only metadata
 * is kept until the end (a few hundred bytes per member), so an archive far larger than memory,
 * read from a pipe, needs no temporary copy.
 *
 * <pre>{@code
 * try (InputStream in = Files.newInputStream(Path.of("rootfs.tar.gz"))) {
 *   TarImport.write(in, Path.of("rootfs.sqfs"), WriterOptions.defaults(), ArchiveOptions.plain());
 * }
 * }</pre>
 *
 * <p>An archive is untrusted: a member whose name is absolute or has a {@code ..} component, a hard
 * link to a member that is not before it, a truncated archive, an oversized header — any of them
 * fails the write with a {@link TarFormatException} naming the member, and no image is left.
 */
public final class TarImport {
  private TarImport() {}

  /**
   * Writes the image of {@code archive} (read to its end marker; the caller closes it) at {@code
   * image}, replacing it.
   */
  public static WriteResult write(
      InputStream archive, Path image, WriterOptions options, ArchiveOptions archiveOptions)
      throws IOException {
    return write(archive, image, options, archiveOptions, WriteListener.NONE, TreeEdit.NONE);
  }

  /**
   * As {@link #write(InputStream, Path, WriterOptions, ArchiveOptions)}, the tree changed by {@code
   * edit} (a file it drops is never compressed), and {@code listener} told how the write
   * progresses.
   */
  public static WriteResult write(
      InputStream archive,
      Path image,
      WriterOptions options,
      ArchiveOptions archiveOptions,
      WriteListener listener,
      TreeEdit edit)
      throws IOException {
    ArchiveTree tree = new ArchiveTree();
    try (StreamingWrite write = SquashfsWriter.begin(image, options, listener)) {
      new LayerImport(
              tree,
              write,
              archiveOptions.ociWhiteouts(),
              archiveOptions.ociWhiteouts(),
              edit::keeps,
              archiveOptions.ociWhiteouts() ? archiveOptions.namespace().prefix() : null,
              listener::warning)
          .apply(Decompression.open(archive));
      tree.view(
          archiveOptions.ociWhiteouts()
              ? LayerMarks.layer(archiveOptions.whiteouts(), archiveOptions.namespace())
              : LayerMarks.FLAT);
      return write.finish(edit.apply(tree));
    }
  }
}
