package io.github.squashtree.core.write;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/** Sequential writes to the image file, keeping track of where the next byte goes. */
final class ImageOutput {
  private final FileChannel channel;
  private long position;

  ImageOutput(FileChannel channel, long start) {
    this.channel = channel;
    this.position = start;
  }

  long position() {
    return position;
  }

  void write(byte[] bytes, int off, int len) throws IOException {
    ByteBuffer b = ByteBuffer.wrap(bytes, off, len);
    while (b.hasRemaining()) {
      position += channel.write(b, position);
    }
  }

  void writeAt(long at, ByteBuffer b) throws IOException {
    long p = at;
    while (b.hasRemaining()) {
      p += channel.write(b, p);
    }
  }
}
