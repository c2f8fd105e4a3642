package io.github.squashtree.core.extract;

import io.github.squashtree.core.read.FileLayout;
import io.github.squashtree.core.read.SquashfsImage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Writes one file's content. The file is created new and never through a symlink; sparse blocks are
 * skipped so holes stay holes.
 */
final class FileContentWriter {
  private final SquashfsImage image;
  private final byte[] block;
  private final byte[] scratch;

  FileContentWriter(SquashfsImage image) {
    this.image = image;
    int size = image.superblock().blockSize();
    this.block = new byte[size];
    this.scratch = new byte[size];
  }

  /** Writes the file; returns the bytes of content written. */
  long write(FileLayout layout, Path path) throws IOException {
    try (FileChannel out =
        FileChannel.open(
            path,
            StandardOpenOption.CREATE_NEW,
            StandardOpenOption.WRITE,
            LinkOption.NOFOLLOW_LINKS)) {
      long written = 0;
      for (int i = 0; i < layout.blockCount(); i++) {
        if (layout.isSparse(i)) {
          continue;
        }
        image.readBlock(layout, i, block, scratch);
        writeFully(out, ByteBuffer.wrap(block, 0, layout.length(i)), layout.offset(i));
        written += layout.length(i);
      }
      if (layout.tailSize() > 0) {
        byte[] fragment = image.tailBlock(layout);
        int from = layout.inode().fragmentOffset();
        writeFully(out, ByteBuffer.wrap(fragment, from, layout.tailSize()), layout.tailOffset());
        written += layout.tailSize();
      }
      if (out.size() < layout.fileSize()) {
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
