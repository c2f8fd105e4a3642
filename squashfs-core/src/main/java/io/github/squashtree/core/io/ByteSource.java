package io.github.squashtree.core.io;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

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

  /** A source over a file, read with positional {@link FileChannel} reads. */
  static ByteSource of(Path file) throws IOException {
    return new FileChannelSource(FileChannel.open(file, StandardOpenOption.READ));
  }

  /** A source over an open channel; closing the source closes the channel. */
  static ByteSource of(FileChannel channel) {
    return new FileChannelSource(channel);
  }

  /** A source over bytes in memory (not copied). */
  static ByteSource of(byte[] bytes) {
    return new ByteBufferSource(ByteBuffer.wrap(bytes));
  }

  /** A source over the remaining bytes of a buffer (not copied; the buffer is not modified). */
  static ByteSource of(ByteBuffer buffer) {
    return new ByteBufferSource(buffer.slice());
  }
}
