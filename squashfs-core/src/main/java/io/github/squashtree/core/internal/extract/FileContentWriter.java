package io.github.squashtree.core.internal.extract;

import io.github.squashtree.core.internal.read.FileLayout;
import io.github.squashtree.core.internal.read.ImageReader;
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
  private final ImageReader image;
  private final byte[] block;
  private final byte[] scratch;
  private static final Set<OpenOption> CREATE =
      Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
  private static final FileAttribute<?>[] NO_ATTRIBUTES = {};

  FileContentWriter(ImageReader image) {
    this.image = image;
    int size = image.superblock().blockSize();
    this.block = new byte[size];
    this.scratch = new byte[size];
  }

  /** Creates the file new, never through a symlink, with {@code mode} if given. */
  static FileChannel create(Path path, FileAttribute<?> mode) throws IOException {
    FileAttribute<?>[] attributes = mode == null ? NO_ATTRIBUTES : new FileAttribute<?>[] {mode};
    return FileChannel.open(path, CREATE, attributes);
  }

  /**
   * Writes the whole file into the new, empty {@code out}; returns the bytes of content written.
   */
  long write(FileLayout layout, FileChannel out) throws IOException {
    return writeBlocks(layout, 0, layout.blockCount(), out) + finish(layout, out);
  }

  /** Writes blocks {@code from} to {@code to} (exclusive), skipping holes; returns the bytes. */
  long writeBlocks(FileLayout layout, int from, int to, FileChannel out) throws IOException {
    long written = 0;
    for (int i = from; i < to; i++) {
      if (layout.isSparse(i)) {
        continue;
      }
      image.readBlock(layout, i, block, scratch);
      writeFully(out, ByteBuffer.wrap(block, 0, layout.length(i)), layout.offset(i));
      written += layout.length(i);
    }
    return written;
  }

  /** Writes the tail from its fragment and sets the size past a trailing hole; returns bytes. */
  long finish(FileLayout layout, FileChannel out) throws IOException {
    long written = 0;
    if (layout.tailSize() > 0) {
      byte[] fragment = image.tailBlock(layout);
      int from = layout.inode().fragmentOffset();
      writeFully(out, ByteBuffer.wrap(fragment, from, layout.tailSize()), layout.tailOffset());
      written = layout.tailSize();
    }
    if (dataEnd(layout) < layout.fileSize()) {
      // A trailing hole: writing the last byte sets the size and leaves the hole unallocated.
      writeFully(out, ByteBuffer.allocate(1), layout.fileSize() - 1);
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

  private static void writeFully(FileChannel out, ByteBuffer data, long position)
      throws IOException {
    long at = position;
    while (data.hasRemaining()) {
      at += out.write(data, at);
    }
  }
}
