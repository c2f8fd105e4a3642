package io.github.squashtree.core.write;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/** Sequential writes to the image file, keeping track of where the next byte goes. */
final class ImageOutput {
  private final FileChannel channel;
  private final Path image;
  private long position;

  /** {@code image} names the target in error messages (a full disk, an I/O error). */
  ImageOutput(FileChannel channel, long start, Path image) {
    this.channel = channel;
    this.position = start;
    this.image = image;
  }

  long position() {
    return position;
  }

  void write(byte[] bytes, int off, int len) throws IOException {
    ByteBuffer b = ByteBuffer.wrap(bytes, off, len);
    try {
      while (b.hasRemaining()) {
        position += channel.write(b, position);
      }
    } catch (IOException e) {
      throw failed(e);
    }
  }

  private IOException failed(IOException e) {
    return new IOException("writing " + image + ": " + e.getMessage(), e);
  }

  void writeAt(long at, ByteBuffer b) throws IOException {
    long p = at;
    try {
      while (b.hasRemaining()) {
        p += channel.write(b, p);
      }
    } catch (IOException e) {
      throw failed(e);
    }
  }
}
