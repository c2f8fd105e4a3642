package io.github.squashtree.core.extract;

import io.github.squashtree.core.read.FileLayout;
import io.github.squashtree.core.read.SquashfsImage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.util.Set;

/**
 * Writes one file's content. The file is created new and never through a symlink; sparse blocks are
 * skipped so holes stay holes.
 */
final class FileContentWriter {
  private final SquashfsImage image;
  private final byte[] block;
  private final byte[] scratch;
  private static final Set<OpenOption> CREATE =
      Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
  private static final FileAttribute<?>[] NO_ATTRIBUTES = {};

  FileContentWriter(SquashfsImage image) {
    this.image = image;
    int size = image.superblock().blockSize();
    this.block = new byte[size];
    this.scratch = new byte[size];
  }

  /**
   * Writes the file; returns the bytes of content written.
   *
   * @param mode permissions to create the file with, or null for the default
   */
  long write(FileLayout layout, Path path, FileAttribute<?> mode) throws IOException {
    FileAttribute<?>[] attributes = mode == null ? NO_ATTRIBUTES : new FileAttribute<?>[] {mode};
    try (FileChannel out = FileChannel.open(path, CREATE, attributes)) {
      long written = 0;
      // The file is new, so its size is where the last write ended (no fstat needed).
      long end = 0;
      for (int i = 0; i < layout.blockCount(); i++) {
        if (layout.isSparse(i)) {
          continue;
        }
        image.readBlock(layout, i, block, scratch);
        writeFully(out, ByteBuffer.wrap(block, 0, layout.length(i)), layout.offset(i));
        written += layout.length(i);
        end = layout.offset(i) + layout.length(i);
      }
      if (layout.tailSize() > 0) {
        byte[] fragment = image.tailBlock(layout);
        int from = layout.inode().fragmentOffset();
        writeFully(out, ByteBuffer.wrap(fragment, from, layout.tailSize()), layout.tailOffset());
        written += layout.tailSize();
        end = layout.tailOffset() + layout.tailSize();
      }
      if (end < layout.fileSize()) {
        // A trailing hole: writing the last byte sets the size and leaves the hole unallocated.
        writeFully(out, ByteBuffer.allocate(1), layout.fileSize() - 1);
      }
      return written;
    }
  }

  private static void writeFully(FileChannel out, ByteBuffer data, long position)
      throws IOException {
    long at = position;
    while (data.hasRemaining()) {
      at += out.write(data, at);
    }
  }
}
