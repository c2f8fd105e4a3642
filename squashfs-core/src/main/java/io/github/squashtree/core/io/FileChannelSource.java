package io.github.squashtree.core.io;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/** Positional reads from a file channel; safe for concurrent use. */
final class FileChannelSource implements ByteSource {
  private final FileChannel channel;

  FileChannelSource(FileChannel channel) {
    this.channel = channel;
  }

  @Override
  public long size() throws IOException {
    return channel.size();
  }

  @Override
  public void readFully(long position, byte[] dst, int off, int len) throws IOException {
    ByteBuffer buffer = ByteBuffer.wrap(dst, off, len);
    long at = position;
    while (buffer.hasRemaining()) {
      int n = channel.read(buffer, at);
      if (n < 0) {
        throw new EOFException(
            "image ends at " + at + " while reading " + len + " bytes at " + position);
      }
      at += n;
    }
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
