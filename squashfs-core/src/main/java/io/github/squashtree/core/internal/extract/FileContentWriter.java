package io.github.squashtree.core.internal.extract;

import io.github.squashtree.core.internal.host.HostFile;
import io.github.squashtree.core.internal.read.FileLayout;
import io.github.squashtree.core.internal.read.ImageReader;
import java.io.IOException;

/**
 * Writes one file's content into the new file the walk created (never through a symlink: see {@link
 * io.github.squashtree.core.internal.host.HostDirectory#createFile}); sparse blocks are skipped so
 * holes stay holes.
 */
final class FileContentWriter {
  private final ImageReader image;
  private final byte[] block;
  private final byte[] scratch;
  private static final byte[] ZERO = new byte[1];

  FileContentWriter(ImageReader image) {
    this.image = image;
    int size = image.superblock().blockSize();
    this.block = new byte[size];
    this.scratch = new byte[size];
  }

  /**
   * Writes the whole file into the new, empty {@code out}; returns the bytes of content written.
   */
  long write(FileLayout layout, HostFile out) throws IOException {
    return writeBlocks(layout, 0, layout.blockCount(), out) + finish(layout, out);
  }

  /** Writes blocks {@code from} to {@code to} (exclusive), skipping holes; returns the bytes. */
  long writeBlocks(FileLayout layout, int from, int to, HostFile out) throws IOException {
    long written = 0;
    for (int i = from; i < to; i++) {
      if (layout.isSparse(i)) {
        continue;
      }
      image.readBlock(layout, i, block, scratch);
      out.write(layout.offset(i), block, 0, layout.length(i));
      written += layout.length(i);
    }
    return written;
  }

  /** Writes the tail from its fragment and sets the size past a trailing hole; returns bytes. */
  long finish(FileLayout layout, HostFile out) throws IOException {
    long written = 0;
    if (layout.tailSize() > 0) {
      byte[] fragment = image.tailBlock(layout);
      int from = layout.inode().fragmentOffset();
      out.write(layout.tailOffset(), fragment, from, layout.tailSize());
      written = layout.tailSize();
    }
    if (dataEnd(layout) < layout.fileSize()) {
      // A trailing hole: writing the last byte sets the size and leaves the hole unallocated.
      out.write(layout.fileSize() - 1, ZERO, 0, 1);
    }
    return written;
  }

  /** Where the last stored byte of the file ends (the file is new: no fstat needed). */
  private static long dataEnd(FileLayout layout) {
    if (layout.tailSize() > 0) {
      return layout.fileSize();
    }
    for (int i = layout.blockCount() - 1; i >= 0; i--) {
      if (!layout.isSparse(i)) {
        return layout.offset(i) + layout.length(i);
      }
    }
    return 0;
  }
}
