package io.github.squashtree.core.internal.io;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/**
 * Random-access bytes an image is read from. Reads are positional, so one source serves many
 * threads at once without shared seek state.
 */
public interface ByteSource extends Closeable {

  /** The number of bytes available. */
  long size() throws IOException;

  /**
   * Fills {@code dst[off, off+len)} from {@code position}.
   *
   * @throws java.io.EOFException if the source ends first
   */
  void readFully(long position, byte[] dst, int off, int len) throws IOException;

  /**
   * A source over a file, read with positional {@link FileChannel} reads. An interrupted reader's
   * read fails; the others go on (the source reopens the file the interrupt closed, if it is still
   * the same file).
   */
  static ByteSource of(Path file) throws IOException {
    return FileChannelSource.open(file);
  }

  /**
   * A source over an open channel; closing the source closes the channel. Interrupting a thread
   * that reads it closes the channel for every reader (Java's interruptible channels): prefer
   * {@link #of(Path)} where readers may be interrupted.
   */
  static ByteSource of(FileChannel channel) {
    return FileChannelSource.over(channel);
  }

  /** A source over bytes in memory (not copied). */
  static ByteSource of(byte[] bytes) {
    return new ByteBufferSource(ByteBuffer.wrap(bytes));
  }

  /** A source over the remaining bytes of a buffer (not copied; the buffer is not modified). */
  static ByteSource of(ByteBuffer buffer) {
    return new ByteBufferSource(buffer.slice());
  }

  /**
   * The bytes of this source from {@code offset} on, as a source of their own whose position 0 is
   * {@code offset} here; closing it closes this source.
   */
  default ByteSource from(long offset) {
    if (offset < 0) {
      throw new IllegalArgumentException("negative offset " + offset);
    }
    return offset == 0 ? this : new OffsetSource(this, offset);
  }
}
